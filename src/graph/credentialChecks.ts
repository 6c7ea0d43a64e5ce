import {
  acceptedIds,
  CatalogueShape,
  parseWith,
  recognitionLabel,
  ruleTreeIssues,
  storedIssue,
  transferTargetIssue,
  type CatalogueDocument,
  type CatalogueIssue,
  type Credential,
  type CreditConversion,
  type ParseResult,
} from '../model/index.js';
import { convertCredits, type CatalogueGraph } from './catalogueGraph.js';
import { ruleAccepts } from './rules.js';

/**
 * Validates a document that adds or replaces credentials (a `PUT /v1/credentials/{id}`)
 * against the catalogue graph instead of the whole stored document: the same checks, the same
 * messages and the same paths as validating the union of the stored catalogue and the
 * document (importCatalogue: mergeCatalogues, then parseCatalogue), which on the 50k catalogue
 * means reading and re-validating 52,000 credentials for each write.
 *
 * Replacing or adding credentials can only break what concerns them: their own schema, their
 * references (provider, outcomes, co-requisites, suggested order, reference plan, the ids
 * their rules accept), their rule keys (unique within a credential), an id already used by
 * another kind of record, a stored partial transfer towards a replaced qualification whose
 * keyed MIN_CREDITS rule is gone, and a dependency cycle, which must then pass through one of
 * them; nothing else stored can lose what it refers to, since every credential stays. Credits
 * in another credit system are accepted as the whole validation accepts them: without a
 * declared conversion they count 0 (docs/engine-semantics.md, "Credit systems"). The cycle check walks the union in the order the whole validation
 * does, so the cycle it names is the same.
 *
 * Returns `undefined` ("cannot tell, validate the whole union") for anything else: a document
 * with other kinds of record, a schema problem (reported exactly as the whole validation
 * reports it, by the caller), a credential listed twice, or a graph made by a read that set
 * stored records aside (the whole validation also reports those).
 */
export function credentialWriteIssues(
  graph: CatalogueGraph,
  input: unknown,
): ParseResult<CatalogueDocument> | undefined {
  if (graph.getAttribute('setAside') !== undefined) return undefined;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  for (const [key, value] of Object.entries(input))
    if (key !== 'format' && key !== 'credentials' && !(Array.isArray(value) && !value.length))
      return undefined;
  const parsed = parseWith(CatalogueShape, input);
  if (!parsed.ok) return undefined;
  const incoming = parsed.value.credentials;
  const at = new Map(incoming.map((c, i) => [c.id, i]));
  if (at.size !== incoming.length) return undefined;

  const kind = (id: string) => (graph.hasNode(id) ? graph.getNodeAttribute(id, 'type') : undefined);
  const isCredential = (id: string) => at.has(id) || kind(id) === 'credential';
  const isOutcome = (id: string) => kind(id) === 'outcome';
  // The union's credentials in its order: the stored ones (replaced in place), then new ones.
  const union: string[] = [];
  graph.forEachNode((id, node) => {
    if (node.type === 'credential') union.push(id);
  });
  const added = incoming.filter((c) => kind(c.id) !== 'credential');
  const inUnionOrder = [
    ...union.filter((id) => at.has(id)).map((id) => incoming[at.get(id)!]!),
    ...added,
  ];

  const issues: CatalogueIssue[] = [];
  // Ids shared with another kind of record, reported where the whole validation reports
  // them: on the later of the two in the order providers, credentials, outcomes, skills,
  // occupations.
  for (const c of inUnionOrder)
    if (kind(c.id) === 'provider')
      issues.push({
        path: ['credentials', at.get(c.id)!, 'id'],
        message: `"${c.id}" is also a provider id; ids must be unique across the catalogue`,
      });
  for (const [type, collection] of [
    ['outcome', 'learningOutcomes'],
    ['skill', 'skills'],
    ['occupation', 'occupations'],
  ] as const)
    graph.forEachNode((id, node) => {
      if (node.type === type && at.has(id))
        issues.push(
          storedIssue(
            collection,
            id,
            `"${id}" is also a credential id; ids must be unique across the catalogue`,
          ),
        );
    });

  for (const c of inUnionOrder) issues.push(...referenceIssues(c, at.get(c.id)!));
  issues.push(...storedTransferIssues());
  issues.push(...cycleIssues());
  return issues.length ? { ok: false, issues } : parsed;

  function referenceIssues(c: Credential, index: number): CatalogueIssue[] {
    const out: CatalogueIssue[] = [];
    const here = ['credentials', index];
    const needCredential = (id: string, path: (string | number)[], what = 'credential') => {
      if (!isCredential(id)) out.push({ path, message: `unknown ${what} "${id}"` });
    };
    if (c.provider !== undefined && kind(c.provider) !== 'provider')
      out.push({ path: [...here, 'provider'], message: `unknown provider "${c.provider}"` });
    c.learningOutcomes.forEach((lo, j) => {
      if (!isOutcome(lo))
        out.push({
          path: [...here, 'learningOutcomes', j],
          message: `unknown learning outcome "${lo}"`,
        });
    });
    for (const key of ['corequisites', 'strictCorequisites', 'precedes'] as const)
      (c[key] ?? []).forEach((id, j) => {
        needCredential(id, [...here, key, j]);
        if (id === c.id) out.push({ path: [...here, key, j], message: 'refers to itself' });
      });
    c.referencePlan?.forEach((p, j) => {
      needCredential(p.credential, [...here, 'referencePlan', j, 'credential']);
    });
    out.push(...ruleTreeIssues(c, here, { credential: isCredential, outcome: isOutcome }));
    return out;
  }

  /**
   * Stored partial transfers towards a replaced qualification must still find their rule: a
   * node with the key they name, counting credits. Reported on the stored recognition, as the
   * whole validation reports it, in the catalogue's order of agreements.
   */
  function storedTransferIssues(): CatalogueIssue[] {
    const out: CatalogueIssue[] = [];
    graph.forEachNode((_id, node) => {
      if (node.type !== 'transfer' || !at.has(node.qualification)) return;
      const problem = transferTargetIssue(incoming[at.get(node.qualification)!]!, node.rule);
      if (problem) {
        const towards = { qualification: node.qualification, rule: node.rule };
        const label = recognitionLabel({ from: node.from, towards });
        out.push(storedIssue('recognitions', label, problem.message));
      }
    });
    return out;
  }

  /** The whole validation's cycle search (references.ts), on the union seen through the graph. */
  function cycleIssues(): CatalogueIssue[] {
    type Edge = { to: string; rule: 'entryRule' | 'awardRule' };
    const edgesOf = (id: string): Edge[] => {
      const out: Edge[] = [];
      const fresh = at.has(id) ? incoming[at.get(id)!] : undefined;
      const node = fresh ? undefined : graph.getNodeAttributes(id);
      for (const rule of ['entryRule', 'awardRule'] as const) {
        let accepted: string[] = [];
        if (fresh) accepted = fresh[rule] ? acceptedIds(fresh[rule]) : [];
        else if (node?.type === 'credential' && node[rule]) accepted = ruleAccepts(node[rule]);
        for (const to of accepted) if (isCredential(to) && to !== id) out.push({ to, rule });
      }
      return out;
    };
    const edges = new Map<string, Edge[]>();
    const edgesFrom = (id: string) => {
      let out = edges.get(id);
      if (!out) edges.set(id, (out = edgesOf(id)));
      return out;
    };
    const out: CatalogueIssue[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const reported = new Set<string>();
    const visit = (id: string): void => {
      state.set(id, 'open');
      stack.push(id);
      for (const { to } of edgesFrom(id)) {
        const s = state.get(to);
        if (s === 'open') {
          const cycle = [...stack.slice(stack.indexOf(to)), to];
          const key = [...cycle].sort().join('|');
          if (!reported.has(key)) {
            reported.add(key);
            const kinds = new Set(
              cycle.slice(0, -1).flatMap((from, k) =>
                edgesFrom(from)
                  .filter((e) => e.to === cycle[k + 1])
                  .map((e) => e.rule),
              ),
            );
            const what = kinds.has('entryRule') ? 'entry rules' : 'award rules';
            const rule = kinds.has('entryRule') ? 'entryRule' : 'awardRule';
            const message = `cycle in ${what}: ${cycle.join(' -> ')} (each must be held before the next can start or be awarded)`;
            out.push(
              at.has(to)
                ? { path: ['credentials', at.get(to)!, rule], message }
                : storedIssue('credentials', to, message),
            );
          }
        } else if (s === undefined) visit(to);
      }
      stack.pop();
      state.set(id, 'done');
    };
    for (const id of [...union, ...added.map((c) => c.id)]) if (!state.has(id)) visit(id);
    return out;
  }
}

/** How far a stated `credits` may sit from the converted figure: rounding to one decimal. */
const CREDIT_FIGURE_TOLERANCE = 0.05;

/**
 * A single credential write (PUT, a what-if draft) whose `credits` disagree with what the
 * engine counts. With a `creditSystem` and a `creditsOriginal`, the engine counts the original
 * figure converted by the catalogue's factor for that system, or 0 without a declared
 * conversion, whatever `credits` says (docs/engine-semantics.md, "Credit systems"); so a write
 * that changes `credits` alone would be accepted and change no plan. Whole imports are not
 * checked this way: an importer states 0 for a unit it cannot convert yet, and a conversion
 * declared later must make those records count without re-importing them.
 */
export function creditFigureIssues(
  credentials: readonly Credential[],
  conversions: readonly CreditConversion[],
  pathOf: (index: number) => (string | number)[],
): CatalogueIssue[] {
  const issues: CatalogueIssue[] = [];
  credentials.forEach((c, i) => {
    if (c.creditsOriginal === undefined) return;
    const { credits: counted, converted } = convertCredits(
      c.creditsOriginal,
      c.creditSystem,
      conversions,
    );
    if (!converted || Math.abs(c.credits - counted) <= CREDIT_FIGURE_TOLERANCE) return;
    // Figures as people write them: 4/3 is "1.3333", not sixteen digits.
    const shown = (x: number) => String(Math.round(x * 1e4) / 1e4);
    const reason =
      converted.factor === undefined
        ? `the catalogue declares no conversion for "${converted.creditSystem}", so the engine counts 0 ECTS: send credits 0, or state the credits in ECTS without creditSystem and creditsOriginal`
        : `the catalogue converts "${converted.creditSystem}" at ${shown(converted.factor)} ECTS each, so the engine counts ${c.creditsOriginal} × ${shown(converted.factor)} = ${shown(counted)} ECTS: send credits ${shown(counted)}, or change creditsOriginal`;
    issues.push({
      path: [...pathOf(i), 'credits'],
      message: `${c.credits} disagrees with creditsOriginal ${c.creditsOriginal}: ${reason}`,
    });
  });
  return issues;
}
