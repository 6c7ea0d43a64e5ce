import { Neo4jError, type Driver } from 'neo4j-driver';
import type { CatalogueDocument } from '../model/index.js';
import {
  conceptBroaderLinks,
  iscoGroupRow,
  occupationRow,
  skillBroaderLinks,
  skillNeedsLinks,
  skillRow,
  type ImportOptions,
} from './catalogueWriter.js';
import { cypher } from './cypher.js';
import { databaseOf } from './driver.js';

type Row = Record<string, unknown>;

export interface EscoWriteOptions extends ImportOptions {
  /**
   * `single` (default): everything in one transaction, all or nothing even if the server
   * fails midway. `batched`: one transaction per batch, for servers whose transaction memory
   * (dbms.memory.transaction.total.max) is too small for the whole set; the input has been
   * validated before the first write either way, and a write cut short is completed by
   * importing again (every statement is idempotent).
   */
  transaction?: 'single' | 'batched';
}

/** The server refused the single transaction for lack of transaction memory. */
export class TransactionTooLargeError extends Error {
  constructor(cause: Neo4jError) {
    super(
      `the import does not fit in one transaction on this server (${cause.message}). ` +
        'Give Neo4j more heap (e.g. PATHWAYS_NEO4J_HEAP_MB=1024 for the local server, or raise ' +
        'dbms.memory.transaction.total.max), or import with --batched (one transaction per batch).',
      { cause },
    );
    this.name = 'TransactionTooLargeError';
  }
}

export interface EscoWriteResult {
  /** Catalogue version after the write. */
  version: number;
  /** Rows sent per step. */
  rows: Record<string, number>;
  /** Milliseconds per step, commit included in the last one. */
  milliseconds: Record<string, number>;
}

/**
 * Writes the ESCO part of a validated catalogue document (skills, skill groups, ISCO groups,
 * occupations, both BROADER pillars, occupation-skill and skill-skill NEEDS) in ONE
 * transaction of UNWIND batches: a failure anywhere leaves the graph as it was. Nodes are
 * MERGEd on their URI and their properties replaced; the outgoing links of every concept in
 * the document are dropped and written again, so a re-import leaves the graph identical.
 * Statements name labels on both ends (cypher/esco/), so every look-up is an index seek.
 * Concepts absent from the document are left alone (a learning outcome may still use them).
 */
export async function writeEsco(
  driver: Driver,
  doc: CatalogueDocument,
  options: EscoWriteOptions = {},
): Promise<EscoWriteResult> {
  const batchSize = options.batchSize ?? 5000;
  const props = (row: Row) => ({ id: row.id, props: row.props });
  const skills = doc.skills.filter((s) => !s.group);
  const groups = doc.skills.filter((s) => s.group);
  const isco = doc.iscoGroups ?? [];
  const owners = [
    ...doc.skills.map((s) => ({ id: s.id, label: s.group ? 'SkillGroup' : 'Skill' })),
    ...doc.occupations.map((o) => ({ id: o.id, label: 'Occupation' })),
  ];
  const steps: [string, string, Row[]][] = [
    ['skills', 'upsert-skills', skills.map(skillRow)],
    ['skill groups', 'upsert-skill-groups', groups.map(skillRow)],
    ['ISCO groups', 'upsert-isco-groups', isco.map(iscoGroupRow)],
    ['occupations', 'upsert-occupations', doc.occupations.map((o) => props(occupationRow(o)))],
    [
      'old hierarchy links',
      'clear-broader',
      [...owners, ...isco.map((g) => ({ id: g.id, label: 'IscoGroup' }))],
    ],
    ['old skill links', 'clear-needs', owners],
    ['hierarchy', 'link-broader', [...skillBroaderLinks(doc), ...conceptBroaderLinks(doc)]],
    ['skill links', 'link-needs', skillNeedsLinks(doc, true)],
  ];
  const session = driver.session(databaseOf(options));
  const batched = options.transaction === 'batched';
  // An explicit transaction, not executeWrite: retrying an out-of-memory commit only wastes
  // a minute before failing the same way.
  const single = batched ? undefined : session.beginTransaction();
  const run = async (statement: string, params: Record<string, unknown>) => {
    if (single) return single.run(cypher(statement), params);
    return session.executeWrite((tx) => tx.run(cypher(statement), params));
  };
  try {
    const rows: Record<string, number> = {};
    const milliseconds: Record<string, number> = {};
    for (const [step, statement, list] of steps) {
      const started = performance.now();
      rows[step] = list.length;
      options.onProgress?.(step, 0, list.length);
      for (let i = 0; i < list.length; i += batchSize) {
        await run(`esco/${statement}`, { rows: list.slice(i, i + batchSize) });
        options.onProgress?.(step, Math.min(i + batchSize, list.length), list.length);
      }
      milliseconds[step] = Math.round(performance.now() - started);
    }
    const started = performance.now();
    const version = await run('catalogue/bump-version', {});
    if (single) await single.commit();
    milliseconds.commit = Math.round(performance.now() - started);
    return { version: version.records[0]?.get('version') as number, rows, milliseconds };
  } catch (err) {
    if (single?.isOpen()) await single.rollback().catch(() => undefined);
    if (err instanceof Neo4jError && err.code.endsWith('MemoryPoolOutOfMemoryError'))
      throw new TransactionTooLargeError(err);
    throw err;
  } finally {
    await session.close();
  }
}

/** Waits until every index (the full-text ones included) has caught up with the data. */
export async function awaitIndexes(driver: Driver, database?: string): Promise<void> {
  await driver.executeQuery(cypher('await-indexes'), {}, databaseOf({ database }));
}
