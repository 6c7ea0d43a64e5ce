/**
 * Coverage of an occupation's skills (src/analytics/coverage): a hand-worked catalogue with a
 * three-level skill hierarchy, and the module against a brute force computed from the
 * catalogue document on random catalogues.
 */
import fc from 'fast-check';
import { skillCoverage, CoverageReport } from '../../src/analytics/coverage/index.js';
import { AnalyticsInputError } from '../../src/analytics/errors.js';
import type { CatalogueDocumentInput } from '../../src/model/index.js';
import { graphOf } from './support.js';

const skill = (id: string, broader: string[] = []) => ({ id, label: `skill ${id}`, broader });
const outcome = (id: string, skills: string[]) => ({
  id,
  statement: id,
  skills: skills.map((s) => ({ skill: s })),
});

// s1a is narrower than s1, which is narrower than the group G.
const doc: CatalogueDocumentInput = {
  skills: [skill('G'), skill('s1', ['G']), skill('s1a', ['s1']), skill('s2'), skill('s3')],
  occupations: [
    { id: 'occ', label: 'occupation', essentialSkills: ['G', 's2', 's3'], optionalSkills: ['s1'] },
  ],
  learningOutcomes: [outcome('lo1', ['s1a']), outcome('lo2', ['s2'])],
  credentials: [
    { id: 'a', title: 'a', kind: 'module', credits: 5, learningOutcomes: ['lo1'] },
    { id: 'b', title: 'b', kind: 'module', credits: 5, learningOutcomes: ['lo2'] },
    {
      id: 'q',
      title: 'q',
      kind: 'certificate',
      qualification: true,
      credits: 5,
      awardRule: { op: 'ALL', accepts: ['a'] },
    },
  ],
};
const graph = graphOf(doc);
const covered = (r: CoverageReport) =>
  Object.fromEntries(r.skills.map((s) => [s.skill, s.coveredBy.map((c) => c.credential)]));

describe('skill coverage, hand-worked', () => {
  it('covers a skill by itself or a skill one level narrower, over the whole catalogue', () => {
    const r = skillCoverage(graph, { occupation: 'occ' });
    expect(covered(r)).toEqual({ G: [], s2: ['b'], s3: [], s1: ['a'] });
    expect(r.skills.find((s) => s.skill === 's1')!.coveredBy).toEqual([
      { credential: 'a', outcome: 'lo1', developed: 's1a' },
    ]);
    expect([r.essential, r.optional, r.gaps]).toEqual([
      { total: 3, covered: 1, share: 1 / 3 },
      { total: 1, covered: 1, share: 1 },
      ['G', 's3'],
    ]);
    expect(r.subject).toEqual({ kind: 'catalogue', credentials: 3 });
    expect(CoverageReport.parse(r)).toEqual(r);
  });

  it('climbs further on request, or not at all', () => {
    expect(skillCoverage(graph, { occupation: 'occ', narrowerLevels: 2 }).gaps).toEqual(['s3']);
    expect(covered(skillCoverage(graph, { occupation: 'occ', narrowerLevels: 0 }))).toEqual({
      G: [],
      s2: ['b'],
      s3: [],
      s1: [],
    });
  });

  it('measures a qualification (what its rule takes in) or a set of credentials', () => {
    const q = skillCoverage(graph, { occupation: 'occ', by: { qualification: 'q' } });
    expect(q.subject).toEqual({ kind: 'qualification', credentials: 2 });
    expect(covered(q)).toEqual({ G: [], s2: [], s3: [], s1: ['a'] });
    expect(q.gaps).toEqual(['G', 's2', 's3']);
    const b = skillCoverage(graph, {
      occupation: 'occ',
      by: { credentials: ['b'] },
      includeOptional: false,
    });
    expect(covered(b)).toEqual({ G: [], s2: ['b'], s3: [] });
    expect(b.optional).toEqual({ total: 0, covered: 0, share: null });
  });

  it.each([
    [{ occupation: 'a' }, /"a" is not an occupation/],
    [{ occupation: 'occ', by: { credentials: ['zz'] } }, /"zz" is not a credential/],
    [{ occupation: 'occ', by: { qualification: 'zz' } }, /"zz" is not a credential/],
    [{ occupation: 'occ', narrowerLevels: -1 }, /options\.narrowerLevels/],
  ])('rejects %j, naming the module', (options, message) => {
    expect(() => skillCoverage(graph, options as never)).toThrow(AnalyticsInputError);
    expect(() => skillCoverage(graph, options as never)).toThrow(
      new RegExp(`^analytics/coverage: .*${message.source}`),
    );
  });
});

describe('skill coverage against a brute force on random catalogues', () => {
  const arb = fc.integer({ min: 1, max: 8 }).chain((skills) =>
    fc.record({
      broader: fc.tuple(
        ...[...Array(skills).keys()].map((i) =>
          fc.uniqueArray(fc.nat(Math.max(0, i - 1)), { maxLength: i === 0 ? 0 : 2 }),
        ),
      ),
      essential: fc.uniqueArray(fc.nat(skills - 1), { maxLength: 4 }),
      optional: fc.uniqueArray(fc.nat(skills - 1), { maxLength: 3 }),
      develops: fc.array(fc.uniqueArray(fc.nat(skills - 1), { maxLength: 2 }), {
        minLength: 1,
        maxLength: 5,
      }),
      certifies: fc.array(fc.uniqueArray(fc.nat(4), { maxLength: 3 }), {
        minLength: 1,
        maxLength: 5,
      }),
      levels: fc.integer({ min: 0, max: 3 }),
      subset: fc.option(fc.uniqueArray(fc.nat(4), { minLength: 1, maxLength: 3 }), {
        nil: undefined,
      }),
    }),
  );

  it('covers exactly the skills that some subject outcome develops at or below', () => {
    fc.assert(
      fc.property(arb, (k) => {
        const los = k.develops.map((d, i) =>
          outcome(
            `lo${i}`,
            d.map((j) => `s${j}`),
          ),
        );
        const creds = k.certifies.map((c, i) => ({
          id: `c${i}`,
          title: `c${i}`,
          kind: 'module' as const,
          credits: 1,
          learningOutcomes: c.filter((j) => j < los.length).map((j) => `lo${j}`),
        }));
        const essential = k.essential.map((j) => `s${j}`);
        const optional = k.optional.map((j) => `s${j}`).filter((s) => !essential.includes(s));
        const d: CatalogueDocumentInput = {
          skills: k.broader.map((b, i) =>
            skill(
              `s${i}`,
              b.map((j) => `s${j}`),
            ),
          ),
          occupations: [
            { id: 'occ', label: 'o', essentialSkills: essential, optionalSkills: optional },
          ],
          learningOutcomes: los,
          credentials: creds,
        };
        const subject = k.subset?.filter((j) => j < creds.length).map((j) => `c${j}`);
        const r = skillCoverage(graphOf(d), {
          occupation: 'occ',
          narrowerLevels: k.levels,
          ...(subject?.length ? { by: { credentials: subject } } : {}),
        });
        // Brute force: the skills within `levels` broader steps of what each outcome develops.
        const broader = new Map(k.broader.map((b, i) => [`s${i}`, b.map((j) => `s${j}`)]));
        const within = (s: string, n: number): string[] =>
          n === 0 ? [s] : [s, ...broader.get(s)!.flatMap((b) => within(b, n - 1))];
        const inSubject = subject?.length ? subject : creds.map((c) => c.id);
        const expected = [...essential, ...optional].map((s) =>
          creds.some(
            (c) =>
              inSubject.includes(c.id) &&
              c.learningOutcomes.some((lo) =>
                los
                  .find((l) => l.id === lo)!
                  .skills.some((x) => within(x.skill, k.levels).includes(s)),
              ),
          ),
        );
        expect(r.skills.map((s) => s.skill)).toEqual([...essential, ...optional]);
        expect(r.skills.map((s) => s.coveredBy.length > 0)).toEqual(expected);
        expect(r.gaps).toEqual(essential.filter((_s, i) => !expected[i]));
      }),
      { numRuns: 300 },
    );
  });
});
