/**
 * Quality against the European standard (src/analytics/quality): a hand-worked catalogue in
 * which each credential lacks a known set of the Council Recommendation's mandatory elements
 * and fails a known set of criteria, checked per credential and per provider.
 */
import {
  credentialQuality,
  QualityReport,
  StandardElement,
} from '../../src/analytics/quality/index.js';
import { AnalyticsInputError } from '../../src/analytics/errors.js';
import { providerOf } from '../../src/graph/index.js';
import type { CatalogueDocumentInput } from '../../src/model/index.js';
import { seedGraph } from '../support/seed.js';
import { graphOf } from './support.js';

/** Every element the catalogue can hold, stated. */
const complete = {
  country: 'IE',
  assessment: 'Graded project',
  participation: 'Online, self-paced',
  qualityAssurance: 'Internal QA approved by QQI',
  eqfLevel: 6,
  learningOutcomes: ['lo1'],
};

const doc: CatalogueDocumentInput = {
  providers: [
    { id: 'qa', name: 'Assured College', country: 'IE', qualityAssured: true },
    { id: 'nqa', name: 'Unassured Academy', country: 'NL', qualityAssured: false },
  ],
  learningOutcomes: [{ id: 'lo1', statement: 'analyses data' }],
  credentials: [
    // Everything stated, counts towards dip.
    {
      id: 'full',
      title: 'Full',
      kind: 'micro-credential',
      credits: 5,
      provider: 'qa',
      ...complete,
    },
    // No country of its own (the provider's counts), NQF level instead of EQF; no assessment,
    // no participation; an orphan.
    {
      id: 'gaps',
      title: 'Gaps',
      kind: 'micro-credential',
      credits: 5,
      provider: 'qa',
      qualityAssurance: 'QQI',
      nqfLevel: 'NFQ 8',
      learningOutcomes: ['lo1'],
    },
    // A provider that is not quality assured; no credits, no outcomes, no level.
    {
      id: 'thin',
      title: 'Thin',
      kind: 'micro-credential',
      credits: 0,
      provider: 'nqa',
      country: 'NL',
      assessment: 'Quiz',
      participation: 'In person',
      qualityAssurance: 'None external',
    },
    // No awarding body, so no country either; counts towards dip by its rule.
    {
      id: 'anon',
      title: 'Anonymous',
      kind: 'micro-credential',
      credits: 2,
      ...complete,
      country: undefined,
    },
    // Not a micro-credential: out of scope by default.
    { id: 'mod', title: 'Module', kind: 'module', credits: 10, provider: 'qa' },
    {
      id: 'dip',
      title: 'Diploma',
      kind: 'diploma',
      qualification: true,
      credits: 60,
      provider: 'qa',
      ...complete,
      awardRule: { op: 'ALL', accepts: ['full', 'anon', 'mod'] },
    },
  ],
};
const graph = graphOf(doc);

const verdicts = (r: QualityReport) =>
  Object.fromEntries(
    r.credentials.map((c) => [c.credential, { missing: c.missing, failed: c.failed }]),
  );

describe('credential quality, hand-worked', () => {
  const r = credentialQuality(graph);

  it('names, per micro-credential, the mandatory elements missing and the criteria failed', () => {
    expect(r.scope).toEqual({ kinds: ['micro-credential'] });
    expect(verdicts(r)).toEqual({
      full: { missing: [], failed: [] },
      gaps: {
        missing: ['assessment', 'participation'],
        failed: ['qualificationLink', 'assessmentStated'],
      },
      thin: {
        missing: ['learningOutcomes', 'workload', 'level'],
        failed: ['qualityAssuredProvider', 'qualificationLink', 'workloadStated'],
      },
      anon: { missing: ['country', 'awardingBody'], failed: ['qualityAssuredProvider'] },
    });
    const full = r.credentials.find((c) => c.credential === 'full')!;
    expect(full.present).toEqual(StandardElement.options);
    expect(full.countsTowards).toEqual(['dip']);
    expect(QualityReport.parse(r)).toEqual(r);
  });

  it('sums up per provider, with credentials naming none last', () => {
    expect(
      r.providers.map((p) => [p.provider, p.credentials, p.complete, p.meetingCriteria]),
    ).toEqual([
      ['qa', 2, 1, 1],
      ['nqa', 1, 0, 0],
      [null, 1, 0, 0],
    ]);
    const qa = r.providers[0]!;
    expect(qa).toMatchObject({ name: 'Assured College', qualityAssured: true });
    expect(qa.missing).toEqual({
      title: 0,
      country: 0,
      awardingBody: 0,
      learningOutcomes: 0,
      workload: 0,
      level: 0,
      assessment: 1,
      participation: 1,
      qualityAssurance: 0,
    });
    expect(qa.failed).toEqual({
      qualityAssuredProvider: 0,
      qualificationLink: 1,
      workloadStated: 0,
      assessmentStated: 1,
    });
  });

  it('narrows to a provider and to kinds; a qualification links to itself', () => {
    const qa = credentialQuality(graph, { provider: 'qa', kinds: ['module', 'diploma'] });
    expect(qa.scope).toEqual({ provider: 'qa', kinds: ['module', 'diploma'] });
    expect(verdicts(qa)).toEqual({
      mod: {
        missing: ['learningOutcomes', 'level', 'assessment', 'participation', 'qualityAssurance'],
        failed: ['assessmentStated'],
      },
      dip: { missing: [], failed: [] },
    });
    expect(qa.providers.map((p) => p.provider)).toEqual(['qa']);
  });

  it('refuses bad options, naming the field', () => {
    expect(() => credentialQuality(graph, { provider: 'nobody' })).toThrow(
      new AnalyticsInputError(
        'quality',
        'provider "nobody" is not in the catalogue',
        ['provider'],
        'unknown-id',
      ),
    );
    expect(() => credentialQuality(graph, { kinds: ['nanodegree'] } as never)).toThrow(
      /^analytics\/quality: invalid options: options\.kinds\[0\]/,
    );
    expect(() => credentialQuality(graph, { kinds: [] })).toThrow(/options\.kinds/);
    // An id of the catalogue that is not a provider (a credential's) is no provider either.
    expect(() => credentialQuality(graph, { provider: 'full' })).toThrow(
      /^analytics\/quality: provider "full" is not in the catalogue/,
    );
  });

  it("reads awarding bodies through the graph's one providerOf, as the option check does", () => {
    expect(providerOf(graph, 'qa')).toMatchObject({ name: 'Assured College', country: 'IE' });
    expect(providerOf(graph, 'full')).toBeUndefined();
    expect(providerOf(graph, 'nobody')).toBeUndefined();
    expect(providerOf(graph, undefined)).toBeUndefined();
  });
});

describe('credential quality on the seed catalogue', () => {
  it('reports exactly the one micro-credential its README leaves unfinished', () => {
    const seed = seedGraph();
    const r = credentialQuality(seed);
    const incomplete = r.credentials.filter((c) => c.missing.length > 0);
    expect(incomplete.map((c) => [c.credential, c.missing, c.failed])).toEqual([
      [
        'rijnmond:mc-power-bi',
        ['assessment', 'participation', 'qualityAssurance'],
        ['assessmentStated'],
      ],
    ]);
    const rijnmond = r.providers.find((p) => p.provider === 'rijnmond')!;
    expect(rijnmond.complete).toBe(rijnmond.credentials - 1);
    // The German training centre is not under an external QA regime: every one of its
    // micro-credentials fails that criterion, and only that one.
    const bzn = r.providers.find((p) => p.provider === 'bzn')!;
    expect(bzn.credentials).toBeGreaterThan(0);
    expect(bzn.failed).toEqual({
      qualityAssuredProvider: bzn.credentials,
      qualificationLink: 0,
      workloadStated: 0,
      assessmentStated: 0,
    });
    expect(bzn.meetingCriteria).toBe(0);
  });
});
