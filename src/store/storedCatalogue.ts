import type { z } from 'zod';
import {
  CATALOGUE_FORMAT,
  catalogueReferenceIssues,
  Credential,
  IscoGroup,
  Learner,
  LearningOutcome,
  Occupation,
  printableId,
  printableText,
  Provider,
  Recognition,
  recognitionLabel,
  CreditConversion,
  ruleTreeLimitProblem,
  Skill,
  type CatalogueDocument,
  type CatalogueIssue,
} from '../model/index.js';

/**
 * Checks a catalogue read back from the store record by record, and sets aside what the
 * current schemas reject instead of failing the whole read (see readCatalogue). Pure: the
 * reader hands it the records as Neo4j returned them.
 */

type Rec = Record<string, unknown>;

/** The records of a catalogue as read from the store, before any check. */
export interface RawCatalogue {
  providers: Rec[];
  credentials: Rec[];
  learningOutcomes: Rec[];
  skills: Rec[];
  occupations: Rec[];
  iscoGroups: Rec[];
  recognitions: Rec[];
  creditConversions: Rec[];
  learners: Rec[];
}

/**
 * A stored rule tree the reader left out: over RULE_TREE_LIMITS, rejected by the rule
 * schema, accepting something set aside, or closing a dependency cycle. The credential stays,
 * without that rule and read as not earnable.
 */
export interface SetAsideRule {
  credential: string;
  rule: 'awardRule' | 'entryRule';
  problem: string;
}

/** A stored record the reader left out whole, because the current schemas reject it. */
export interface SetAsideRecord {
  kind: RecordKind;
  /** The id as stored (a recognition: "from -> to"); print it with printableId. */
  id: string;
  reason: string;
}

/** A reference the reader dropped because what it names was set aside or is missing. */
export interface DroppedReference {
  kind: RecordKind;
  id: string;
  /** Where, relative to the record (e.g. `corequisites[2]`). */
  field: string;
  reason: string;
}

export type RecordKind =
  | 'provider'
  | 'credential'
  | 'learning outcome'
  | 'skill'
  | 'occupation'
  | 'ISCO group'
  | 'recognition'
  | 'credit conversion'
  | 'learner';

export interface CheckedCatalogue {
  doc: CatalogueDocument;
  setAside: SetAsideRule[];
  setAsideRecords: SetAsideRecord[];
  droppedReferences: DroppedReference[];
}

type Collection = Exclude<keyof CatalogueDocument, 'format' | 'name'>;

const COLLECTIONS: [Collection, RecordKind, z.ZodType][] = [
  ['providers', 'provider', Provider],
  ['credentials', 'credential', Credential],
  ['learningOutcomes', 'learning outcome', LearningOutcome],
  ['skills', 'skill', Skill],
  ['occupations', 'occupation', Occupation],
  ['iscoGroups', 'ISCO group', IscoGroup],
  ['recognitions', 'recognition', Recognition],
  ['creditConversions', 'credit conversion', CreditConversion],
  ['learners', 'learner', Learner],
];

const RULES = ['awardRule', 'entryRule'] as const;

/** The lists of references each kind of record holds (entries that can be dropped). */
const LISTS: Partial<Record<Collection, string[]>> = {
  credentials: [
    'learningOutcomes',
    'corequisites',
    'strictCorequisites',
    'precedes',
    'referencePlan',
  ],
  learningOutcomes: ['skills'],
  skills: ['broader', 'essentialSkills', 'optionalSkills'],
  occupations: ['broader', 'essentialSkills', 'optionalSkills'],
  iscoGroups: ['broader'],
  learners: ['holdings'],
};

const idOf = (collection: Collection, record: Rec): string =>
  collection === 'recognitions'
    ? recognitionLabel(record as Parameters<typeof recognitionLabel>[0])
    : typeof record.id === 'string'
      ? record.id
      : String(record.id);

const pathText = (path: readonly PropertyKey[]): string => {
  let out = '';
  for (const key of path)
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out;
};

const issueText = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) =>
  issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${pathText(i.path)}: ${i.message}` : i.message))
    .join('; ') + (issues.length > 3 ? ` (and ${issues.length - 3} more)` : '');

/**
 * Each record against its schema (so whatever the current version would refuse to write is
 * caught, e.g. an id with a control or bidirectional-override character written by an older
 * version), then the document's references, duplicates and cycles (catalogueReferenceIssues,
 * the same check every write makes). Nothing is thrown: a rejected record is set aside whole,
 * a rejected rule tree is taken off its credential, and a reference to something set aside or
 * missing is dropped, each reported. Costs a fraction of parsing the whole document with its
 * refinement, which the reader did before; stored data was validated when written, so in the
 * usual case nothing is set aside.
 */
export function checkStoredCatalogue(raw: RawCatalogue): CheckedCatalogue {
  const setAside: SetAsideRule[] = [];
  const setAsideRecords: SetAsideRecord[] = [];
  const droppedReferences: DroppedReference[] = [];
  const takeRule = (credential: Rec, rule: 'awardRule' | 'entryRule', problem: string) => {
    credential[rule] = undefined;
    credential.earnable = false;
    setAside.push({ credential: String(credential.id), rule, problem });
  };

  // Over-limit trees first: walking them recursively (the schema) could overflow the stack.
  for (const credential of raw.credentials)
    for (const rule of RULES) {
      const problem = ruleTreeLimitProblem(credential[rule]);
      if (problem !== undefined) takeRule(credential, rule, problem);
    }

  // Keys in the document schema's order, as a parse of the whole document gave them.
  const doc = { format: CATALOGUE_FORMAT } as CatalogueDocument;
  for (const [collection, kind, schema] of COLLECTIONS) {
    const kept: unknown[] = [];
    for (const record of raw[collection]) {
      let parsed = schema.safeParse(record);
      // Rejected only for entries of its lists (a reference to an id no longer accepted) or
      // for its rule trees, a record keeps the rest: the entries are dropped, the rules taken.
      const issues = parsed.error?.issues ?? [];
      const lists = LISTS[collection] ?? [];
      const inList = (path: readonly PropertyKey[]) =>
        lists.includes(path[0] as string) && typeof path[1] === 'number';
      const inRule = (path: readonly PropertyKey[]) =>
        collection === 'credentials' && RULES.includes(path[0] as never);
      if (issues.length && issues.every((i) => inList(i.path) || inRule(i.path))) {
        for (const rule of RULES) {
          const about = issues.filter((i) => inRule(i.path) && i.path[0] === rule);
          if (about.length)
            takeRule(
              record,
              rule,
              `is rejected: ${issueText(about.map((i) => ({ ...i, path: i.path.slice(1) })))}`,
            );
        }
        const drop = new Map<string, Set<number>>();
        for (const i of issues.filter((i) => inList(i.path))) {
          const [field, entry] = i.path as [string, number];
          drop.set(field, (drop.get(field) ?? new Set()).add(entry));
          droppedReferences.push({
            kind,
            id: idOf(collection, record),
            field: pathText(i.path),
            reason: i.message,
          });
        }
        for (const [field, entries] of drop)
          record[field] = (record[field] as unknown[]).filter((_, k) => !entries.has(k));
        parsed = schema.safeParse(record);
      }
      if (parsed.success) kept.push(parsed.data);
      else
        setAsideRecords.push({
          kind,
          id: idOf(collection, record),
          reason: issueText(parsed.error.issues),
        });
    }
    if ((collection !== 'iscoGroups' && collection !== 'creditConversions') || kept.length)
      (doc as Rec)[collection] = kept;
  }

  // References, duplicates and cycles: each issue costs only what it is about. Setting a
  // record aside can leave references to it dangling, so check again until nothing is found
  // (every round removes something, so this ends; clean data takes one round).
  for (let issues = catalogueReferenceIssues(doc); issues.length;) {
    resolveIssues(doc, issues, { takeRule, setAsideRecords, droppedReferences });
    issues = catalogueReferenceIssues(doc);
  }
  return { doc, setAside, setAsideRecords, droppedReferences };
}

function resolveIssues(
  doc: CatalogueDocument,
  issues: CatalogueIssue[],
  out: {
    takeRule: (credential: Rec, rule: 'awardRule' | 'entryRule', problem: string) => void;
    setAsideRecords: SetAsideRecord[];
    droppedReferences: DroppedReference[];
  },
): void {
  const kindOf = new Map(COLLECTIONS.map(([c, k]) => [c, k]));
  const removeRecords = new Map<Collection, Set<number>>();
  const dropEntries = new Map<Rec, Map<string, Set<number>>>();
  const rulesTaken = new Set<string>();
  for (const issue of issues) {
    const [collection, index, field, entry] = issue.path as [Collection, number, string?, unknown?];
    const records = doc[collection] as Rec[] | undefined;
    const record = records?.[index];
    if (!record) continue;
    const kind = kindOf.get(collection)!;
    const id = idOf(collection, record);
    if (collection === 'credentials' && (field === 'awardRule' || field === 'entryRule')) {
      const key = `${index}\u0000${field}`;
      if (record[field] && !rulesTaken.has(key)) {
        rulesTaken.add(key);
        out.takeRule(record, field, `is not usable: ${issue.message}`);
      }
    } else if (collection === 'credentials' && field === 'provider') {
      delete record.provider;
      out.droppedReferences.push({ kind, id, field, reason: issue.message });
    } else if (
      field !== undefined &&
      typeof entry === 'number' &&
      LISTS[collection]?.includes(field)
    ) {
      const fields = dropEntries.get(record) ?? new Map<string, Set<number>>();
      dropEntries.set(record, fields);
      fields.set(field, (fields.get(field) ?? new Set()).add(entry));
      out.droppedReferences.push({ kind, id, field: `${field}[${entry}]`, reason: issue.message });
    } else {
      // Duplicates, a recognition of an unknown credential, anything else: the whole record.
      const set = removeRecords.get(collection) ?? new Set<number>();
      if (!set.has(index))
        out.setAsideRecords.push({
          kind,
          id,
          reason: field ? `${pathText(issue.path.slice(2))}: ${issue.message}` : issue.message,
        });
      removeRecords.set(collection, set.add(index));
    }
  }
  for (const [record, fields] of dropEntries)
    for (const [field, indexes] of fields)
      record[field] = (record[field] as unknown[]).filter((_, i) => !indexes.has(i));
  for (const [collection, indexes] of removeRecords)
    (doc as Rec)[collection] = (doc[collection] as unknown[]).filter((_, i) => !indexes.has(i));
}

/** One line per thing set aside or dropped, for warnings and `pathways db check`. */
export function setAsideMessages(checked: Omit<CheckedCatalogue, 'doc'>): string[] {
  return [
    ...checked.setAsideRecords.map(
      (r) =>
        `${r.kind} ${printableId(r.id)} is set aside (${printableText(r.reason)}); everything else is read without it until it is repaired or deleted`,
    ),
    ...checked.setAside.map(
      (s) =>
        `credential ${printableId(s.credential)}: its stored ${s.rule} ${printableText(s.problem)}; the rule is set aside and the credential is read as not earnable until it is replaced or deleted`,
    ),
    ...checked.droppedReferences.map(
      (d) => `${d.kind} ${printableId(d.id)}: ${d.field} is dropped (${printableText(d.reason)})`,
    ),
  ];
}
