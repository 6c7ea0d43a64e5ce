/**
 * The planner on real curricula: CurricularAnalytics CSV files from the shared reference data
 * (never copied into the project), read and mapped by the product's importer
 * (src/importers/curricular: courses as credentials, prerequisites as entry rules,
 * co-requisites, the curriculum as a qualification needing every course). A learner holding
 * nothing must get every course exactly once, prerequisites in strictly earlier steps,
 * co-requisites in the same or an earlier step, strict co-requisites in the same step, and the
 * steps the as-soon-as-possible order gives.
 *
 * Data: $PATHWAYS_DATA (default ../shared/data beside the project); without it the
 * curriculum cases are skipped with a message. The reader's own cases always run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planPathway } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { formatPath, parseCatalogue } from '../../src/model/index.js';
import { stepOf } from '../support/cases/catalogue.js';
import {
  courseId,
  creditSystemOf,
  curriculumCatalogue,
  decodeText,
  namespaceOf,
  parseCurricular,
  type Curriculum,
} from '../../src/importers/curricular/index.js';

/** Reads and parses a file with the product's importer; throws on a rejected file. */
function readCurricular(path: string): Curriculum {
  const name = basename(path);
  const parsed = parseCurricular(decodeText(readFileSync(path)).text, name);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  return parsed.curriculum;
}

describe('CurricularAnalytics reader', () => {
  it('parses RFC 4180 cells: quotes, doubled quotes, commas and line breaks in fields, CR/LF/CRLF', () => {
    const text =
      'Curriculum,"Say ""hi"", then\nweave"\rInstitution,ACME\r\nCourses\n' +
      'Course ID,Course Name,Prerequisites,Credit Hours\n1,"Baskets, Basic",,3\r2,B,"1",1\n';
    const parsed = parseCurricular(text, 'rfc.csv');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.curriculum.name).toBe('Say "hi", then\nweave');
    expect(parsed.curriculum.meta['Institution']).toBe('ACME');
    expect(parsed.curriculum.courses.map((c) => [c.id, c.name, c.prerequisites, c.line])).toEqual([
      ['1', 'Baskets, Basic', [], 6],
      ['2', 'B', ['1'], 7],
    ]);
  });

  it('decodes UTF-8 with a byte-order mark and Mac Roman', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('Curriculum,Café', 'utf8')]);
    expect(decodeText(bom)).toEqual({ text: 'Curriculum,Café', encoding: 'utf-8' });
    // "Caf\x8e" is "Café" in Mac Roman (0x8E = é) and is not valid UTF-8.
    expect(decodeText(Uint8Array.from([...Buffer.from('Caf', 'latin1'), 0x8e, 0xd5]))).toEqual({
      text: 'Café\u2019',
      encoding: 'macintosh',
    });
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
    const parsed = parseCurricular(text, 'ubw.csv');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const c = parsed.curriculum;
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
    const parsedDoc = parseCatalogue(document);
    expect(parsedDoc.ok).toBe(true);
    if (!parsedDoc.ok) return;
    const byId = new Map(parsedDoc.value.credentials.map((x) => [x.id, x]));
    // Quarter credit hours: 4/3 ECTS each.
    expect(byId.get('ubw:4')).toMatchObject({
      credits: 3.5 * (4 / 3),
      creditSystem: 'US quarter credit hours',
      creditsOriginal: 3.5,
      entryRule: { op: 'ALL', accepts: ['ubw:1'] },
      corequisites: [],
      strictCorequisites: ['ubw:5'],
    });
    expect(byId.get('ubw:6')!.corequisites).toEqual(['ubw:1', 'ubw:9']);
    // Additional courses are credentials of the plan, not requirements of the curriculum.
    expect(byId.get(qualification)).toMatchObject({
      qualification: true,
      credits: 10,
      creditsOriginal: 7.5,
      awardRule: { op: 'ALL', accepts: ['ubw:1', 'ubw:4', 'ubw:5', 'ubw:6'] },
      referencePlan: [
        { credential: 'ubw:1', term: 1 },
        { credential: 'ubw:4', term: 2 },
        { credential: 'ubw:5', term: 2 },
        { credential: 'ubw:6', term: 3 },
        { credential: 'ubw:9', term: 1 },
      ],
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
const CURRICULA: { file: string; courses: number; hours: number }[] = [
  {
    // The CurricularAnalytics.jl documentation example: a strict co-requisite and two others.
    file: 'curricularanalytics-jl-examples/docs_src_curriculum-ex.csv',
    courses: 8,
    hours: 23,
  },
  {
    // UMBC chemical engineering (upper division): non-contiguous ids, a strict co-requisite.
    file: 'ChemE Programs/Chemical Engineering/ENCH v2.csv',
    courses: 21,
    hours: 70,
  },
  {
    // New Mexico State chemical engineering BS: byte-order mark, CRLF, chained co-requisites.
    file: 'ChemE Programs/Chemical Engineering/Chemical Engineering BS Curriculum.csv',
    courses: 44,
    hours: 124,
  },
  {
    // University of Arizona computer science, a 2019-20 degree plan (with a Term column).
    file: 'Introduction To Curricular Analytics/Univ_of_Arizona-CS.csv',
    courses: 37,
    hours: 122,
  },
];

/**
 * Step of each course in the as-soon-as-possible order: after every prerequisite, with or
 * after every co-requisite, with every strict co-requisite (both in the later of their steps).
 */
function earliestSteps(c: Curriculum): Map<string, number> {
  const step = new Map(c.courses.map((x) => [x.id, 1]));
  const raise = (id: string, s: number) => {
    if (s <= step.get(id)!) return false;
    step.set(id, s);
    return true;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const x of c.courses) {
      let s = 1;
      for (const p of x.prerequisites) s = Math.max(s, step.get(p)! + 1);
      for (const co of [...x.corequisites, ...x.strictCorequisites])
        if (co !== x.id) s = Math.max(s, step.get(co)!);
      if (raise(x.id, s)) changed = true;
      for (const strict of x.strictCorequisites)
        if (strict !== x.id && raise(strict, step.get(x.id)!)) changed = true;
    }
  }
  return step;
}

(dataAvailable ? describe : describe.skip)('planning real curricula', () => {
  describe.each(CURRICULA)('$file', ({ file, courses, hours }) => {
    const prefix = namespaceOf(file);
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
      // Credits are ECTS: credit hours times the credit system's rate (semester: 2).
      expect(plan.totals.credits).toBeCloseTo(hours * creditSystemOf(curriculum).ects, 6);
      const taken = plan.steps.flatMap((s) => s.take.map((t) => t.credential));
      expect(taken).toHaveLength(courses);
      expect([...taken].sort()).toEqual(
        curriculum.courses.map((x) => courseId(prefix, x.id)).sort(),
      );

      const at = stepOf(plan);
      const stepOfCourse = (id: string) => at.get(courseId(prefix, id))!;
      for (const x of curriculum.courses) {
        for (const p of x.prerequisites) expect(stepOfCourse(p)).toBeLessThan(stepOfCourse(x.id));
        for (const co of x.corequisites)
          expect(stepOfCourse(co)).toBeLessThanOrEqual(stepOfCourse(x.id));
        for (const strict of x.strictCorequisites)
          expect(stepOfCourse(strict)).toBe(stepOfCourse(x.id));
      }
      // Steps are the as-soon-as-possible order.
      const earliest = earliestSteps(curriculum);
      for (const x of curriculum.courses) expect(stepOfCourse(x.id)).toBe(earliest.get(x.id));
      expect(plan.steps.at(-1)!.milestones.map((m) => m.credential)).toEqual([qualification]);
    });
  });
});
