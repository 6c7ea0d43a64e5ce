import { z } from 'zod';
import {
  credentialOf,
  providerOf,
  type CatalogueGraph,
  type CredentialNode,
} from '../../graph/index.js';
import { CredentialKind, Id, type Provider } from '../../model/index.js';
import { parseOptions, requireProvider } from '../errors.js';
import { stackability } from '../stackability/index.js';

const MODULE = 'quality';

/**
 * The mandatory elements of Annex I of the Council Recommendation on micro-credentials
 * (2022/C 243/02) that a catalogue record can hold. The Recommendation's other mandatory
 * elements (learner identity, date of issue) belong to an issued award, not to the catalogue.
 */
export const StandardElement = z
  .enum([
    'title',
    'country',
    'awardingBody',
    'learningOutcomes',
    'workload',
    'level',
    'assessment',
    'participation',
    'qualityAssurance',
  ])
  .meta({ id: 'StandardElement' });
export type StandardElement = z.infer<typeof StandardElement>;

/** The criteria of the Recommendation that the catalogue's data can show. */
export const QualityCriterion = z
  .enum(['qualityAssuredProvider', 'qualificationLink', 'workloadStated', 'assessmentStated'])
  .meta({ id: 'QualityCriterion' });
export type QualityCriterion = z.infer<typeof QualityCriterion>;

export const QualityOptions = z
  .object({
    provider: Id.optional().describe('Only the credentials this provider awards.'),
    kinds: z
      .array(CredentialKind)
      .min(1)
      .default(['micro-credential'])
      .describe(
        'Only credentials of these kinds (default: micro-credentials, which the Recommendation is about).',
      ),
  })
  .strict();
export type QualityOptions = z.input<typeof QualityOptions>;

export const CredentialQuality = z
  .object({
    credential: Id,
    title: z.string(),
    kind: z.string(),
    provider: Id.optional(),
    present: z.array(StandardElement),
    missing: z.array(StandardElement).describe('Mandatory elements the record does not state.'),
    failed: z.array(QualityCriterion).describe('Criteria the data shows are not met.'),
    countsTowards: z
      .array(Id)
      .describe('The full qualifications it counts towards (as stackability has them).'),
  })
  .meta({ id: 'CredentialQuality' });
export type CredentialQuality = z.infer<typeof CredentialQuality>;

const perElement = z.record(StandardElement, z.number().int());
const perCriterion = z.record(QualityCriterion, z.number().int());

export const ProviderQuality = z
  .object({
    provider: Id.nullable().describe('null: credentials naming no awarding body.'),
    name: z.string().optional(),
    qualityAssured: z.boolean().optional(),
    credentials: z.number().int().describe('Credentials checked.'),
    complete: z.number().int().describe('Credentials with every mandatory element.'),
    meetingCriteria: z.number().int().describe('Credentials failing no criterion.'),
    missing: perElement.describe('Per element, the credentials missing it.'),
    failed: perCriterion.describe('Per criterion, the credentials failing it.'),
  })
  .meta({ id: 'ProviderQuality' });
export type ProviderQuality = z.infer<typeof ProviderQuality>;

export const QualityReport = z
  .object({
    standard: z.string().describe('The standard the credentials are checked against.'),
    scope: z.object({ provider: Id.optional(), kinds: z.array(CredentialKind) }),
    credentials: z.array(CredentialQuality).describe('In catalogue order.'),
    providers: z.array(ProviderQuality).describe('In catalogue order; no-provider last.'),
  })
  .meta({ id: 'QualityReport' });
export type QualityReport = z.infer<typeof QualityReport>;

export const QUALITY_STANDARD =
  'Council Recommendation of 16 June 2022 on a European approach to micro-credentials for lifelong learning and employability (2022/C 243/02), Annex I';

const stated = (s: string | undefined) => s !== undefined && s.trim() !== '';

/** Which elements one credential's record states (see README for each rule). */
function elementsOf(
  graph: CatalogueGraph,
  c: CredentialNode,
  provider: Provider | undefined,
): Record<StandardElement, boolean> {
  return {
    title: stated(c.title),
    // The issuer's country: the credential's own, else its awarding body's.
    country: stated(c.country) || stated(provider?.country),
    awardingBody: provider !== undefined,
    learningOutcomes: c.learningOutcomes.some(
      (lo) => graph.hasNode(lo) && graph.getNodeAttribute(lo, 'type') === 'outcome',
    ),
    workload: c.credits > 0,
    level: c.eqfLevel !== undefined || stated(c.nqfLevel),
    assessment: stated(c.assessment),
    participation: stated(c.participation),
    qualityAssurance: stated(c.qualityAssurance),
  };
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * Every credential in scope checked against the mandatory elements of the Council
 * Recommendation on micro-credentials that a catalogue can hold, and the criteria its data
 * can show: what each one is missing, which criteria it fails, and per provider a summary.
 * The link to a full qualification is stackability's "counts towards".
 */
export function credentialQuality(
  graph: CatalogueGraph,
  options: QualityOptions = {},
): QualityReport {
  const opts = parseOptions(MODULE, QualityOptions, options);
  requireProvider(MODULE, graph, opts.provider);
  const stacking = stackability(
    graph,
    opts.provider === undefined ? {} : { provider: opts.provider },
  );
  const towards = new Map(
    stacking.credentials.map((r) => [r.credential, r.countsTowards.map((t) => t.qualification)]),
  );
  const kinds = new Set(opts.kinds);

  const rows: CredentialQuality[] = [];
  for (const row of stacking.credentials) {
    const c = credentialOf(graph, row.credential)!;
    if (!kinds.has(c.kind)) continue;
    const provider = providerOf(graph, c.provider);
    const elements = elementsOf(graph, c, provider);
    const countsTowards = towards.get(c.id) ?? [];
    const criteria: Record<QualityCriterion, boolean> = {
      qualityAssuredProvider: provider?.qualityAssured === true,
      // A qualification is itself the full qualification.
      qualificationLink: c.qualification || countsTowards.length > 0,
      workloadStated: elements.workload,
      assessmentStated: elements.assessment,
    };
    rows.push({
      credential: c.id,
      title: c.title,
      kind: c.kind,
      ...(c.provider === undefined ? {} : { provider: c.provider }),
      present: StandardElement.options.filter((e) => elements[e]),
      missing: StandardElement.options.filter((e) => !elements[e]),
      failed: QualityCriterion.options.filter((k) => !criteria[k]),
      countsTowards,
    });
  }

  // Per provider, in catalogue order, then the credentials naming none (or an unknown one).
  const summaries = new Map<string | null, ProviderQuality>();
  graph.forEachNode((id, node) => {
    if (node.type !== 'provider' || (opts.provider !== undefined && id !== opts.provider)) return;
    summaries.set(id, {
      provider: id,
      name: node.name,
      ...(node.qualityAssured === undefined ? {} : { qualityAssured: node.qualityAssured }),
      credentials: 0,
      complete: 0,
      meetingCriteria: 0,
      missing: zeros(StandardElement.options),
      failed: zeros(QualityCriterion.options),
    });
  });
  for (const row of rows) {
    const key = providerOf(graph, row.provider) ? row.provider! : null;
    let s = summaries.get(key);
    if (!s)
      summaries.set(
        key,
        (s = {
          provider: null,
          credentials: 0,
          complete: 0,
          meetingCriteria: 0,
          missing: zeros(StandardElement.options),
          failed: zeros(QualityCriterion.options),
        }),
      );
    s.credentials++;
    if (row.missing.length === 0) s.complete++;
    if (row.failed.length === 0) s.meetingCriteria++;
    for (const e of row.missing) s.missing[e]++;
    for (const k of row.failed) s.failed[k]++;
  }

  return {
    standard: QUALITY_STANDARD,
    scope: {
      ...(opts.provider === undefined ? {} : { provider: opts.provider }),
      kinds: opts.kinds,
    },
    credentials: rows,
    providers: [...summaries.values()],
  };
}
