import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { Credential, ruleTreeLimitProblem, type RequirementNode } from '../model/index.js';
import { cypher } from './cypher.js';
import { inTransaction } from './driver.js';
import { priorLearningOf, unflattenPolicy } from './priorLearning.js';
import {
  checkStoredCatalogue,
  setAsideMessages,
  type CheckedCatalogue,
  type RawCatalogue,
} from './storedCatalogue.js';

export type { SetAsideRecord, SetAsideRule, DroppedReference } from './storedCatalogue.js';

/**
 * Which catalogue a read model shows: `version` is bumped by every catalogue write, and
 * `epoch` (a random id) is renewed when `db clear` deletes everything, so that a catalogue
 * rebuilt after a clear never passes for the old one at the same version number. Empty until
 * the first write.
 */
export interface CatalogueIdentity {
  epoch: string;
  version: number;
}

type Rec = Record<string, unknown>;
interface Ordered {
  id: string;
  order: number;
}

const byOrder = (items: Ordered[]) => [...items].sort((a, b) => a.order - b.order).map((i) => i.id);

/** Neo4j returns absent properties as missing keys and lists as arrays; drop nulls. */
function compact(record: Rec, drop: string[] = []): Rec {
  const out: Rec = {};
  for (const [k, v] of Object.entries(record))
    if (v !== null && v !== undefined && !drop.includes(k)) out[k] = v;
  return out;
}

/** Reads tried before giving up while catalogue writes keep landing during them. */
const READ_ATTEMPTS = 5;

/** A catalogue write committed while the catalogue was being read: read it again. */
class CatalogueChangedWhileReading extends Error {}

export interface ReadCatalogueOptions {
  /** Told about each record or rule set aside; defaults to a process warning (stderr). */
  warn?: (message: string) => void;
}

/** Warnings printed one by one before the rest are counted (all are in the result). */
const WARNINGS_SHOWN = 20;

const warnOnStderr = (message: string) => {
  process.emitWarning(message, { code: 'PATHWAYS_RECORD_SET_ASIDE' });
};

export type ReadCatalogueResult = CheckedCatalogue & CatalogueIdentity;

/**
 * Reads the whole catalogue back as a native document: the inverse of importCatalogue, used
 * by the projection (the engine's read model) and by export.
 *
 * Neo4j reads at read-committed isolation, so a write committing during the several queries
 * of a read can leave it half old, half new (a credential deleted meanwhile even comes back
 * without properties). Every catalogue write bumps the version in its transaction, so the
 * identity (epoch and version) is read before and after: when it moved, the read is discarded
 * and made again.
 *
 * What was stored was validated when written, but a graph written by an older version (an id
 * with a control character, a rule tree over RULE_TREE_LIMITS) or edited by hand may hold
 * records the current schemas reject. Such a record must not make every plan, analysis and
 * export fail, so each is checked on its own (checkStoredCatalogue): a rejected record is set
 * aside, a rejected rule tree is taken off its credential (which stays, read as not earnable:
 * it can be held or recognised, but no plan proposes taking or earning it), a reference to
 * something set aside is dropped. Each is reported by `warn` and in the result, and
 * `pathways db check` lists them. Replacing or deleting the record clears it.
 */
export async function readCatalogue(
  driver: Driver,
  database?: string,
  options: ReadCatalogueOptions = {},
): Promise<ReadCatalogueResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const read = await readCatalogueOnce(driver, database);
      const warn = options.warn ?? warnOnStderr;
      const messages = setAsideMessages(read);
      for (const message of messages.slice(0, WARNINGS_SHOWN)) warn(message);
      if (messages.length > WARNINGS_SHOWN)
        warn(
          `${messages.length - WARNINGS_SHOWN} more stored records or references set aside; \`pathways db check\` lists them all`,
        );
      return read;
    } catch (err) {
      if (!(err instanceof CatalogueChangedWhileReading) || attempt >= READ_ATTEMPTS) throw err;
    }
  }
}

/** Offering nodes back in their order, without it; nothing when there are none. */
function offeringsOf(rows: Rec[] | undefined): { offerings?: Rec[] } {
  if (!rows?.length) return {};
  return {
    offerings: [...rows]
      .sort((a, b) => (a.order as number) - (b.order as number))
      .map((o) => compact(o, ['order'])),
  };
}

/** The credential records as stored, with their links, rules and plans (not yet checked). */
function credentialRecords(rows: Rec[], ruleRows: Rec[], planRows: Rec[]): Rec[] {
  const rules = rulesByOwner(ruleRows);
  const plans = new Map(
    planRows.map((r) => {
      const strict = byOrder(r.strictCorequisites as Ordered[]);
      const plan = (r.referencePlan as (Ordered & { credential: string; term: number })[])
        .sort((a, b) => a.order - b.order)
        .map(({ credential, term }) => ({ credential, term }));
      return [
        r.id as string,
        {
          ...(strict.length ? { strictCorequisites: strict } : {}),
          ...(plan.length ? { referencePlan: plan } : {}),
        },
      ];
    }),
  );
  return rows.map((r) => {
    const c = compact(r.credential as Rec);
    return {
      ...c,
      ...(r.provider ? { provider: r.provider } : {}),
      learningOutcomes: byOrder(r.learningOutcomes as Ordered[]),
      corequisites: byOrder(r.corequisites as Ordered[]),
      precedes: byOrder(r.precedes as Ordered[]),
      ...offeringsOf(r.offerings as Rec[] | undefined),
      ...rules.get(c.id as string),
      ...plans.get(c.id as string),
    };
  });
}

async function readCatalogueOnce(driver: Driver, database?: string): Promise<ReadCatalogueResult> {
  return inTransaction(
    driver,
    'read',
    async (tx) => {
      const run = async (name: string): Promise<Rec[]> =>
        (await tx.run(cypher(`catalogue/${name}`))).records.map((r) => r.toObject());
      // Sent together: Neo4j answers the next query while this process decodes the last one.
      const [
        identityRows,
        providerRows,
        skillRows,
        occupationRows,
        outcomeRows,
        iscoRows,
        ruleRows,
        planRows,
        credentialRows,
        recognitionRows,
        transferRows,
        conversionRows,
        learnerRows,
        afterRows,
      ] = await Promise.all(
        [
          'version',
          'read-providers',
          'read-skills',
          'read-occupations',
          'read-outcomes',
          'read-isco-groups',
          'read-rules',
          'read-credential-plans',
          'read-credentials',
          'read-recognitions',
          'read-transfers',
          'read-credit-conversions',
          'read-learners',
          'version',
        ].map(run),
      );
      const identity = identityRows![0];
      const after = afterRows![0];
      const version = identity?.version as number;
      const epoch = identity?.epoch as string;
      if (after?.version !== version || after.epoch !== epoch)
        throw new CatalogueChangedWhileReading('the catalogue changed while it was read');
      const raw: RawCatalogue = {
        providers: providerRows!.map((r) => unflattenPolicy(compact(r.provider as Rec))),
        skills: skillRows!.map((r) => ({
          ...compact(r.skill as Rec, ['altLabelsText']),
          altLabels: (r.skill as Rec).altLabels ?? [],
          broader: (r.broader as string[]).sort(),
          ...needsOf(r.needs as Need[]),
        })),
        occupations: occupationRows!.map((r) => {
          const needs = r.needs as { skill: string; relation: string }[];
          const broader = (r.broader as string[]).sort();
          return {
            ...compact(r.occupation as Rec, ['altLabelsText']),
            altLabels: (r.occupation as Rec).altLabels ?? [],
            ...(broader.length ? { broader } : {}),
            essentialSkills: needs
              .filter((n) => n.relation === 'essential')
              .map((n) => n.skill)
              .sort(),
            optionalSkills: needs
              .filter((n) => n.relation === 'optional')
              .map((n) => n.skill)
              .sort(),
          };
        }),
        learningOutcomes: outcomeRows!.map((r) => ({
          ...compact(r.outcome as Rec),
          skills: (r.skills as { skill: string; relation: string; order: number }[])
            .sort((a, b) => a.order - b.order)
            .map(({ skill, relation }) => ({ skill, relation })),
        })),
        iscoGroups: iscoRows!.map((r) => ({
          ...compact(r.group as Rec, ['altLabelsText']),
          broader: (r.broader as string[]).sort(),
        })),
        credentials: credentialRecords(credentialRows!, ruleRows!, planRows!),
        recognitions: [
          ...recognitionRows!.map((r) => ({ from: r.from, to: r.to, ...compact(r.props as Rec) })),
          ...transferRows!.map((r) => {
            const { rule, ...rest } = compact(r.props as Rec);
            return { from: r.from, towards: { qualification: r.qualification, rule }, ...rest };
          }),
        ],
        creditConversions: conversionRows!.map((r) => compact(r.conversion as Rec)),
        learners: learnerRows!.map((r) => ({
          id: r.id,
          holdings: (r.holdings as Rec[]).map((h) => compact(h)),
          priorLearning: priorLearningOf(r.priorLearning),
        })),
      };
      return { ...checkStoredCatalogue(raw), version, epoch };
    },
    { database },
  );
}

/**
 * Some credentials as a whole read would give them, with the identity they were read at: what
 * a projection needs to update its graph after a write it made itself (see
 * CatalogueProjection.afterWrite). `undefined` when one of them is rejected by the checks a
 * whole read makes record by record (the caller reads everything instead, which sets it
 * aside); an id not stored is simply absent.
 */
export async function readCredentials(
  driver: Driver,
  ids: string[],
  database?: string,
): Promise<({ credentials: Credential[] } & CatalogueIdentity) | undefined> {
  return inTransaction(
    driver,
    'read',
    async (tx) => {
      const [identityRows, credentials] = await Promise.all([
        tx.run(cypher('catalogue/version')),
        credentialsIn(tx, ids),
      ]);
      if (!credentials) return undefined;
      const identity = identityRows.records[0];
      return {
        credentials,
        version: identity?.get('version') as number,
        epoch: identity?.get('epoch') as string,
      };
    },
    { database },
  );
}

/**
 * Some credentials as a whole read would give them, read in the caller's transaction (see
 * readCredentials): `undefined` when one is rejected by the checks a whole read makes record
 * by record; an id not stored is simply absent.
 */
export async function credentialsIn(
  tx: ManagedTransaction,
  ids: string[],
): Promise<Credential[] | undefined> {
  const run = async (name: string): Promise<Rec[]> =>
    (await tx.run(cypher(`catalogue/${name}`), { ids })).records.map((r) => r.toObject());
  const [ruleRows, planRows, credentialRows] = await Promise.all(
    ['read-rules-of', 'read-credential-plans-of', 'read-credentials-of'].map(run),
  );
  const credentials: Credential[] = [];
  for (const record of credentialRecords(credentialRows!, ruleRows!, planRows!)) {
    if (ruleTreeLimitProblem(record.awardRule) || ruleTreeLimitProblem(record.entryRule))
      return undefined;
    const parsed = Credential.safeParse(record);
    if (!parsed.success) return undefined;
    credentials.push(parsed.data);
  }
  return credentials;
}

interface Need {
  skill: string;
  relation: string;
}
/** Essential and optional skill lists from NEEDS rows, present only when non-empty. */
function needsOf(needs: Need[]): { essentialSkills?: string[]; optionalSkills?: string[] } {
  const essential = needs.filter((n) => n.relation === 'essential').map((n) => n.skill);
  const optional = needs.filter((n) => n.relation === 'optional').map((n) => n.skill);
  return {
    ...(essential.length ? { essentialSkills: essential.sort() } : {}),
    ...(optional.length ? { optionalSkills: optional.sort() } : {}),
  };
}

/** Rebuilds authored rule trees from Requirement rows (CHILD and ACCEPTS carry the order). */
function rulesByOwner(
  rows: Rec[],
): Map<string, { awardRule?: RequirementNode; entryRule?: RequirementNode }> {
  interface Built {
    owner: string;
    rule: 'award' | 'entry';
    node: RequirementNode;
    parent?: { parent: string; order: number };
  }
  const built = new Map<string, Built>();
  for (const row of rows) {
    const r = row.rule as Rec;
    const node: RequirementNode = { op: r.op as RequirementNode['op'] };
    if (r.n !== undefined && r.n !== null) node.n = r.n as number;
    if (r.credits !== undefined && r.credits !== null) node.credits = r.credits as number;
    if (typeof r.key === 'string') node.key = r.key;
    if (typeof r.label === 'string') node.label = r.label;
    if (typeof r.designation === 'string') node.designation = r.designation;
    if (typeof r.maxShared === 'number') node.maxShared = r.maxShared;
    const accepts = byOrder(row.accepts as Ordered[]);
    if (accepts.length) node.accepts = accepts;
    built.set(r.id as string, {
      owner: r.owner as string,
      rule: r.rule as 'award' | 'entry',
      node,
      parent: (row.parent as Built['parent']) ?? undefined,
    });
  }
  const children = new Map<string, { order: number; node: RequirementNode }[]>();
  const out = new Map<string, { awardRule?: RequirementNode; entryRule?: RequirementNode }>();
  for (const b of built.values()) {
    if (b.parent) {
      const list = children.get(b.parent.parent) ?? [];
      list.push({ order: b.parent.order, node: b.node });
      children.set(b.parent.parent, list);
    } else {
      const entry = out.get(b.owner) ?? {};
      entry[b.rule === 'award' ? 'awardRule' : 'entryRule'] = b.node;
      out.set(b.owner, entry);
    }
  }
  for (const [id, list] of children) {
    const parent = built.get(id);
    if (parent) parent.node.children = list.sort((a, b) => a.order - b.order).map((c) => c.node);
  }
  return out;
}
