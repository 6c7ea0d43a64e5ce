/**
 * Term packing under a credit cap (src/engine/planner/terms.ts): on random small curricula
 * (prerequisites, co-requisites, strict co-requisites, credits, a cap) the number of terms
 * against the exhaustive reference's fewest, and on the real CurricularAnalytics degree plans
 * against the institution's own plan with the cap at its heaviest term.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { buildProblem, packTerms, planPathway } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import {
  courseId,
  creditSystemOf,
  curriculumCatalogue,
  decodeText,
  namespaceOf,
  parseCurricular,
} from '../../src/importers/curricular/index.js';
import type { CatalogueDocument, Credential } from '../../src/model/catalogue.js';
import { parseCatalogue } from '../../src/model/index.js';
import { RefPlanner } from '../support/reference/index.js';
import { planSet } from './differential-harness.js';

const SEED = 20261204;

interface CourseSpec {
  credits: number;
  prerequisites: number[];
  corequisite: number | undefined;
  strict: boolean;
}

/** 3–9 courses, each needing some earlier ones; a degree needing them all. */
const curriculumSpec = fc.record({
  courses: fc.array(
    fc.record({
      credits: fc.integer({ min: 0, max: 6 }),
      prerequisites: fc.array(fc.nat(8), { maxLength: 2 }),
      corequisite: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.nat(8) },
      ),
      strict: fc.boolean(),
    }),
    { minLength: 3, maxLength: 9 },
  ),
  cap: fc.integer({ min: 3, max: 12 }),
});

function documentOf(courses: CourseSpec[]): CatalogueDocument {
  const id = (i: number) => `k${i}`;
  const credentials: Credential[] = courses.map((c, i) => {
    const prerequisites = i === 0 ? [] : [...new Set(c.prerequisites.map((p) => id(p % i)))];
    const partner =
      c.corequisite === undefined || courses.length < 2
        ? undefined
        : id((i + 1 + (c.corequisite % (courses.length - 1))) % courses.length);
    return {
      id: id(i),
      title: `Course ${i}`,
      kind: 'course',
      qualification: false,
      credits: c.credits,
      learningOutcomes: [],
      precedes: [],
      corequisites: partner && !c.strict ? [partner] : [],
      ...(partner && c.strict ? { strictCorequisites: [partner] } : {}),
      ...(prerequisites.length
        ? { entryRule: { op: 'ALL' as const, accepts: prerequisites } }
        : {}),
    };
  });
  credentials.push({
    id: 'degree',
    title: 'Degree',
    kind: 'degree',
    qualification: true,
    credits: 60,
    learningOutcomes: [],
    precedes: [],
    corequisites: [],
    awardRule: { op: 'ALL', accepts: courses.map((_c, i) => id(i)) },
  });
  return {
    format: 'pathways-catalogue/1',
    providers: [],
    credentials,
    learningOutcomes: [],
    skills: [],
    occupations: [],
    recognitions: [],
    learners: [],
  };
}

describe('term packing vs the fewest terms (exhaustive)', () => {
  it('takes the fewest terms, proven, with a bound never above them; every term within the cap or unsplittable', () => {
    let packed = 0;
    let searched = 0;
    fc.assert(
      fc.property(curriculumSpec, ({ courses, cap }) => {
        const doc = documentOf(courses);
        const request = {
          holdings: [],
          asOf: '2026-01-15',
          target: { qualification: 'degree' },
          constraints: { maxCreditsPerTerm: cap },
        };
        const plan = planPathway(buildCatalogueGraph(doc), request);
        // Courses without credits make the objective credits, count, cost (and the reference's).
        const reference = new RefPlanner(doc, { ...request, objective: plan.objective });
        if (!reference.optimum().feasible) {
          expect(plan.status).toBe('infeasible');
          return;
        }
        expect(plan.status).toBe('planned');
        expect(reference.verify(plan, { maxCreditsPerTerm: cap })).toEqual([]);
        const fewest = reference.minTerms(planSet(plan), cap);
        expect(plan.terms).toEqual({
          maxCreditsPerTerm: cap,
          count: fewest,
          lowerBound: fewest,
          minimal: true,
        });
        packed++;
        // How often the list schedule alone was not proven: the exact search had work to do.
        const problem = buildProblem(buildCatalogueGraph(doc), request);
        const greedy = packTerms(problem, planSet(plan), cap, { maxNodes: 0 });
        expect(greedy.lowerBound).toBeLessThanOrEqual(fewest);
        expect(greedy.terms.length).toBeGreaterThanOrEqual(fewest);
        if (!greedy.minimal) searched++;
      }),
      { seed: SEED, numRuns: 1500 },
    );
    console.info(`term packing: ${packed} plans checked, ${searched} needing the exact search`);
    expect(packed).toBeGreaterThan(900);
    expect(searched).toBeGreaterThan(50);
  });
});

describe('term packing bounds', () => {
  it('credit values that cannot fill the terms: 132 credits need 8 terms of 19, proven', () => {
    // Only three courses leave a remainder of 1 in thirds, and two of 5 are needed for
    // another: at most four terms of 19, so seven terms (slack 1) cannot hold 132.
    const sizes = [...Array<number>(34).fill(3), 4, 4, 5, 5, 5, 1, 6];
    const doc = documentOf(
      sizes.map((credits) => ({
        credits,
        prerequisites: [],
        corequisite: undefined,
        strict: false,
      })),
    );
    const request = {
      holdings: [],
      asOf: '2026-01-15',
      target: { qualification: 'degree' },
      constraints: { maxCreditsPerTerm: 19 },
    };
    const plan = planPathway(buildCatalogueGraph(doc), request);
    expect(plan.terms).toEqual({ maxCreditsPerTerm: 19, count: 8, lowerBound: 8, minimal: true });
    expect(plan.steps.every((s) => s.credits <= 19)).toBe(true);
    // The bound alone proves it, without the exact search.
    const problem = buildProblem(buildCatalogueGraph(doc), request);
    expect(packTerms(problem, planSet(plan), 19, { maxNodes: 0 })).toMatchObject({
      lowerBound: 8,
      minimal: true,
      nodes: 0,
    });
  });
});

const dataDir =
  process.env.PATHWAYS_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));
const curriculaDir = join(dataDir, 'curricula');
const dataAvailable = existsSync(curriculaDir);
if (!dataAvailable)
  console.warn(
    `CurricularAnalytics curricula not found in ${curriculaDir} (set PATHWAYS_DATA): skipping the degree-plan term packing cases.`,
  );

function csvFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return csvFiles(path);
    return name.toLowerCase().endsWith('.csv') ? [path] : [];
  });
}

(dataAvailable ? describe : describe.skip)('term packing on real degree plans', () => {
  it("never takes more terms than the institution's plan, with the cap at its heaviest term; proven or bounded", () => {
    let plans = 0;
    let proven = 0;
    const notProven: string[] = [];
    for (const path of csvFiles(curriculaDir)) {
      const parsed = parseCurricular(decodeText(readFileSync(path)).text, basename(path));
      if (!parsed.ok) continue;
      const curriculum = parsed.curriculum;
      if (!curriculum.courses.some((c) => c.term !== undefined)) continue;
      const file = relative(curriculaDir, path);
      const prefix = namespaceOf(file);
      const { document, qualification } = curriculumCatalogue(curriculum, prefix);
      const doc = parseCatalogue(document);
      if (!doc.ok) continue;
      const rate = creditSystemOf(curriculum).ects;
      const byTerm = new Map<number, string[]>();
      for (const c of curriculum.courses)
        if (c.term !== undefined)
          byTerm.set(c.term, [...(byTerm.get(c.term) ?? []), courseId(prefix, c.id)]);
      const hours = new Map(curriculum.courses.map((c) => [courseId(prefix, c.id), c.creditHours]));
      const heaviest = Math.max(
        ...[...byTerm.values()].map((ids) => ids.reduce((s, id) => s + hours.get(id)!, 0)),
      );
      const graph = buildCatalogueGraph(doc.value);
      const request = {
        holdings: [],
        asOf: '2026-01-15',
        target: { qualification },
        constraints: { maxCreditsPerTerm: heaviest * rate },
      };
      const plan = planPathway(graph, request);
      // A curriculum that can never be completed (a strict co-requisite ordered apart) is
      // explained, not planned; see curricular.test.ts.
      if (plan.status !== 'planned') continue;
      plans++;
      const terms = plan.terms!;
      expect({ file, terms: terms.count }).toEqual({ file, terms: plan.steps.length });
      expect({ file, atMost: terms.count <= byTerm.size }).toEqual({ file, atMost: true });
      expect(terms.lowerBound).toBeLessThanOrEqual(terms.count);
      expect(terms.lowerBound).toBeGreaterThan(0);
      if (terms.minimal) {
        expect(terms.lowerBound).toBe(terms.count);
        proven++;
      } else notProven.push(`${file}: ${terms.count} terms, at least ${terms.lowerBound}`);
    }
    console.info(
      `term packing on ${plans} degree plans: ${proven} proven the fewest terms` +
        (notProven.length ? `; bounded only:\n  ${notProven.join('\n  ')}` : ''),
    );
    expect(plans).toBeGreaterThan(300);
    expect(proven).toBeGreaterThan(plans * 0.95);
  });
});
