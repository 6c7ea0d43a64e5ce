/**
 * fast-check arbitraries for small random catalogues and planning requests.
 *
 * Everything is drawn as plain records of small numbers ("specs") and then interpreted into
 * a CatalogueDocument, picking ids by index modulo the pool they come from. That keeps
 * shrinking effective: fast-check shrinks arrays and numbers, and the interpretation stays
 * valid whatever it shrinks to.
 *
 * Instances stay small enough for the exhaustive reference: 4–9 earnable credentials, 1–3
 * awards whose rules have at most MAX_SLOTS accepted ids, at most 4 learning outcomes.
 */
import fc from 'fast-check';
import {
  CatalogueShape,
  type CatalogueDocument,
  type Credential,
  type LearningOutcome,
  type Offering,
  type PriorLearningPolicy,
  type PriorLearningRecord,
  type Recognition,
} from '../../../src/model/catalogue.js';
import type { RequirementNode } from '../../../src/model/requirement.js';
import type { ObjectiveName, PlanConstraints, Target } from '../../../src/model/requests.js';
import type { RefHolding } from './semantics.js';

/** Dates around month ends and leap days, to exercise clamped month arithmetic. */
export const DATES = [
  '2022-11-30',
  '2023-01-31',
  '2023-02-28',
  '2023-08-31',
  '2024-01-31',
  '2024-02-29',
  '2024-03-31',
  '2024-06-15',
  '2024-12-31',
  '2025-01-31',
  '2025-02-28',
  '2025-03-01',
  '2025-03-31',
  '2025-06-15',
  '2025-12-31',
  '2026-02-28',
] as const;
const AS_OF = ['2025-02-28', '2025-03-01', '2025-03-31', '2025-06-15'] as const;

/** Most accepted ids in one rule tree (keeps the brute-force allocator fast). */
export const MAX_SLOTS = 8;

export interface RuleSpec {
  op: RequirementNode['op'];
  picks: number[];
  children: RuleSpec[];
  nPick: number;
  need: number;
  shared: boolean;
}

export interface EarnableSpec {
  credits: number;
  half: boolean;
  cost: number | undefined;
  hours: number | undefined;
  validityMonths: number | undefined;
  los: number[];
  /** Credits stated in another system: 0 semester hours (declared, ×2), 1 CATS (undeclared). */
  system: number | undefined;
  entry: RuleSpec | undefined;
  entryCyclic: boolean;
  corequisite: number | undefined;
  notEarnable: boolean;
  eqfLevel: number;
}

export interface AwardSpec {
  rule: RuleSpec;
  credits: number;
  earnable: boolean;
  los: number[];
}

export interface RecognitionSpec {
  from: number;
  to: number;
  credits: number | undefined;
  /** The credits granted in another system (as TransferSpec.system), when given. */
  system: number | undefined;
  validFrom: number | undefined;
  validUntil: number | undefined;
}

/** A partial credit transfer: credits from a credential towards a MIN_CREDITS rule of an award. */
export interface TransferSpec {
  from: number;
  /** From a holding of the learner's (when there is one): a transfer then costs nothing to use. */
  fromHeld: boolean;
  award: number;
  node: number;
  credits: number;
  /** Granted in 'US semester credit hours' (converted at 2) or 'UK CATS' (no conversion). */
  system: number | undefined;
  validFrom: number | undefined;
  validUntil: number | undefined;
}

export interface HoldingSpec {
  kind: number;
  index: number;
  awardedOn: number;
  expiresOn: number | undefined;
}

export interface InstanceSpec {
  earnables: EarnableSpec[];
  awards: AwardSpec[];
  outcomes: number;
  recognitions: RecognitionSpec[];
  transfers: TransferSpec[];
  holdings: HoldingSpec[];
  asOf: number;
  target: { kind: number; picks: number[] };
  exclude: number[];
  budget: number | undefined;
  maxEqfLevel: number | undefined;
}

export interface PlanInstance {
  doc: CatalogueDocument;
  holdings: RefHolding[];
  asOf: string;
  target: Target;
  constraints: Partial<PlanConstraints>;
}

/** `arb` about once in `1 + rarity` draws, undefined otherwise. */
function sometimes<T>(arb: fc.Arbitrary<T>, rarity: number): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { weight: rarity, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: arb },
  );
}

/** true about once in `1 + rarity` draws. */
function rarely(rarity: number): fc.Arbitrary<boolean> {
  return fc.integer({ min: 0, max: rarity }).map((x) => x === rarity);
}

export function ruleSpec(depth: number): fc.Arbitrary<RuleSpec> {
  const children: fc.Arbitrary<RuleSpec[]> =
    depth > 1
      ? fc
          .tuple(fc.nat(2), ruleSpec(depth - 1), ruleSpec(depth - 1))
          .map(([count, a, b]) => [a, b].slice(0, count))
      : fc.constant([]);
  return fc.record({
    op: fc.oneof(
      { weight: 3, arbitrary: fc.constant<RequirementNode['op']>('ALL') },
      { weight: 3, arbitrary: fc.constant<RequirementNode['op']>('N_OF') },
      { weight: 2, arbitrary: fc.constant<RequirementNode['op']>('MIN_CREDITS') },
      { weight: 1, arbitrary: fc.constant<RequirementNode['op']>('ANY') },
    ),
    picks: fc
      .tuple(fc.nat(4), fc.array(fc.nat(63), { minLength: 4, maxLength: 4 }))
      .map(([count, picks]) => picks.slice(0, count)),
    children,
    nPick: fc.nat(7),
    need: fc.integer({ min: 1, max: 24 }),
    shared: rarely(6),
  });
}

const earnableSpec: fc.Arbitrary<EarnableSpec> = fc.record({
  credits: fc.integer({ min: 1, max: 10 }),
  half: rarely(5),
  cost: sometimes(
    fc.integer({ min: 0, max: 10 }).map((x) => x * 50),
    1,
  ),
  hours: sometimes(fc.integer({ min: 10, max: 200 }), 2),
  validityMonths: sometimes(fc.integer({ min: 1, max: 30 }), 4),
  los: fc.array(fc.nat(7), { maxLength: 2 }),
  system: sometimes(fc.nat(1), 6),
  entry: sometimes(ruleSpec(2), 2),
  entryCyclic: rarely(6),
  corequisite: sometimes(fc.nat(15), 8),
  notEarnable: rarely(30),
  eqfLevel: fc.integer({ min: 3, max: 7 }),
});

const awardSpec: fc.Arbitrary<AwardSpec> = fc.record({
  rule: ruleSpec(3),
  credits: fc.integer({ min: 10, max: 60 }),
  earnable: rarely(15),
  los: fc.array(fc.nat(7), { maxLength: 1 }).map((x) => (x.length && x[0]! < 2 ? x : [])),
});

const recognitionSpec: fc.Arbitrary<RecognitionSpec> = fc.record({
  from: fc.nat(15),
  to: fc.nat(15),
  credits: sometimes(fc.integer({ min: 0, max: 10 }), 1),
  system: sometimes(fc.nat(1), 4),
  validFrom: sometimes(fc.nat(DATES.length - 1), 1),
  validUntil: sometimes(fc.nat(DATES.length - 1), 1),
});

const transferSpec: fc.Arbitrary<TransferSpec> = fc.record({
  from: fc.nat(15),
  fromHeld: fc.boolean(),
  award: fc.nat(2),
  node: fc.nat(3),
  // Mostly in force and worth something, so that a transfer often decides the optimum.
  credits: fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 8 }) }, fc.constant(0)),
  system: sometimes(fc.nat(1), 3),
  validFrom: sometimes(fc.nat(DATES.length - 1), 4),
  validUntil: sometimes(fc.nat(DATES.length - 1), 4),
});

const holdingSpec: fc.Arbitrary<HoldingSpec> = fc.record({
  kind: fc.nat(9),
  index: fc.nat(15),
  awardedOn: fc.nat(DATES.length - 1),
  expiresOn: sometimes(fc.nat(DATES.length - 1), 3),
});

export const instanceSpec: fc.Arbitrary<InstanceSpec> = instanceSpecWith(earnableSpec);

/** Instances whose earnable credentials name a co-requisite about one time in three. */
const instanceSpecWithCorequisites = instanceSpecWith(
  fc
    .record({ spec: earnableSpec, corequisite: sometimes(fc.nat(15), 2) })
    .map(({ spec, corequisite }): EarnableSpec => ({ ...spec, corequisite })),
);

function instanceSpecWith(earnable: fc.Arbitrary<EarnableSpec>): fc.Arbitrary<InstanceSpec> {
  return fc.record({
    earnables: fc.array(earnable, { minLength: 4, maxLength: 9 }),
    awards: fc.array(awardSpec, { minLength: 1, maxLength: 3 }),
    outcomes: fc.nat(4),
    recognitions: fc.array(recognitionSpec, { maxLength: 2 }),
    transfers: fc.array(transferSpec, { maxLength: 3 }),
    holdings: fc.array(holdingSpec, { maxLength: 3 }),
    asOf: fc.nat(AS_OF.length - 1),
    target: fc.record({
      kind: fc.nat(13),
      picks: fc.array(fc.nat(7), { minLength: 1, maxLength: 3 }),
    }),
    exclude: fc.oneof(
      { weight: 6, arbitrary: fc.constant<number[]>([]) },
      { weight: 1, arbitrary: fc.array(fc.nat(15), { minLength: 1, maxLength: 2 }) },
    ),
    budget: sometimes(
      fc.integer({ min: 0, max: 40 }).map((x) => x * 50),
      6,
    ),
    maxEqfLevel: sometimes(fc.integer({ min: 3, max: 7 }), 8),
  });
}

/** Credit systems of the random catalogues: the first has a declared conversion, the second none. */
const SYSTEMS = ['US semester credit hours', 'UK CATS credit points'] as const;

const pick = <T>(pool: readonly T[], i: number): T => pool[i % pool.length]!;

/** Builds a rule tree over `pool` from a spec, spending at most `budget.left` accepted ids. */
export function buildRule(
  spec: RuleSpec,
  pool: readonly string[],
  budget: { left: number },
  maxShared = 1,
): RequirementNode | undefined {
  if (pool.length === 0) return undefined;
  const accepts: string[] = [];
  for (const p of spec.picks) {
    const id = pick(pool, p);
    if (budget.left > 0 && !accepts.includes(id)) {
      accepts.push(id);
      budget.left--;
    }
  }
  const children: RequirementNode[] = [];
  if (spec.op !== 'MIN_CREDITS')
    for (const c of spec.children) {
      const child = buildRule(c, pool, budget, maxShared);
      if (child) children.push(child);
    }
  const branches = accepts.length + children.length;
  if (branches === 0) return undefined;
  const node: RequirementNode = { op: spec.op };
  if (spec.op === 'N_OF') node.n = 1 + (spec.nPick % branches);
  if (spec.op === 'MIN_CREDITS') node.credits = spec.need / 2;
  if (spec.shared && branches > 1) node.maxShared = maxShared;
  if (accepts.length) node.accepts = accepts;
  if (children.length) node.children = children;
  return node;
}

function credential(
  id: string,
  fields: Partial<Credential> & Pick<Credential, 'credits'>,
): Credential {
  return {
    id,
    title: `Credential ${id}`,
    kind: 'course',
    qualification: false,
    learningOutcomes: [],
    corequisites: [],
    precedes: [],
    ...fields,
  };
}

export interface InstanceOptions {
  /** Give every earnable credential a positive cost (no zero weights under 'cost'). */
  positiveCosts?: boolean;
  /**
   * Make about half of the co-requisites strict (same step), and draw co-requisites about
   * three times as often (instanceSpecWith).
   */
  strictCorequisites?: boolean;
  /** Earnable credentials drawn with 1–3 credits have none (0), as when credits are unknown. */
  zeroCredits?: boolean;
}

/** Interprets a spec as a catalogue document (not validated: entry-rule cycles are kept). */
export function buildInstance(spec: InstanceSpec, options: InstanceOptions = {}): PlanInstance {
  const earnIds = spec.earnables.map((_e, i) => `c${i}`);
  const awardIds = spec.awards.map((_a, i) => `q${i}`);
  const loIds = Array.from({ length: spec.outcomes }, (_x, i) => `lo${i}`);
  const credentialIds = [...earnIds, ...awardIds];
  const learningOutcomes: LearningOutcome[] = loIds.map((id) => ({
    id,
    statement: `Outcome ${id}`,
    skills: [],
  }));
  const losOf = (picks: number[]) =>
    loIds.length === 0 ? [] : [...new Set(picks.map((p) => pick(loIds, p)))];

  const credentials: Credential[] = spec.earnables.map((e, i) => {
    const id = earnIds[i]!;
    const fields: Partial<Credential> & Pick<Credential, 'credits'> = {
      credits: options.zeroCredits && e.credits <= 3 ? 0 : e.half ? e.credits + 0.5 : e.credits,
      eqfLevel: e.eqfLevel,
      learningOutcomes: losOf(e.los),
    };
    if (options.positiveCosts) fields.cost = Math.max(e.cost ?? 0, 25 * e.credits);
    else if (e.cost !== undefined) fields.cost = e.cost;
    if (e.hours !== undefined) fields.hours = e.hours;
    if (e.system !== undefined) {
      // The source's figure in another system; `credits` keeps a stale ECTS guess the engine
      // must not use.
      fields.creditSystem = SYSTEMS[e.system];
      fields.creditsOriginal = Math.ceil(fields.credits / 2);
    }
    if (e.validityMonths !== undefined) fields.validityMonths = e.validityMonths;
    if (e.notEarnable) fields.earnable = false;
    if (e.entry) {
      // Mostly acyclic: earlier credentials and outcomes; sometimes anything but itself.
      const pool = e.entryCyclic
        ? [...credentialIds.filter((x) => x !== id), ...loIds]
        : [...earnIds.slice(0, i), ...loIds];
      const rule = buildRule(e.entry, pool, { left: 4 });
      if (rule) fields.entryRule = rule;
    }
    if (e.corequisite !== undefined && earnIds.length > 1) {
      const others = earnIds.filter((x) => x !== id);
      if (options.strictCorequisites && e.corequisite % 2 === 0)
        fields.strictCorequisites = [pick(others, e.corequisite >> 1)];
      else fields.corequisites = [pick(others, e.corequisite)];
    }
    return credential(id, fields);
  });
  spec.awards.forEach((a, k) => {
    const id = awardIds[k]!;
    const pool = [...earnIds, ...loIds, ...awardIds.slice(0, k)];
    const rule = buildRule(a.rule, pool, { left: MAX_SLOTS }) ?? {
      op: 'ALL' as const,
      accepts: [pick(pool, k)],
    };
    const fields: Partial<Credential> & Pick<Credential, 'credits'> = {
      credits: a.credits,
      kind: 'certificate',
      qualification: true,
      awardRule: rule,
      learningOutcomes: losOf(a.los),
    };
    if (a.earnable) fields.earnable = true;
    credentials.push(credential(id, fields));
  });

  const recognitions: Recognition[] = [];
  for (const r of spec.recognitions) {
    // Mostly between earnable credentials; sometimes from or to an award.
    const from = pick(r.from < 12 ? earnIds : credentialIds, r.from);
    const to = pick(r.to < 12 ? earnIds : credentialIds, r.to);
    if (from === to || recognitions.some((x) => x.from === from && x.to === to)) continue;
    const rec: Recognition = { from, to };
    if (r.credits !== undefined) rec.credits = r.credits;
    if (r.credits !== undefined && r.system !== undefined) rec.creditSystem = SYSTEMS[r.system];
    if (r.validFrom !== undefined) rec.validFrom = DATES[r.validFrom];
    if (r.validUntil !== undefined) rec.validUntil = DATES[r.validUntil];
    recognitions.push(rec);
  }

  const holdings: RefHolding[] = spec.holdings.map((h) => {
    const credentialId =
      h.kind === 0
        ? `unknown${h.index}`
        : h.kind === 1
          ? pick(awardIds, h.index)
          : pick(earnIds, h.index);
    const holding: RefHolding = { credential: credentialId, awardedOn: DATES[h.awardedOn]! };
    if (h.expiresOn !== undefined) holding.expiresOn = DATES[h.expiresOn];
    return holding;
  });

  // Every MIN_CREDITS node of an award rule gets a key, so transfers can name it.
  const keyed = new Map<string, string[]>();
  for (const c of credentials) {
    if (!c.awardRule) continue;
    const keys: string[] = [];
    const visit = (node: RequirementNode) => {
      if (node.op === 'MIN_CREDITS') keys.push((node.key = `m${keys.length}`));
      node.children?.forEach(visit);
    };
    visit(c.awardRule);
    if (keys.length) keyed.set(c.id, keys);
  }
  // Towards the awards with a keyed rule (the target most often among them), from any
  // credential or from one the learner holds.
  const keyedAwards = awardIds.filter((id) => keyed.has(id)).reverse(); // the target first
  const asOf = AS_OF[spec.asOf]!;
  const held = holdings
    .filter((h) => h.awardedOn <= asOf && (h.expiresOn === undefined || h.expiresOn >= asOf))
    .map((h) => h.credential)
    .filter((id) => credentialIds.includes(id));
  for (const t of spec.transfers) {
    if (!keyedAwards.length) break;
    const from = t.fromHeld && held.length ? pick(held, t.from) : pick(credentialIds, t.from);
    const award = pick(keyedAwards, t.award);
    const keys = keyed.get(award)!;
    if (from === award) continue;
    const rule = pick(keys, t.node);
    if (
      recognitions.some(
        (r) => r.from === from && r.towards?.qualification === award && r.towards.rule === rule,
      )
    )
      continue;
    const rec: Recognition = { from, towards: { qualification: award, rule }, credits: t.credits };
    if (t.system !== undefined) rec.creditSystem = SYSTEMS[t.system];
    if (t.validFrom !== undefined) rec.validFrom = DATES[t.validFrom];
    if (t.validUntil !== undefined) rec.validUntil = DATES[t.validUntil];
    recognitions.push(rec);
  }

  const top = awardIds[awardIds.length - 1]!;
  const t = spec.target;
  let target: Target;
  if (t.kind <= 8) target = { qualification: top };
  else if (t.kind === 9) target = { anyOf: [...new Set(t.picks.map((p) => pick(awardIds, p)))] };
  else if (t.kind === 10) target = { allOf: [...new Set(t.picks.map((p) => pick(awardIds, p)))] };
  else if (t.kind === 11)
    target = { anyOf: [...new Set(t.picks.map((p) => pick(credentialIds, p)))] };
  else if (t.kind === 12) target = { qualification: pick(awardIds, t.picks[0]!) };
  else target = { qualification: pick(earnIds, t.picks[0]!) };

  const constraints: Partial<PlanConstraints> = {};
  if (spec.exclude.length)
    constraints.excludeCredentials = spec.exclude.map((x) => pick(earnIds, x));
  if (spec.budget !== undefined) constraints.budget = spec.budget;
  if (spec.maxEqfLevel !== undefined) constraints.maxEqfLevel = spec.maxEqfLevel;

  const doc: CatalogueDocument = {
    format: 'pathways-catalogue/1',
    providers: [],
    credentials,
    learningOutcomes,
    skills: [],
    occupations: [],
    recognitions,
    creditConversions: [{ from: SYSTEMS[0], to: 'ECTS', factor: 2, source: 'test convention' }],
    learners: [],
  };
  return { doc, holdings, asOf, target, constraints };
}

/** Random small planning instances (documents bypass validation; see buildInstance). */
export function planInstance(options: InstanceOptions = {}): fc.Arbitrary<PlanInstance> {
  const specs = options.strictCorequisites ? instanceSpecWithCorequisites : instanceSpec;
  return specs.map((spec) => buildInstance(spec, options));
}

export interface AllocationCase {
  rule: RequirementNode;
  items: { id: string; identities: Map<string, number> }[];
}

const ALLOCATION_IDS = ['a', 'b', 'c', 'd', 'e', 'lo1', 'lo2'];

/**
 * A random rule tree over a few ids (any sharing limits, sometimes unlimited sharing at the
 * root as in goals) and random items standing for some of those ids with some credits.
 */
export function allocationCase(
  options: { shareEverywhere?: boolean; shareNowhere?: boolean; maxItems?: number } = {},
): fc.Arbitrary<AllocationCase> {
  const share = (spec: RuleSpec): RuleSpec => ({
    ...spec,
    shared: true,
    children: spec.children.map(share),
  });
  const exclusive = (spec: RuleSpec): RuleSpec => ({
    ...spec,
    shared: false,
    children: spec.children.map(exclusive),
  });
  return fc
    .record({
      rule: ruleSpec(3),
      maxShared: fc.integer({ min: 1, max: 3 }),
      unlimited: rarely(5),
      items: fc.array(
        fc.array(
          fc.record({
            id: fc.nat(ALLOCATION_IDS.length - 1),
            credits: fc.integer({ min: 0, max: 12 }).map((x) => x / 2),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        { minLength: 0, maxLength: options.maxItems ?? 6 },
      ),
    })
    .map(({ rule, maxShared, unlimited, items }) => {
      const spec = options.shareEverywhere
        ? share(rule)
        : options.shareNowhere
          ? exclusive(rule)
          : rule;
      const built = buildRule(spec, ALLOCATION_IDS, { left: MAX_SLOTS }, maxShared) ?? {
        op: 'ALL' as const,
        accepts: ['a'],
      };
      if (unlimited && !options.shareNowhere) built.maxShared = Number.MAX_SAFE_INTEGER;
      return {
        rule: built,
        items: items.map((identities, i) => ({
          id: `item${i}`,
          identities: new Map(identities.map((x) => [ALLOCATION_IDS[x.id]!, x.credits])),
        })),
      };
    });
}

/** The objectives the differential tests cover. */
export const OBJECTIVES: readonly ObjectiveName[] = ['credits', 'cost', 'count'];

/** A module of the prior-learning catalogues (priorLearningCatalogue). */
export interface PriorLearningModule {
  credits: number;
  cost: number;
  /** Of the provider with the policy ('p'), else of one without ('o'). */
  own: boolean;
  /** How many learning outcomes it certifies, its own (`lo<i>.<k>`). */
  outcomes: number;
  entryRule?: RequirementNode | undefined;
  corequisites?: string[] | undefined;
  offerings?: Offering[] | undefined;
}

/**
 * A catalogue for recognition of prior learning: modules `m<i>` of 'p', whose policy is
 * `policy`, or of 'o', which has none; one qualification 'q' of 'p' (20 credits) with
 * `awardRule`. The learner's records: verified validations of the outcomes `held` picks (in
 * order, cycled).
 */
export function priorLearningCatalogue(
  modules: readonly PriorLearningModule[],
  awardRule: RequirementNode,
  policy: PriorLearningPolicy,
  held: readonly boolean[],
): { doc: CatalogueDocument; records: PriorLearningRecord[] } {
  const outcomes = modules.flatMap((m, i) =>
    Array.from({ length: m.outcomes }, (_, k) => `lo${i}.${k}`),
  );
  const doc = CatalogueShape.parse({
    providers: [
      { id: 'p', name: 'P', priorLearningPolicy: policy },
      { id: 'o', name: 'O' },
    ],
    learningOutcomes: outcomes.map((id) => ({ id, statement: id })),
    credentials: [
      ...modules.map((m, i) => ({
        id: `m${i}`,
        title: `m${i}`,
        kind: 'module',
        credits: m.credits,
        cost: m.cost,
        provider: m.own ? 'p' : 'o',
        learningOutcomes: Array.from({ length: m.outcomes }, (_, k) => `lo${i}.${k}`),
        ...(m.entryRule ? { entryRule: m.entryRule } : {}),
        ...(m.corequisites?.length ? { corequisites: m.corequisites } : {}),
        ...(m.offerings?.length ? { offerings: m.offerings } : {}),
      })),
      {
        id: 'q',
        title: 'Q',
        kind: 'certificate',
        qualification: true,
        credits: 20,
        provider: 'p',
        awardRule,
      },
    ],
  });
  const records = outcomes
    .filter((_, i) => held[i % held.length])
    .map((outcome) => ({
      outcome,
      method: 'validation' as const,
      validatedOn: '2026-01-01',
      verified: true,
    }));
  return { doc, records };
}

export interface PriorLearningInstance extends PlanInstance {
  /** The learner's prior learning: verified validations of some of the catalogue's outcomes. */
  records: PriorLearningRecord[];
}

/**
 * planInstance's catalogues with recognition of prior learning: every credential of 'p',
 * whose policy exempts (a fee, weeks to a decision, sometimes a share cap and a minimum taken
 * with it), or of 'o', which has none; the learner has validated some of the outcomes.
 */
export function priorLearningInstance(
  options: InstanceOptions = {},
): fc.Arbitrary<PriorLearningInstance> {
  return fc
    .record({
      instance: planInstance(options),
      // Mostly the policy's provider, most outcomes validated: exemptions are often possible.
      own: fc.array(
        rarely(3).map((x) => !x),
        { minLength: 12, maxLength: 12 },
      ),
      outcomes: fc.array(
        rarely(4).map((x) => !x),
        { minLength: 4, maxLength: 4 },
      ),
      policy: fc.record({
        cost: fc.constantFrom(0, 100, 400),
        weeks: fc.constantFrom(0, 4),
        share: sometimes(fc.constantFrom(0.25, 0.5, 1), 1),
        minimum: sometimes(fc.constantFrom(2, 5, 10), 2),
      }),
    })
    .map(({ instance, own, outcomes, policy }) => {
      const { doc } = instance;
      const records: PriorLearningRecord[] = doc.learningOutcomes
        .filter((_, i) => outcomes[i])
        .map((lo) => ({
          outcome: lo.id,
          method: 'validation',
          validatedOn: '2024-06-15',
          verified: true,
        }));
      return {
        ...instance,
        records,
        doc: {
          ...doc,
          providers: [
            {
              id: 'p',
              name: 'P',
              priorLearningPolicy: {
                exemption: true,
                cost: policy.cost,
                weeks: policy.weeks,
                ...(policy.share !== undefined ? { maxShareOfQualification: policy.share } : {}),
                ...(policy.minimum !== undefined ? { minCreditsWithProvider: policy.minimum } : {}),
              },
            },
            { id: 'o', name: 'O' },
          ],
          credentials: doc.credentials.map((c, i) => ({ ...c, provider: own[i % 12] ? 'p' : 'o' })),
        },
      };
    });
}
