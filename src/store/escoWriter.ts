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
import { logChangeParameters } from './changeLog.js';
import { cypher } from './cypher.js';
import { inTransaction, withSession } from './driver.js';

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
  /**
   * Called with what the graph holds before anything is written (inside the write's own
   * transaction when it is single, so nothing can change in between); throwing stops the
   * import with nothing written.
   */
  beforeWrite?: ((stored: StoredEscoCounts) => void) | undefined;
}

const CONCEPT_KINDS = ['skills', 'skillGroups', 'occupations', 'iscoGroups'] as const;
const LINK_KINDS = ['broaderLinks', 'occupationSkillLinks', 'skillSkillLinks'] as const;

/**
 * What the graph holds of ESCO's kinds before an import: per kind of concept, how many, and
 * how many of those the download has again; per kind of link, how many, and how many belong
 * to concepts of the download (an import drops those and writes the download's instead).
 */
export interface StoredEscoCounts {
  concepts: Record<(typeof CONCEPT_KINDS)[number], { stored: number; inDownload: number }>;
  links: Record<(typeof LINK_KINDS)[number], { stored: number; replaced: number }>;
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
  const batched = options.transaction === 'batched';
  return withSession(driver, 'write', options, async (session) => {
    // An explicit transaction, not a transaction function: retrying an out-of-memory commit
    // only wastes a minute before failing the same way. Batched, each batch is one.
    const single = batched ? undefined : session.beginTransaction();
    const run = async (statement: string, params: Record<string, unknown>) => {
      if (single) return single.run(cypher(statement), params);
      return session.executeWrite((tx) => tx.run(cypher(statement), params));
    };
    try {
      if (options.beforeWrite) {
        const params = {
          skills: skills.map((s) => s.id),
          skillGroups: groups.map((s) => s.id),
          occupations: doc.occupations.map((o) => o.id),
          iscoGroups: isco.map((g) => g.id),
        };
        const result = single
          ? await single.run(cypher('esco/stored-counts'), params)
          : await session.executeRead((tx) => tx.run(cypher('esco/stored-counts'), params));
        const record = result.records[0]!;
        const n = (key: string) => record.get(key) as number;
        options.beforeWrite({
          concepts: Object.fromEntries(
            CONCEPT_KINDS.map((k) => [k, { stored: n(k), inDownload: n(`${k}Again`) }]),
          ) as StoredEscoCounts['concepts'],
          links: Object.fromEntries(
            LINK_KINDS.map((k) => [k, { stored: n(k), replaced: n(`${k}Replaced`) }]),
          ) as StoredEscoCounts['links'],
        });
      }
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
      // Concepts are not followed by the change log: a projection catching up reads everything.
      await run('catalogue/log-change', logChangeParameters({ whole: true }));
      if (single) await single.commit();
      milliseconds.commit = Math.round(performance.now() - started);
      return { version: version.records[0]?.get('version') as number, rows, milliseconds };
    } catch (err) {
      if (single?.isOpen()) await single.rollback().catch(() => undefined);
      if (err instanceof Neo4jError && err.code.endsWith('MemoryPoolOutOfMemoryError'))
        throw new TransactionTooLargeError(err);
      throw err;
    }
  });
}

/** Waits until every index (the full-text ones included) has caught up with the data. */
export async function awaitIndexes(driver: Driver, database?: string): Promise<void> {
  await inTransaction(driver, 'write', (tx) => tx.run(cypher('await-indexes')), { database });
}
