import type { Driver } from 'neo4j-driver';
import {
  CatalogueDocumentSchema,
  ruleTreeLimitProblem,
  type CatalogueDocument,
  type RequirementNode,
} from '../model/index.js';
import { cypher } from './cypher.js';

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

/**
 * A stored rule tree the reader left out because it is over RULE_TREE_LIMITS (only a graph
 * written by an older version, or edited by hand, can hold one: every write path checks them).
 */
export interface SetAsideRule {
  credential: string;
  rule: 'awardRule' | 'entryRule';
  problem: string;
}

export interface ReadCatalogueOptions {
  /** Told about each rule set aside; defaults to a process warning (stderr). */
  warn?: (message: string) => void;
}

const warnOnStderr = (message: string) => {
  process.emitWarning(message, { code: 'PATHWAYS_RULE_SET_ASIDE' });
};

/**
 * Reads the whole catalogue back as a native document: the inverse of importCatalogue, used
 * by the projection (the engine's read model) and by export. The result is re-validated with
 * the document schema, so a graph edited by hand into an inconsistent state is reported, not
 * silently planned over.
 *
 * Neo4j reads at read-committed isolation, so a write committing during the several queries
 * of a read can leave it half old, half new (a credential deleted meanwhile even comes back
 * without properties). Every catalogue write bumps the version in its transaction, so the
 * identity (epoch and version) is read before and after: when it moved, the read is discarded
 * and made again.
 *
 * A stored rule tree over RULE_TREE_LIMITS (which no write path accepts, but an older version
 * did) would make every walk over the catalogue fail, and with it every plan and export. The
 * reader sets such a rule aside instead: the credential stays, without that rule and marked
 * not earnable (it can be held, or recognised, but no plan proposes taking or earning it
 * while its rule cannot be read), and each rule set aside is reported by `warn` and in
 * `setAside`, naming the credential. Replacing or deleting the credential clears it.
 */
export async function readCatalogue(
  driver: Driver,
  database?: string,
  options: ReadCatalogueOptions = {},
): Promise<{ doc: CatalogueDocument; setAside: SetAsideRule[] } & CatalogueIdentity> {
  for (let attempt = 1; ; attempt++) {
    try {
      const read = await readCatalogueOnce(driver, database);
      const warn = options.warn ?? warnOnStderr;
      for (const s of read.setAside)
        warn(
          `credential "${s.credential}": its stored ${s.rule} ${s.problem}; the rule is set aside and the credential is read as not earnable until it is replaced or deleted`,
        );
      return read;
    } catch (err) {
      if (!(err instanceof CatalogueChangedWhileReading) || attempt >= READ_ATTEMPTS) throw err;
    }
  }
}

/** Takes over-limit rule trees off the credentials (see readCatalogue), saying which. */
function setAsideOverLimitRules(credentials: Rec[]): SetAsideRule[] {
  const setAside: SetAsideRule[] = [];
  for (const credential of credentials)
    for (const rule of ['awardRule', 'entryRule'] as const) {
      const problem = ruleTreeLimitProblem(credential[rule]);
      if (problem === undefined) continue;
      credential[rule] = undefined;
      credential.earnable = false;
      setAside.push({ credential: credential.id as string, rule, problem });
    }
  return setAside;
}

async function readCatalogueOnce(
  driver: Driver,
  database?: string,
): Promise<{ doc: CatalogueDocument; setAside: SetAsideRule[] } & CatalogueIdentity> {
  const session = driver.session(
    database ? { database, defaultAccessMode: 'READ' } : { defaultAccessMode: 'READ' },
  );
  try {
    return await session.executeRead(async (tx) => {
      const run = async (name: string): Promise<Rec[]> =>
        (await tx.run(cypher(`catalogue/${name}`))).records.map((r) => r.toObject());
      const [identity] = await run('version');
      const version = identity?.version as number;
      const epoch = identity?.epoch as string;
      const providers = (await run('read-providers')).map((r) => compact(r.provider as Rec));
      const skills = (await run('read-skills')).map((r) => ({
        ...compact(r.skill as Rec, ['altLabelsText']),
        altLabels: (r.skill as Rec).altLabels ?? [],
        broader: (r.broader as string[]).sort(),
        ...needsOf(r.needs as Need[]),
      }));
      const occupations = (await run('read-occupations')).map((r) => {
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
      });
      const learningOutcomes = (await run('read-outcomes')).map((r) => ({
        ...compact(r.outcome as Rec),
        skills: (r.skills as { skill: string; relation: string; order: number }[])
          .sort((a, b) => a.order - b.order)
          .map(({ skill, relation }) => ({ skill, relation })),
      }));
      const iscoGroups = (await run('read-isco-groups')).map((r) => ({
        ...compact(r.group as Rec, ['altLabelsText']),
        broader: (r.broader as string[]).sort(),
      }));
      const rules = rulesByOwner(await run('read-rules'));
      const plans = new Map(
        (await run('read-credential-plans')).map((r) => {
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
      const credentials = (await run('read-credentials')).map((r) => {
        const c = compact(r.credential as Rec);
        return {
          ...c,
          ...(r.provider ? { provider: r.provider } : {}),
          learningOutcomes: byOrder(r.learningOutcomes as Ordered[]),
          corequisites: byOrder(r.corequisites as Ordered[]),
          precedes: byOrder(r.precedes as Ordered[]),
          ...rules.get(c.id as string),
          ...plans.get(c.id as string),
        };
      });
      const setAside = setAsideOverLimitRules(credentials);
      const recognitions = (await run('read-recognitions')).map((r) => ({
        from: r.from,
        to: r.to,
        ...compact(r.props as Rec),
      }));
      const learners = (await run('read-learners')).map((r) => ({
        id: r.id,
        holdings: (r.holdings as Rec[]).map((h) => compact(h)),
      }));
      const [after] = await run('version');
      if (after?.version !== version || after.epoch !== epoch)
        throw new CatalogueChangedWhileReading('the catalogue changed while it was read');
      const doc = CatalogueDocumentSchema.parse({
        providers,
        credentials,
        learningOutcomes,
        skills,
        occupations,
        ...(iscoGroups.length ? { iscoGroups } : {}),
        recognitions,
        learners,
      });
      return { doc, version, epoch, setAside };
    });
  } finally {
    await session.close();
  }
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
