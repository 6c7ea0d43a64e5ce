/**
 * The planner on real curricula: CurricularAnalytics CSV files from the shared reference data
 * (never copied into the project), read by test/support/cases/curricular.ts and turned into
 * a catalogue (courses as credentials, prerequisites as entry rules, co-requisites, the
 * curriculum as a qualification needing every course). A learner holding nothing must get
 * every course exactly once, prerequisites in strictly earlier steps, co-requisites in the
 * same or an earlier step, and the steps the as-soon-as-possible order gives.
 *
 * Data: $PATHWAYS_DATA (default ../shared/data beside the project); without it the
 * curriculum cases are skipped with a message. The reader's own cases always run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planPathway } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { formatPath, parseCatalogue } from '../../src/model/index.js';
import { stepOf } from '../support/cases/catalogue.js';
import {
  courseCredentialId,
  curriculumCatalogue,
  decodeText,
  parseCsv,
  parseCurricular,
  readCurricular,
  type Curriculum,
} from '../support/cases/curricular.js';

describe('CurricularAnalytics reader', () => {
  it('parses RFC 4180: quotes, doubled quotes, commas and line breaks in fields, CR/LF/CRLF', () => {
    expect(parseCsv('a,"b,c","say ""hi""",\r\n"multi\nline",x\ry\n')).toEqual([
      ['a', 'b,c', 'say "hi"', ''],
      ['multi\nline', 'x'],
      ['y'],
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
    expect(() => parseCsv('"open')).toThrow(/not closed/);
  });

  it('decodes UTF-8 with a byte-order mark and Mac Roman', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('Curriculum,Café', 'utf8')]);
    expect(decodeText(bom)).toBe('Curriculum,Café');
    // "Caf\x8e" is "Café" in Mac Roman (0x8E = é) and is not valid UTF-8.
    expect(decodeText(Uint8Array.from([...Buffer.from('Caf', 'latin1'), 0x8e, 0xd5]))).toBe(
      'Café\u2019',
    );
  });

  it('reads metadata, courses, requisites, terms and additional courses', () => {
    const text = [
      'Curriculum,Underwater Basket Weaving,,,,,,,,,',
      'Degree Plan,Precalc Ready,,,,,,,,,',
      'Institution,"ACME State University, Main Campus",,,,,,,,,',
      'System Type,quarter,,,,,,,,,',
      'Courses,,,,,,,,,,',
      'Course ID,Course Name,Prefix,Number,Prerequisites,Corequisites,Strict-Corequisites,Credit Hours,Institution,Canonical Name,Term',
      '1,Introduction to Baskets,BW,101,,,,3,,,1',
      '4,"Forms, Basic",BW,111,1,,5,3.5,,,2',
      '5,Forms Lab,BW,111L,,,,1,,,2',
      '6,Advanced,BW,201,4;5,1; 9,,0,,,3',
      ',,,,,,,,,,',
      'Additional Courses,,,,,,,,,,',
      'Course ID,Course Name,Prefix,Number,Prerequisites,Corequisites,Strict-Corequisites,Credit Hours,Institution,Canonical Name,Term',
      '9,Precalculus,MA,110,,,,3,,,1',
    ].join('\r\n');
    const c = parseCurricular(text);
    expect(c.name).toBe('Underwater Basket Weaving');
    expect(c.meta['Institution']).toBe('ACME State University, Main Campus');
    expect(c.courses.map((x) => x.id)).toEqual(['1', '4', '5', '6', '9']);
    expect(c.courses[1]).toMatchObject({
      name: 'Forms, Basic',
      prerequisites: ['1'],
      strictCorequisites: ['5'],
      creditHours: 3.5,
      term: 2,
      additional: false,
    });
    expect(c.courses[3]).toMatchObject({ prerequisites: ['4', '5'], corequisites: ['1', '9'] });
    expect(c.courses[3]!.creditHours).toBe(0);
    expect(c.courses[4]).toMatchObject({ name: 'Precalculus', additional: true });

    const { document, qualification } = curriculumCatalogue(c, 'ubw');
    const parsed = parseCatalogue(document);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const byId = new Map(parsed.value.credentials.map((x) => [x.id, x]));
    expect(byId.get('ubw:4')).toMatchObject({
      credits: 3.5,
      creditSystem: 'US quarter credit hours',
      entryRule: { op: 'ALL', accepts: ['ubw:1'] },
      corequisites: ['ubw:5'],
    });
    expect(byId.get('ubw:6')!.corequisites).toEqual(['ubw:1', 'ubw:9']);
    expect(byId.get(qualification)).toMatchObject({
      qualification: true,
      credits: 10.5,
      awardRule: { op: 'ALL', accepts: ['ubw:1', 'ubw:4', 'ubw:5', 'ubw:6', 'ubw:9'] },
    });
  });
});

const dataDir =
  process.env.PATHWAYS_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));
const curriculaDir = join(dataDir, 'curricula');
const dataAvailable = existsSync(curriculaDir);
if (!dataAvailable)
  console.warn(
    `CurricularAnalytics curricula not found in ${curriculaDir} (set PATHWAYS_DATA): skipping the real-curriculum planning cases.`,
  );

/** Real curricula, small to medium. */
const CURRICULA: { file: string; prefix: string; courses: number; hours: number }[] = [
  {
    // The CurricularAnalytics.jl documentation example: a strict co-requisite and two others.
    file: 'curricularanalytics-jl-examples/docs_src_curriculum-ex.csv',
    prefix: 'ubw',
    courses: 8,
    hours: 23,
  },
  {
    // UMBC chemical engineering (upper division): non-contiguous ids, a strict co-requisite.
    file: 'ChemE Programs/Chemical Engineering/ENCH v2.csv',
    prefix: 'umbc',
    courses: 21,
    hours: 70,
  },
  {
    // New Mexico State chemical engineering BS: byte-order mark, CRLF, chained co-requisites.
    file: 'ChemE Programs/Chemical Engineering/Chemical Engineering BS Curriculum.csv',
    prefix: 'nmsu',
    courses: 44,
    hours: 124,
  },
  {
    // University of Arizona computer science, a 2019-20 degree plan (with a Term column).
    file: 'Introduction To Curricular Analytics/Univ_of_Arizona-CS.csv',
    prefix: 'ua',
    courses: 37,
    hours: 122,
  },
];

/** Step of each course in the as-soon-as-possible order: after every prerequisite, with or after every co-requisite. */
function earliestSteps(c: Curriculum): Map<string, number> {
  const step = new Map(c.courses.map((x) => [x.id, 1]));
  for (let changed = true; changed;) {
    changed = false;
    for (const x of c.courses) {
      let s = 1;
      for (const p of x.prerequisites) s = Math.max(s, step.get(p)! + 1);
      for (const co of [...x.corequisites, ...x.strictCorequisites])
        if (co !== x.id) s = Math.max(s, step.get(co)!);
      if (s !== step.get(x.id)) {
        step.set(x.id, s);
        changed = true;
      }
    }
  }
  return step;
}

(dataAvailable ? describe : describe.skip)('planning real curricula', () => {
  describe.each(CURRICULA)('$file', ({ file, prefix, courses, hours }) => {
    // Read on first use: a skipped describe still runs its body to collect the tests.
    let loaded: Curriculum | undefined;
    const load = (): Curriculum => (loaded ??= readCurricular(join(curriculaDir, file)));

    it('reads as expected', () => {
      const curriculum = load();
      expect(curriculum.courses).toHaveLength(courses);
      const total = curriculum.courses.reduce((sum, x) => sum + x.creditHours, 0);
      expect(total).toBeCloseTo(hours, 9);
      const known = new Set(curriculum.courses.map((x) => x.id));
      for (const x of curriculum.courses)
        for (const r of [...x.prerequisites, ...x.corequisites, ...x.strictCorequisites])
          expect(known.has(r)).toBe(true);
    });

    it('a learner holding nothing takes every course once, in requisite order', () => {
      const curriculum = load();
      const { document, qualification } = curriculumCatalogue(curriculum, prefix);
      const parsed = parseCatalogue(document);
      if (!parsed.ok)
        throw new Error(
          `${file} rejected:\n` +
            parsed.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n'),
        );
      const graph = buildCatalogueGraph(parsed.value);
      const started = Date.now();
      const plan = planPathway(graph, {
        holdings: [],
        asOf: '2026-11-23',
        target: { qualification },
      });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(10_000);

      expect(plan.status).toBe('planned');
      expect(plan.optimality).toBe('optimal');
      expect(plan.totals.credits).toBeCloseTo(hours, 9);
      const taken = plan.steps.flatMap((s) => s.take.map((t) => t.credential));
      expect(taken).toHaveLength(courses);
      expect([...taken].sort()).toEqual(
        curriculum.courses.map((x) => courseCredentialId(prefix, x.id)).sort(),
      );

      const at = stepOf(plan);
      const stepOfCourse = (id: string) => at.get(courseCredentialId(prefix, id))!;
      for (const x of curriculum.courses) {
        for (const p of x.prerequisites) expect(stepOfCourse(p)).toBeLessThan(stepOfCourse(x.id));
        for (const co of [...x.corequisites, ...x.strictCorequisites])
          expect(stepOfCourse(co)).toBeLessThanOrEqual(stepOfCourse(x.id));
      }
      // Steps are the as-soon-as-possible order.
      const earliest = earliestSteps(curriculum);
      for (const x of curriculum.courses) expect(stepOfCourse(x.id)).toBe(earliest.get(x.id));
      expect(plan.steps.at(-1)!.milestones.map((m) => m.credential)).toEqual([qualification]);
    });
  });
});
