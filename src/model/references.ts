import type { z } from 'zod';
import { searchCycles } from '../algorithms/cycles.js';
import { transferSlotId, type CatalogueDocument, type Credential } from './catalogue.js';
import type { RequirementNode } from './requirement.js';

/** One problem found in a document: where (a JSON path) and why. */
export interface CatalogueIssue {
  path: (string | number)[];
  message: string;
}

type Path = (string | number)[];

/**
 * A problem with a stored record, which the incoming document does not contain but makes
 * invalid: named by its collection and its id (a recognition by its ends).
 */
export const storedIssue = (
  collection: string,
  label: string,
  message: string,
): CatalogueIssue => ({
  path: [],
  message: `with the stored catalogue: ${collection} "${label}": ${message}`,
});

/** Visits every node of a rule tree with its JSON path. */
export function walkRequirement(
  node: RequirementNode,
  path: Path,
  visit: (node: RequirementNode, path: Path) => void,
): void {
  visit(node, path);
  node.children?.forEach((child, i) => {
    walkRequirement(child, [...path, 'children', i], visit);
  });
}

/** Every id a rule tree accepts, anywhere in the tree. */
export function acceptedIds(node: RequirementNode): string[] {
  const ids: string[] = [];
  walkRequirement(node, [], (n) => ids.push(...(n.accepts ?? [])));
  return ids;
}

/** Which ids a catalogue knows, by kind (a document's own, or a graph's with a write's). */
export interface KnownIds {
  credential: (id: string) => boolean;
  outcome: (id: string) => boolean;
}

/**
 * The problems of a credential's rule trees: an accepted id the catalogue lacks (a
 * MIN_CREDITS rule counts credentials only), a rule requiring its own credential, and a rule
 * key named twice in the credential (a partial transfer names its rule by key). Shared by the
 * whole validation and the graph's check of a credential write (graph/credentialChecks.ts).
 */
export function ruleTreeIssues(c: Credential, at: Path, known: KnownIds): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const ruleKeys = new Set<string>();
  for (const key of ['awardRule', 'entryRule'] as const) {
    const rule = c[key];
    if (!rule) continue;
    walkRequirement(rule, [...at, key], (node, path) => {
      if (node.key !== undefined) {
        if (ruleKeys.has(node.key))
          issues.push({
            path: [...path, 'key'],
            message: `"${node.key}" names another rule node of this credential already`,
          });
        ruleKeys.add(node.key);
      }
      node.accepts?.forEach((id, j) => {
        const p = [...path, 'accepts', j];
        if (node.op === 'MIN_CREDITS') {
          if (!known.credential(id))
            issues.push({ path: p, message: `unknown credential in a MIN_CREDITS rule "${id}"` });
        } else if (!known.credential(id) && !known.outcome(id))
          issues.push({ path: p, message: `unknown credential or learning outcome "${id}"` });
        if (id === c.id) issues.push({ path: p, message: `a credential cannot require itself` });
      });
    });
  }
  return issues;
}

/**
 * Why a partial transfer cannot credit the rule keyed `rule` of the qualification `q`: it has
 * no award rule, no node with that key, or the node does not count credits. The field of the
 * recognition's `towards` at fault, and the message; undefined when it can.
 */
export function transferTargetIssue(
  q: Pick<Credential, 'id' | 'awardRule'>,
  rule: string,
): { field: 'qualification' | 'rule'; message: string } | undefined {
  if (!q.awardRule)
    return {
      field: 'qualification',
      message: `"${q.id}" has no award rule to grant credits towards`,
    };
  let found: RequirementNode | undefined;
  walkRequirement(q.awardRule, [], (node) => {
    if (node.key === rule) found = node;
  });
  if (!found)
    return { field: 'rule', message: `"${q.id}" has no award-rule node with key "${rule}"` };
  if (found.op !== 'MIN_CREDITS')
    return {
      field: 'rule',
      message: `the rule "${rule}" of "${q.id}" is ${found.op}: credits can only be granted towards a MIN_CREDITS rule`,
    };
  return undefined;
}

/**
 * Checks what a schema cannot see on one object: duplicate ids, references to things that
 * are not in the document, and circular dependencies (a credential that must be held before
 * itself, through entry rules or award rules). Returns every issue, not the first.
 */
export function catalogueReferenceIssues(doc: CatalogueDocument): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  const indexOf = (items: readonly { id: string }[], collection: string) => {
    const ids = new Map<string, number>();
    items.forEach((item, i) => {
      if (ids.has(item.id)) {
        issues.push({
          path: [collection, i, 'id'],
          message: `duplicate id "${item.id}" (first at ${collection}[${ids.get(item.id)}])`,
        });
      } else ids.set(item.id, i);
    });
    return ids;
  };
  const providers = indexOf(doc.providers, 'providers');
  const credentials = indexOf(doc.credentials, 'credentials');
  const outcomes = indexOf(doc.learningOutcomes, 'learningOutcomes');
  const skills = indexOf(doc.skills, 'skills');
  const occupations = indexOf(doc.occupations, 'occupations');
  const iscoGroups = indexOf(doc.iscoGroups ?? [], 'iscoGroups');
  indexOf(doc.learners, 'learners');

  // One namespace for every node of the catalogue graph (the engine keys its nodes by id).
  const kinds: [string, string, readonly { id: string }[]][] = [
    ['providers', 'provider', doc.providers],
    ['credentials', 'credential', doc.credentials],
    ['learningOutcomes', 'learning outcome', doc.learningOutcomes],
    ['skills', 'skill', doc.skills],
    ['occupations', 'occupation', doc.occupations],
  ];
  const kindOf = new Map<string, string>();
  for (const [collection, singular, items] of kinds)
    items.forEach((item, i) => {
      const first = kindOf.get(item.id);
      if (first === undefined) kindOf.set(item.id, singular);
      else if (first !== singular)
        issues.push({
          path: [collection, i, 'id'],
          message: `"${item.id}" is also a ${first} id; ids must be unique across the catalogue`,
        });
    });

  doc.learningOutcomes.forEach((lo, i) => {
    lo.skills.forEach((s, j) => {
      if (!skills.has(s.skill))
        issues.push({
          path: ['learningOutcomes', i, 'skills', j, 'skill'],
          message: `unknown skill "${s.skill}"`,
        });
    });
  });

  const needCredential = (id: string, path: Path, what = 'credential') => {
    if (!credentials.has(id)) issues.push({ path, message: `unknown ${what} "${id}"` });
  };

  doc.credentials.forEach((c, i) => {
    const at = ['credentials', i];
    if (c.provider !== undefined && !providers.has(c.provider)) {
      issues.push({ path: [...at, 'provider'], message: `unknown provider "${c.provider}"` });
    }
    c.learningOutcomes.forEach((lo, j) => {
      if (!outcomes.has(lo))
        issues.push({
          path: [...at, 'learningOutcomes', j],
          message: `unknown learning outcome "${lo}"`,
        });
    });
    for (const key of ['corequisites', 'strictCorequisites', 'precedes'] as const) {
      (c[key] ?? []).forEach((id, j) => {
        needCredential(id, [...at, key, j]);
        if (id === c.id) issues.push({ path: [...at, key, j], message: 'refers to itself' });
      });
    }
    c.referencePlan?.forEach((p, j) => {
      needCredential(p.credential, [...at, 'referencePlan', j, 'credential']);
    });
    if (c.earnable === true && c.awardRule && c.kind === 'qualification') {
      // Allowed (e.g. a qualification also open to direct assessment), nothing to check.
    }
    issues.push(
      ...ruleTreeIssues(c, at, {
        credential: (id) => credentials.has(id),
        outcome: (id) => outcomes.has(id),
      }),
    );
  });

  doc.skills.forEach((s, i) => {
    s.broader.forEach((b, j) => {
      if (!skills.has(b))
        issues.push({ path: ['skills', i, 'broader', j], message: `unknown skill "${b}"` });
    });
    for (const key of ['essentialSkills', 'optionalSkills'] as const) {
      (s[key] ?? []).forEach((t, j) => {
        if (!skills.has(t))
          issues.push({ path: ['skills', i, key, j], message: `unknown skill "${t}"` });
        if (t === s.id) issues.push({ path: ['skills', i, key, j], message: 'refers to itself' });
      });
    }
  });
  doc.occupations.forEach((o, i) => {
    for (const key of ['essentialSkills', 'optionalSkills'] as const) {
      o[key].forEach((s, j) => {
        if (!skills.has(s))
          issues.push({ path: ['occupations', i, key, j], message: `unknown skill "${s}"` });
      });
    }
    (o.broader ?? []).forEach((b, j) => {
      if (!occupations.has(b) && !iscoGroups.has(b))
        issues.push({
          path: ['occupations', i, 'broader', j],
          message: `unknown occupation or ISCO group "${b}"`,
        });
    });
  });
  (doc.iscoGroups ?? []).forEach((g, i) => {
    g.broader.forEach((b, j) => {
      if (!iscoGroups.has(b))
        issues.push({
          path: ['iscoGroups', i, 'broader', j],
          message: `unknown ISCO group "${b}"`,
        });
    });
  });
  const conversions = new Map<string, number>();
  (doc.creditConversions ?? []).forEach((c, i) => {
    const first = conversions.get(c.from);
    if (first !== undefined)
      issues.push({
        path: ['creditConversions', i, 'from'],
        message: `"${c.from}" is converted already (creditConversions[${first}])`,
      });
    else conversions.set(c.from, i);
  });
  const byCredential = new Map(doc.credentials.map((c) => [c.id, c]));
  const transferSlots = new Map<string, number>();
  doc.recognitions.forEach((r, i) => {
    needCredential(r.from, ['recognitions', i, 'from']);
    if (r.to !== undefined) needCredential(r.to, ['recognitions', i, 'to']);
    if (r.from === r.to)
      issues.push({ path: ['recognitions', i, 'to'], message: 'recognises itself' });
    if (r.towards) {
      const at = ['recognitions', i, 'towards'];
      const q = byCredential.get(r.towards.qualification);
      if (!q) needCredential(r.towards.qualification, [...at, 'qualification']);
      else {
        const problem = transferTargetIssue(q, r.towards.rule);
        if (problem) issues.push({ path: [...at, problem.field], message: problem.message });
      }
      if (r.from === r.towards.qualification)
        issues.push({ path: [...at, 'qualification'], message: 'grants credits towards itself' });
      // The transfer is a node of the catalogue graph, keyed by this id.
      const slot = transferSlotId(r.from, r.towards.qualification, r.towards.rule);
      const first = transferSlots.get(slot);
      if (first !== undefined)
        issues.push({
          path: at,
          message: `grants credits from "${r.from}" towards the same rule as recognitions[${first}]; give one recognition with the total`,
        });
      else transferSlots.set(slot, i);
      const kind = kindOf.get(slot);
      if (kind !== undefined)
        issues.push({
          path: at,
          message: `its transfer is keyed "${slot}", which is also a ${kind} id; rename the ${kind}`,
        });
    }
    if (r.validFrom && r.validUntil && r.validFrom > r.validUntil)
      issues.push({ path: ['recognitions', i, 'validUntil'], message: 'is before validFrom' });
  });
  doc.learners.forEach((l, i) => {
    l.holdings.forEach((h, j) => {
      needCredential(h.credential, ['learners', i, 'holdings', j, 'credential']);
    });
  });

  issues.push(...dependencyCycleIssues(doc, credentials));
  return issues;
}

/**
 * A credential depends on what its entry rule and its award rule accept. A cycle in that
 * relation means some credential would have to be held before itself.
 */
function dependencyCycleIssues(
  doc: CatalogueDocument,
  credentials: Map<string, number>,
): CatalogueIssue[] {
  const edges = new Map<string, { to: string; rule: 'entryRule' | 'awardRule' }[]>();
  for (const c of doc.credentials) {
    const out: { to: string; rule: 'entryRule' | 'awardRule' }[] = [];
    for (const rule of ['entryRule', 'awardRule'] as const) {
      const node = c[rule];
      if (node)
        for (const id of acceptedIds(node))
          if (credentials.has(id) && id !== c.id) out.push({ to: id, rule });
    }
    edges.set(c.id, out);
  }
  // Vertices in document order (a repeated id once, as first met), so the depth-first search
  // meets cycles in the order a reader of the document would.
  const ids = [...new Set(doc.credentials.map((c) => c.id))];
  const vertex = new Map(ids.map((id, i) => [id, i]));
  const successors = ids.map((id) => (edges.get(id) ?? []).map((e) => vertex.get(e.to)!));
  const issues: CatalogueIssue[] = [];
  const reported = new Set<string>();
  searchCycles(successors, {
    onCycle: (path) => {
      const cycle = path.map((v) => ids[v]!);
      const to = cycle[0]!;
      const key = [...cycle].sort().join('|');
      if (reported.has(key)) return true;
      reported.add(key);
      const kinds = new Set(
        cycle
          .slice(0, -1)
          .flatMap((from, k) =>
            (edges.get(from) ?? []).filter((e) => e.to === cycle[k + 1]).map((e) => e.rule),
          ),
      );
      const what = kinds.has('entryRule') ? 'entry rules' : 'award rules';
      issues.push({
        path: [
          'credentials',
          credentials.get(to)!,
          kinds.has('entryRule') ? 'entryRule' : 'awardRule',
        ],
        message: `cycle in ${what}: ${cycle.join(' -> ')} (each must be held before the next can start or be awarded)`,
      });
      return true;
    },
  });
  return issues;
}

/** Adds reference issues to a zod refinement context. */
export function addReferenceIssues(doc: CatalogueDocument, ctx: z.RefinementCtx): void {
  for (const issue of catalogueReferenceIssues(doc)) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
}
