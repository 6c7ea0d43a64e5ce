import { z } from 'zod';
import {
  credentialOf,
  ruleNodes,
  type CatalogueGraph,
  type CredentialNode,
  type RuleNode,
} from '../../graph/index.js';
import { Id, IsoDate } from '../../model/index.js';
import { inForce } from '../../engine/items.js';
import { operatorOf } from '../../engine/operators/index.js';
import { parseOptions, requireProvider, requireQualification } from '../errors.js';

const MODULE = 'stackability';

export const StackabilityOptions = z
  .object({
    provider: Id.optional().describe('Only this provider: its credentials and qualifications.'),
    qualification: Id.optional().describe('Only this qualification and what counts towards it.'),
    asOf: IsoDate.optional().describe(
      'Only recognition agreements in force on this date (default: every agreement).',
    ),
  })
  .strict()
  .refine((o) => o.provider === undefined || o.qualification === undefined, {
    message: 'give provider or qualification, not both',
    path: ['qualification'],
  });
export type StackabilityOptions = z.input<typeof StackabilityOptions>;

export const Route = z
  .object({
    kind: z
      .enum(['rule', 'recognition', 'outcome'])
      .describe(
        'rule: the rule accepts the credential itself; recognition: it is recognised as an accepted credential (or one certifying an accepted outcome); outcome: it certifies an accepted outcome.',
      ),
    slot: Id.describe('The id the rule accepts.'),
    recognisedAs: Id.optional(),
    rule: z.string().describe('The rule node holding the slot.'),
    via: z
      .array(Id)
      .describe('Awards stacked in between, from the qualification down (empty: its own rule).'),
    credits: z.number().describe('Credits it counts for in that slot (0 for an outcome).'),
  })
  .meta({ id: 'StackingRoute' });
export type Route = z.infer<typeof Route>;

export const CredentialStacking = z
  .object({
    credential: Id,
    title: z.string(),
    kind: z.string(),
    provider: Id.optional(),
    countsTowards: z.array(
      z.object({
        qualification: Id,
        credits: z.number().describe('The most it counts for there, over its routes.'),
        routes: z.array(Route),
      }),
    ),
  })
  .meta({ id: 'CredentialStacking' });
export type CredentialStacking = z.infer<typeof CredentialStacking>;

export const QualificationStacking = z
  .object({
    qualification: Id,
    title: z.string(),
    provider: Id.optional(),
    credits: z.number(),
    modules: z.number().int().describe('Credentials that count towards it.'),
    microCredentialCredits: z
      .number()
      .describe(
        'Most credits micro-credentials can supply towards its award rule (see README: alternatives take their best branch; one credential is not kept from filling two slots).',
      ),
    microCredentialShare: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe('microCredentialCredits over its credits, capped at 1; null for 0 credits.'),
  })
  .meta({ id: 'QualificationStacking' });
export type QualificationStacking = z.infer<typeof QualificationStacking>;

export const StackabilityReport = z
  .object({
    scope: z.object({
      kind: z.enum(['catalogue', 'provider', 'qualification']),
      id: Id.optional(),
    }),
    credentials: z.array(CredentialStacking),
    orphans: z
      .array(Id)
      .describe('Credentials in scope, not qualifications, that count towards no qualification.'),
    qualifications: z.array(QualificationStacking),
    sharedModules: z
      .array(z.object({ a: Id, b: Id, shared: z.array(Id) }))
      .describe('Pairs of qualifications and the credentials counting towards both.'),
  })
  .meta({ id: 'StackabilityReport' });
export type StackabilityReport = z.infer<typeof StackabilityReport>;

interface Filler {
  credential: string;
  kind: Route['kind'];
  recognisedAs?: string;
  credits: number;
}

/** Recognition agreements into each credential (to → from, credits), by the date rule. */
export function recognitionsInto(graph: CatalogueGraph, asOf: string | undefined) {
  const into = new Map<string, { from: string; credits: number }[]>();
  graph.forEachEdge((_e, attrs, from, to) => {
    if (attrs.type !== 'recognisedAs') return;
    if (asOf !== undefined && !inForce(attrs.validFrom, attrs.validUntil, asOf)) return;
    const credits = attrs.credits ?? credentialOf(graph, to)?.credits ?? 0;
    into.set(to, [...(into.get(to) ?? []), { from, credits }]);
  });
  return into;
}

/**
 * Everything that fills a slot accepting `accepted`, with the credits it counts for: the
 * credential itself and those recognised as it; for an outcome, the credentials certifying
 * it and those recognised as one of them (as the engine's items do, docs/engine-semantics.md).
 */
function fillersOf(
  graph: CatalogueGraph,
  accepted: string,
  into: Map<string, { from: string; credits: number }[]>,
): Filler[] {
  if (!graph.hasNode(accepted)) return [];
  const node = graph.getNodeAttributes(accepted);
  const out: Filler[] = [];
  if (node.type === 'credential') {
    out.push({ credential: accepted, kind: 'rule', credits: node.credits });
    for (const r of into.get(accepted) ?? [])
      out.push({
        credential: r.from,
        kind: 'recognition',
        recognisedAs: accepted,
        credits: r.credits,
      });
  } else if (node.type === 'outcome') {
    for (const c of graph.inNeighbors(accepted)) {
      if (!credentialOf(graph, c)) continue;
      out.push({ credential: c, kind: 'outcome', credits: 0 });
      for (const r of into.get(c) ?? [])
        out.push({ credential: r.from, kind: 'recognition', recognisedAs: c, credits: 0 });
    }
  }
  return out;
}

/** The direct routes into one award's own rule: who fills which of its slots, for how much. */
function directRoutes(
  graph: CatalogueGraph,
  award: CredentialNode,
  into: Map<string, { from: string; credits: number }[]>,
): Map<string, Omit<Route, 'via'>[]> {
  const routes = new Map<string, Omit<Route, 'via'>[]>();
  if (!award.awardRule) return routes;
  for (const node of ruleNodes(award.awardRule))
    for (const slot of node.accepts)
      for (const f of fillersOf(graph, slot, into)) {
        if (f.credential === award.id) continue; // an award never counts towards itself
        const route = {
          kind: f.kind,
          slot,
          ...(f.recognisedAs === undefined ? {} : { recognisedAs: f.recognisedAs }),
          rule: node.id,
          credits: f.credits,
        };
        routes.set(f.credential, [...(routes.get(f.credential) ?? []), route]);
      }
  return routes;
}

/**
 * For one qualification, every credential that counts towards it and how: a breadth-first
 * walk from the qualification to the awards that fill its slots, the awards that fill
 * theirs, and so on (recognition can make this graph cyclic, so awards are visited once,
 * each with its shortest chain `via`); a credential's routes are its direct routes into
 * the qualification's rule and into each of those awards' rules.
 */
function routesInto(
  qualification: CredentialNode,
  direct: (award: string) => Map<string, Omit<Route, 'via'>[]>,
  hasAwardRule: (id: string) => boolean,
): Map<string, Route[]> {
  const routes = new Map<string, Route[]>();
  const chain = new Map<string, string[]>([[qualification.id, []]]);
  const queue = [qualification.id];
  while (queue.length) {
    const award = queue.shift()!;
    const via = chain.get(award)!;
    for (const [filler, rs] of direct(award)) {
      if (filler === qualification.id) continue;
      routes.set(filler, [...(routes.get(filler) ?? []), ...rs.map((r) => ({ ...r, via }))]);
      if (hasAwardRule(filler) && !chain.has(filler)) {
        chain.set(filler, [...via, filler]);
        queue.push(filler);
      }
    }
  }
  return routes;
}

/**
 * The most credits micro-credentials can supply towards a rule: a slot gives the credits of
 * its best micro-credential filler (or, for a stacked award, what micro-credentials supply
 * towards its own rule, up to its credits); ALL adds its branches, ANY takes the best, N_OF
 * the best n, MIN_CREDITS adds its slots up to its credits.
 */
export function microCredentialCredits(
  graph: CatalogueGraph,
  rule: RuleNode,
  isMicro: (credential: CredentialNode) => boolean,
  into: Map<string, { from: string; credits: number }[]>,
  onPath: ReadonlySet<string> = new Set(),
  memo: Map<string, number> = new Map(),
): number {
  // Award rules form no cycle (catalogue validation), so a slot's value is the same on
  // every path to it: memoised, the walk is linear rather than one per path.
  const slotValue = (slot: string): number => {
    const known = memo.get(slot);
    if (known !== undefined) return known;
    let best = 0;
    for (const f of fillersOf(graph, slot, into)) {
      const c = credentialOf(graph, f.credential)!;
      if (isMicro(c)) best = Math.max(best, f.credits);
    }
    const award = credentialOf(graph, slot);
    if (award?.awardRule && !onPath.has(slot))
      best = Math.max(
        best,
        Math.min(
          award.credits,
          microCredentialCredits(
            graph,
            award.awardRule,
            isMicro,
            into,
            new Set([...onPath, slot]),
            memo,
          ),
        ),
      );
    memo.set(slot, best);
    return best;
  };
  const branches = [
    ...rule.accepts.map(slotValue),
    ...rule.children.map((c) => microCredentialCredits(graph, c, isMicro, into, onPath, memo)),
  ];
  // What a node counts at best is its operator's to say (engine/operators).
  const operator = operatorOf(rule);
  return operator.mostSupplied(branches, operator.needed(rule));
}

const isMicroCredential = (c: CredentialNode) => c.kind === 'micro-credential';

/**
 * What counts towards what, for the whole catalogue, one provider or one qualification:
 * every credential with the qualifications it counts towards (directly in a rule tree, by
 * recognition, through the outcomes it certifies, or through awards stacked in between) and
 * the credits it counts for; the orphans; per qualification the share of its credits that
 * micro-credentials can supply; and the credentials each pair of qualifications shares.
 */
export function stackability(
  graph: CatalogueGraph,
  options: StackabilityOptions = {},
): StackabilityReport {
  const opts = parseOptions(MODULE, StackabilityOptions, options);
  requireProvider(MODULE, graph, opts.provider);
  requireQualification(MODULE, graph, opts.qualification);
  const into = recognitionsInto(graph, opts.asOf);
  const credentials: CredentialNode[] = [];
  graph.forEachNode((_id, node) => {
    if (node.type === 'credential') credentials.push(node);
  });
  const qualifications = credentials.filter((c) => c.qualification);

  // qualification → credential → routes, for every qualification (a provider's credentials
  // may count towards another provider's qualification).
  const towards = new Map<string, Map<string, Route[]>>();
  const directCache = new Map<string, Map<string, Omit<Route, 'via'>[]>>();
  const direct = (award: string) => {
    let d = directCache.get(award);
    if (!d) directCache.set(award, (d = directRoutes(graph, credentialOf(graph, award)!, into)));
    return d;
  };
  const hasAwardRule = (id: string) => credentialOf(graph, id)?.awardRule !== undefined;
  for (const q of qualifications) towards.set(q.id, routesInto(q, direct, hasAwardRule));
  // The same, inverted: credential → the qualifications it counts towards, in catalogue order.
  const qualificationsOf = new Map<string, string[]>();
  for (const q of qualifications)
    for (const id of towards.get(q.id)!.keys()) {
      const list = qualificationsOf.get(id);
      if (list) list.push(q.id);
      else qualificationsOf.set(id, [q.id]);
    }

  const qualificationsInScope = qualifications.filter((q) =>
    opts.qualification !== undefined
      ? q.id === opts.qualification
      : opts.provider === undefined || q.provider === opts.provider,
  );
  const credentialsInScope = credentials.filter((c) =>
    opts.qualification !== undefined
      ? towards.get(opts.qualification)!.has(c.id)
      : opts.provider === undefined || c.provider === opts.provider,
  );

  const rows: CredentialStacking[] = credentialsInScope.map((c) => ({
    credential: c.id,
    title: c.title,
    kind: c.kind,
    ...(c.provider === undefined ? {} : { provider: c.provider }),
    countsTowards: (qualificationsOf.get(c.id) ?? []).map((q) => {
      const routes = towards.get(q)!.get(c.id)!;
      return {
        qualification: q,
        credits: Math.max(...routes.map((r) => r.credits)),
        routes,
      };
    }),
  }));

  const summaries: QualificationStacking[] = qualificationsInScope.map((q) => {
    const micro = q.awardRule
      ? Math.min(
          q.credits,
          microCredentialCredits(graph, q.awardRule, isMicroCredential, into, new Set([q.id])),
        )
      : 0;
    return {
      qualification: q.id,
      title: q.title,
      ...(q.provider === undefined ? {} : { provider: q.provider }),
      credits: q.credits,
      modules: towards.get(q.id)!.size,
      microCredentialCredits: micro,
      microCredentialShare: q.credits > 0 ? Math.min(1, micro / q.credits) : null,
    };
  });

  // Shared modules through an inverted index (credential → qualifications).
  const inScope = new Set(qualificationsInScope.map((q) => q.id));
  const shared = new Map<string, { a: string; b: string; shared: string[] }>();
  for (const c of credentials) {
    const qs = qualificationsOf.get(c.id) ?? [];
    for (let i = 0; i < qs.length; i++)
      for (let j = i + 1; j < qs.length; j++) {
        const a = qs[i]!; // qs is in catalogue order, so a pair has one key
        const b = qs[j]!;
        if (!inScope.has(a) && !inScope.has(b)) continue;
        const key = `${a}\u0000${b}`;
        const entry = shared.get(key) ?? { a, b, shared: [] };
        entry.shared.push(c.id);
        shared.set(key, entry);
      }
  }

  return {
    scope:
      opts.qualification !== undefined
        ? { kind: 'qualification', id: opts.qualification }
        : opts.provider !== undefined
          ? { kind: 'provider', id: opts.provider }
          : { kind: 'catalogue' },
    credentials: rows,
    orphans: rows
      .filter(
        (r) => r.countsTowards.length === 0 && !credentialOf(graph, r.credential)!.qualification,
      )
      .map((r) => r.credential),
    qualifications: summaries,
    sharedModules: [...shared.values()],
  };
}
