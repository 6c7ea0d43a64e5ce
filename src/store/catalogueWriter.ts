import type { Driver, ManagedTransaction } from 'neo4j-driver';
import {
  CatalogueShape,
  CatalogueValidationError,
  parseCatalogue,
  parseWith,
  type CatalogueDocument,
  type Credential,
  type IscoGroup,
  type Skill,
} from '../model/index.js';
import {
  credentialWriteIssues,
  ruleNodes,
  toRuleNode,
  type CatalogueGraph,
  type RuleNode,
} from '../graph/index.js';
import { mergeCatalogues } from '../model/merge.js';
import {
  applyDraft,
  changesNothing,
  type AppliedDraft,
  type DraftChanges,
} from '../model/draft.js';
import { readCatalogue, type CatalogueIdentity } from './catalogueReader.js';
import { documentChange, logCatalogueChange, type LoggedChange } from './changeLog.js';
import { cypher } from './cypher.js';
import { defined, inTransaction, int } from './driver.js';
import { flattenPolicy, priorLearningRow } from './priorLearning.js';

export interface ImportSummary {
  providers: number;
  credentials: number;
  qualifications: number;
  requirements: number;
  learningOutcomes: number;
  skills: number;
  occupations: number;
  recognitions: number;
  iscoGroups: number;
  learners: number;
  holdings: number;
  stacksInto: number;
  version: number;
}

export interface ImportOptions {
  database?: string | undefined;
  /** Rows per UNWIND statement. */
  batchSize?: number;
  /** Called after each batch with the step name and rows written so far. */
  onProgress?: (step: string, done: number, total: number) => void;
  /**
   * The stored catalogue, when the caller already holds it (see storedCatalogue): importing
   * many files in a row then reads the graph once instead of once per file. It is updated to
   * the catalogue as it stands after each successful import.
   */
  stored?: StoredCatalogue | undefined;
  /**
   * Write only if the catalogue is still this one (checked under the catalogue's write lock
   * in the write's transaction), else throw CatalogueMovedError: see importCredentials.
   */
  ifCatalogue?: CatalogueIdentity | undefined;
}

/** The catalogue moved on since the graph a write was validated against. */
export class CatalogueMovedError extends Error {
  constructor() {
    super('the catalogue changed since the graph the write was validated against');
    this.name = 'CatalogueMovedError';
  }
}

/** The stored catalogue, held across several imports by one caller. */
export interface StoredCatalogue {
  doc: CatalogueDocument;
}

/** Reads the stored catalogue once, for a run of imports (ImportOptions.stored). */
export async function storedCatalogue(driver: Driver, database?: string): Promise<StoredCatalogue> {
  return { doc: (await readCatalogue(driver, database)).doc };
}

type Row = Record<string, unknown>;

/**
 * Validates a whole catalogue document, and the catalogue it leaves behind (stored records
 * plus these, see mergeCatalogues), then writes it. Nothing is written unless every part is
 * valid. The write is one transaction (all batches inside it), so a failure midway leaves
 * the graph as it was; every statement MERGEs on ids and replaces the structure it owns, so
 * importing the same document again leaves the graph identical (only the catalogue version
 * moves on).
 */
export async function importCatalogue(
  driver: Driver,
  input: unknown,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  // Validated as part of the catalogue the import leaves behind, so a document may refer to
  // what is already stored and cannot contradict it.
  const stored = options.stored ?? (await storedCatalogue(driver, options.database));
  const union = mergeCatalogues(stored.doc, input);
  const whole = parseCatalogue(union.document);
  if (!whole.ok) throw new CatalogueValidationError(whole.issues.map(union.locate));
  const parsed = parseWith(CatalogueShape, input);
  if (!parsed.ok) throw new CatalogueValidationError(parsed.issues);
  const summary = await writeCatalogue(driver, parsed.value, options);
  stored.doc = whole.value;
  return summary;
}

/**
 * Adds or replaces credentials (a document of credentials only, as `PUT /v1/credentials/{id}`
 * sends) validated against `graph`, the projection of the stored catalogue, instead of the
 * whole stored document read back from Neo4j: the same problems at the same paths
 * (credentialWriteIssues), without reading 52,000 credentials on the 50k catalogue. The write
 * commits only if the catalogue is still the graph's (its transaction takes the catalogue's
 * write lock first, so no other write lands in between); when it moved on, or for a document
 * the graph cannot judge, the whole validation runs instead (importCatalogue).
 */
export async function importCredentials(
  driver: Driver,
  input: unknown,
  graph: CatalogueGraph,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const checked = credentialWriteIssues(graph, input);
  const identity = { epoch: graph.getAttribute('epoch'), version: graph.getAttribute('version') };
  if (checked?.ok)
    try {
      return await writeCatalogue(driver, checked.value, { ...options, ifCatalogue: identity });
    } catch (err) {
      if (!(err instanceof CatalogueMovedError)) throw err;
    }
  else if (checked) {
    // Rejected: only if the graph still shows the catalogue (a credential it lacks may have
    // been added since); reading the identity costs one round trip.
    const now = await readCatalogueIdentity(driver, options.database);
    if (now.version === identity.version && now.epoch === identity.epoch)
      throw new CatalogueValidationError(checked.issues);
  }
  return importCatalogue(driver, input, options);
}

/** Writes an already validated document (see importCatalogue). */
export async function writeCatalogue(
  driver: Driver,
  doc: CatalogueDocument,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const rules = doc.credentials.flatMap(ruleRows);
  const progressOnce = forwardOnly(options);
  const expected = options.ifCatalogue;
  return inTransaction(
    driver,
    'write',
    async (tx) => {
      if (expected) {
        const row = (await tx.run(cypher('catalogue/lock-identity'))).records[0];
        if (row?.get('version') !== expected.version || row.get('epoch') !== expected.epoch)
          throw new CatalogueMovedError();
      }
      return writeSteps(tx, doc, upsertSteps(doc, rules), rules, progressOnce, documentChange(doc));
    },
    options,
  );
}

/** The statements that write a document's records, in order: [label, statement, rows, parameter]. */
function upsertSteps(doc: CatalogueDocument, rules: Row[]): Step[] {
  return [
    ['providers', 'upsert-providers', doc.providers.map(providerRow), 'rows'],
    ['skills', 'upsert-skills', doc.skills.map(skillRow), 'rows'],
    [
      'skill hierarchy',
      'link-skill-broader',
      doc.skills.map((s) => ({ id: s.id, broader: s.broader })),
      'rows',
    ],
    ['occupations', 'upsert-occupations', doc.occupations.map(occupationRow), 'rows'],
    ['ISCO groups', 'esco/upsert-isco-groups', (doc.iscoGroups ?? []).map(iscoGroupRow), 'rows'],
    ['old concept links', 'esco/clear-broader', conceptLinkOwners(doc), 'rows'],
    ['old skill relations', 'esco/clear-needs', skillLinkOwners(doc), 'rows'],
    ['concept hierarchy', 'esco/link-broader', conceptBroaderLinks(doc), 'rows'],
    ['skill relations', 'esco/link-needs', skillNeedsLinks(doc), 'rows'],
    ['learning outcomes', 'upsert-outcomes', doc.learningOutcomes.map(outcomeRow), 'rows'],
    ['credentials', 'upsert-credentials', doc.credentials.map(credentialRow), 'rows'],
    ['credential links', 'link-credentials', doc.credentials.map(credentialLinks), 'rows'],
    ['credential plans', 'link-credential-plans', doc.credentials.map(credentialPlans), 'rows'],
    [
      'credential offerings',
      'link-credential-offerings',
      doc.credentials.map(credentialOfferings),
      'rows',
    ],
    ['old rules', 'delete-rules', doc.credentials.map((c) => c.id), 'ids'],
    ['rules', 'create-rules', rules, 'rows'],
    [
      'credit conversions',
      'upsert-credit-conversions',
      (doc.creditConversions ?? []).map((c) => ({ from: c.from, props: defined({ ...c }) })),
      'rows',
    ],
    [
      'recognitions',
      'upsert-recognitions',
      doc.recognitions.filter((r) => r.to !== undefined).map(recognitionRow),
      'rows',
    ],
    [
      'transfers',
      'upsert-transfers',
      doc.recognitions.filter((r) => r.towards !== undefined).map(transferRow),
      'rows',
    ],
    ['learners', 'upsert-learners', doc.learners.map(learnerRow), 'rows'],
    ['prior learning', 'learners/put-prior-learning', doc.learners.map(priorLearningRow), 'rows'],
  ];
}

type Step = [string, string, unknown[], 'rows' | 'ids'];

/**
 * Progress is reported from inside the transaction function, which the driver retries on a
 * transient failure: made once per write, outside it, this keeps each step's count moving
 * forward only, so a retried batch is not reported twice.
 */
function forwardOnly(options: ImportOptions): ImportOptions {
  const reported = new Map<string, number>();
  return {
    ...options,
    onProgress: (step, done, total) => {
      if (done <= (reported.get(step) ?? 0)) return;
      reported.set(step, done);
      options.onProgress?.(step, done, total);
    },
  };
}

/**
 * Runs a write's steps in `tx`, then derives STACKS_INTO, bumps the version and logs what
 * changed at it (changeLog.ts).
 */
async function writeSteps(
  tx: ManagedTransaction,
  doc: CatalogueDocument,
  steps: Step[],
  rules: Row[],
  options: ImportOptions,
  change: LoggedChange,
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 2000;
  for (const [step, statement, rows, param] of steps) {
    for (let i = 0; i < rows.length; i += batchSize) {
      const name = statement.includes('/') ? statement : `catalogue/${statement}`;
      await tx.run(cypher(name), { [param]: rows.slice(i, i + batchSize) });
      options.onProgress?.(step, Math.min(i + batchSize, rows.length), rows.length);
    }
  }
  {
    // A write of credentials only re-derives the links touching them (on the 50k catalogue
    // the whole derivation is most of a one-credential write's time).
    if (!change.whole)
      await tx.run(cypher('catalogue/derive-stacks-into-of'), { ids: change.written });
    const derived = await tx.run(
      cypher(change.whole ? 'catalogue/derive-stacks-into' : 'catalogue/count-stacks-into'),
    );
    const version = await tx.run(cypher('catalogue/bump-version'));
    await logCatalogueChange(tx, change);
    return {
      providers: doc.providers.length,
      credentials: doc.credentials.length,
      qualifications: doc.credentials.filter((c) => c.qualification).length,
      requirements: rules.length,
      learningOutcomes: doc.learningOutcomes.length,
      skills: doc.skills.length,
      occupations: doc.occupations.length,
      recognitions: doc.recognitions.length,
      iscoGroups: doc.iscoGroups?.length ?? 0,
      learners: doc.learners.length,
      holdings: doc.learners.reduce((n, l) => n + l.holdings.length, 0),
      stacksInto: derived.records[0]?.get('derived') as number,
      version: version.records[0]?.get('version') as number,
    };
  }
}

/** A provider's properties; its policy is flattened (Neo4j properties hold no maps). */
const providerRow = (p: CatalogueDocument['providers'][number]): Row => {
  const { priorLearningPolicy, ...rest } = p;
  return { id: p.id, props: defined({ ...rest, ...flattenPolicy(priorLearningPolicy) }) };
};

/** Node properties of a skill or skill group (links are written separately). */
export const skillRow = (s: CatalogueDocument['skills'][number]): Row => {
  const {
    broader: _broader,
    essentialSkills: _essential,
    optionalSkills: _optional,
    group,
    ...rest
  } = s;
  return {
    id: s.id,
    group,
    // altLabelsText feeds the full-text index, which indexes strings.
    props: defined({ ...rest, altLabelsText: rest.altLabels.join('\n') }),
  };
};

/** Node properties of an occupation, plus its NEEDS rows for the native writer. */
export const occupationRow = (o: CatalogueDocument['occupations'][number]): Row => {
  const { essentialSkills, optionalSkills, broader: _broader, ...rest } = o;
  return {
    id: o.id,
    props: defined({ ...rest, altLabelsText: rest.altLabels.join('\n') }),
    needs: [
      ...essentialSkills.map((skill) => ({ skill, relation: 'essential' })),
      ...optionalSkills.map((skill) => ({ skill, relation: 'optional' })),
    ],
  };
};

/** Node properties of an ISCO group. */
export const iscoGroupRow = (g: IscoGroup): Row => {
  const { broader: _broader, ...rest } = g;
  return { id: g.id, props: defined({ ...rest, altLabelsText: rest.altLabels.join('\n') }) };
};

const skillLabel = (s: Skill) => (s.group ? 'SkillGroup' : 'Skill');

/** Concepts whose outgoing BROADER links the document owns (skills are handled by link-skill-broader). */
const conceptLinkOwners = (doc: CatalogueDocument): Row[] => [
  ...doc.occupations.map((o) => ({ id: o.id, label: 'Occupation' })),
  ...(doc.iscoGroups ?? []).map((g) => ({ id: g.id, label: 'IscoGroup' })),
];

/** Skills whose outgoing skill-skill NEEDS links the document owns. */
const skillLinkOwners = (doc: CatalogueDocument): Row[] =>
  doc.skills.map((s) => ({ id: s.id, label: skillLabel(s) }));

const unique = (ids: readonly string[]): string[] => [...new Set(ids)];

/** BROADER rows of the occupation pillar, each naming the labels of both ends. */
export function conceptBroaderLinks(doc: CatalogueDocument): Row[] {
  const iscoIds = new Set((doc.iscoGroups ?? []).map((g) => g.id));
  const kindOf = (id: string) => (iscoIds.has(id) ? 'IscoGroup' : 'Occupation');
  return [
    ...doc.occupations.flatMap((o) =>
      unique(o.broader ?? []).map((to) => ({ kind: `Occupation>${kindOf(to)}`, from: o.id, to })),
    ),
    ...(doc.iscoGroups ?? []).flatMap((g) =>
      unique(g.broader).map((to) => ({ kind: 'IscoGroup>IscoGroup', from: g.id, to })),
    ),
  ];
}

/** BROADER rows of the skill pillar, each naming the labels of both ends. */
export function skillBroaderLinks(doc: CatalogueDocument): Row[] {
  const groups = new Set(doc.skills.filter((s) => s.group).map((s) => s.id));
  const label = (id: string) => (groups.has(id) ? 'SkillGroup' : 'Skill');
  return doc.skills.flatMap((s) =>
    unique(s.broader).map((to) => ({ kind: `${label(s.id)}>${label(to)}`, from: s.id, to })),
  );
}

/** NEEDS rows: skill-skill relations (occupation-skill ones too when `occupations` is set). */
export function skillNeedsLinks(doc: CatalogueDocument, occupations = false): Row[] {
  const groups = new Set(doc.skills.filter((s) => s.group).map((s) => s.id));
  const label = (id: string) => (groups.has(id) ? 'SkillGroup' : 'Skill');
  const rows = (
    from: string,
    fromLabel: string,
    o: { essentialSkills?: string[] | undefined; optionalSkills?: string[] | undefined },
  ) => {
    // A skill listed as both essential and optional keeps the essential link only.
    const essential = unique(o.essentialSkills ?? []);
    const optional = unique(o.optionalSkills ?? []).filter((x) => !essential.includes(x));
    return [
      ...essential.map((to) => ({
        kind: `${fromLabel}>${label(to)}`,
        from,
        to,
        relation: 'essential',
      })),
      ...optional.map((to) => ({
        kind: `${fromLabel}>${label(to)}`,
        from,
        to,
        relation: 'optional',
      })),
    ];
  };
  return [
    ...doc.skills.flatMap((s) => rows(s.id, skillLabel(s), s)),
    ...(occupations ? doc.occupations.flatMap((o) => rows(o.id, 'Occupation', o)) : []),
  ];
}

const outcomeRow = (lo: CatalogueDocument['learningOutcomes'][number]): Row => {
  const { skills, eqfLevel, ...rest } = lo;
  return {
    id: lo.id,
    props: defined({ ...rest, eqfLevel: eqfLevel === undefined ? undefined : int(eqfLevel) }),
    skills: skills.map((s, i) => ({ skill: s.skill, relation: s.relation, order: int(i) })),
  };
};

function credentialRow(c: Credential): Row {
  const {
    learningOutcomes: _lo,
    awardRule: _a,
    entryRule: _e,
    corequisites: _c,
    strictCorequisites: _s,
    referencePlan: _plan,
    precedes: _p,
    offerings: _o,
    qualification,
    eqfLevel,
    validityMonths,
    ...rest
  } = c;
  return {
    id: c.id,
    qualification,
    props: defined({
      ...rest,
      eqfLevel: eqfLevel === undefined ? undefined : int(eqfLevel),
      validityMonths: validityMonths === undefined ? undefined : int(validityMonths),
    }),
  };
}

const credentialLinks = (c: Credential): Row => ({
  id: c.id,
  provider: c.provider ?? null,
  learningOutcomes: c.learningOutcomes,
  corequisites: c.corequisites,
  precedes: c.precedes,
});

const credentialPlans = (c: Credential): Row => ({
  id: c.id,
  strictCorequisites: c.strictCorequisites ?? [],
  referencePlan: (c.referencePlan ?? []).map((p) => ({
    credential: p.credential,
    term: int(p.term),
  })),
});

/** Offering node properties, in order (absent fields left out; durations as integers). */
const credentialOfferings = (c: Credential): Row => ({
  id: c.id,
  offerings: (c.offerings ?? []).map((o) =>
    defined({
      ...o,
      durationWeeks: o.durationWeeks === undefined ? undefined : int(o.durationWeeks),
      durationMonths: o.durationMonths === undefined ? undefined : int(o.durationMonths),
    }),
  ),
});

function ruleRows(c: Credential): Row[] {
  const rows: Row[] = [];
  const add = (rule: 'award' | 'entry', root: RuleNode) => {
    const parents = new Map<string, { parent: string; order: number }>();
    for (const node of ruleNodes(root)) {
      node.children.forEach((child, order) => parents.set(child.id, { parent: node.id, order }));
      const link = parents.get(node.id);
      rows.push({
        id: node.id,
        owner: c.id,
        rule,
        parent: link?.parent ?? null,
        order: link ? int(link.order) : null,
        accepts: node.accepts,
        props: defined({
          id: node.id,
          owner: c.id,
          rule,
          op: node.op,
          n: node.op === 'N_OF' ? int(node.n) : undefined,
          credits: node.op === 'MIN_CREDITS' ? node.credits : undefined,
          key: node.key,
          label: node.label,
          designation: node.designation,
          maxShared: node.maxShared > 0 ? int(node.maxShared) : undefined,
        }),
      });
    }
  };
  if (c.awardRule) add('award', toRuleNode(c.id, 'award', c.awardRule));
  if (c.entryRule) add('entry', toRuleNode(c.id, 'entry', c.entryRule));
  return rows;
}

const recognitionRow = (r: CatalogueDocument['recognitions'][number]): Row => {
  const { from, to, ...rest } = r;
  return { from, to, props: defined(rest) };
};

/** A partial transfer as a TRANSFERS_TO relationship: its rule key is a property. */
const transferRow = (r: CatalogueDocument['recognitions'][number]): Row => {
  const { from, towards, ...rest } = r;
  return {
    from,
    qualification: towards!.qualification,
    rule: towards!.rule,
    props: defined({ rule: towards!.rule, ...rest }),
  };
};

const learnerRow = (l: CatalogueDocument['learners'][number]): Row => ({
  id: l.id,
  holdings: l.holdings.map((h) => {
    const { credential, ...rest } = h;
    return { credential, props: defined(rest) };
  }),
});

/** What applying a draft did. */
export interface DraftApplied {
  /** False when the draft changed nothing (applied before): nothing written, version kept. */
  written: boolean;
  changes: DraftChanges;
  version: number;
}

/**
 * Applies a catalogue draft (model/draft.ts) through the import's validated write path: the
 * catalogue it leaves is validated first (every problem at its path in the draft, nothing
 * written), then its removals and its records are written in one transaction that derives
 * STACKS_INTO and bumps the version. Only what changes is written, and a draft that changes
 * nothing (applied before) writes nothing at all, so applying twice is idempotent.
 */
export async function applyCatalogueDraft(
  driver: Driver,
  input: unknown,
  options: ImportOptions = {},
): Promise<DraftApplied> {
  const stored = options.stored ?? (await storedCatalogue(driver, options.database));
  const result = applyDraft(stored.doc, input);
  if (!result.ok) throw new CatalogueValidationError(result.issues);
  const { effective, changes } = result.value;
  if (changesNothing(changes)) {
    const { version } = await readCatalogueIdentity(driver, options.database);
    return { written: false, changes, version };
  }
  const doc = draftRecords(result.value);
  const rules = doc.credentials.flatMap(ruleRows);
  const progressOnce = forwardOnly(options);
  const removal: Step[] = [
    [
      'removed recognitions',
      'delete-recognitions',
      effective.remove.recognitions.map((r) => ({ from: r.from, to: r.to })),
      'rows',
    ],
    ['removed rules', 'delete-rules', effective.remove.credentials, 'ids'],
    ['removed credentials', 'delete-credentials', effective.remove.credentials, 'ids'],
    ['removed outcomes', 'delete-outcomes', effective.remove.learningOutcomes, 'ids'],
    ['removed providers', 'delete-providers', effective.remove.providers, 'ids'],
  ];
  const summary = await inTransaction(
    driver,
    'write',
    (tx) =>
      writeSteps(
        tx,
        doc,
        [...removal, ...upsertSteps(doc, rules)],
        rules,
        progressOnce,
        documentChange(doc, {
          credentials: effective.remove.credentials,
          others:
            effective.remove.recognitions.length +
            effective.remove.learningOutcomes.length +
            effective.remove.providers.length,
        }),
      ),
    options,
  );
  stored.doc = result.value.document;
  return { written: true, changes, version: summary.version };
}

/** The records a draft writes, as a catalogue document (the union's validated versions). */
function draftRecords({ effective }: AppliedDraft): CatalogueDocument {
  return {
    format: 'pathways-catalogue/1',
    providers: effective.providers,
    credentials: effective.credentials,
    learningOutcomes: effective.learningOutcomes,
    skills: effective.skills,
    occupations: effective.occupations,
    recognitions: effective.recognitions,
    learners: [],
  };
}

async function readCatalogueIdentity(driver: Driver, database?: string) {
  const result = await inTransaction(driver, 'read', (tx) => tx.run(cypher('catalogue/version')), {
    database,
  });
  return {
    version: (result.records[0]?.get('version') as number | null) ?? 0,
    epoch: (result.records[0]?.get('epoch') as string | null) ?? '',
  };
}
