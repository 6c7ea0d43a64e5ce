/**
 * Planner regressions from real data, each on a small file of our own (test/engine/fixtures):
 * strict co-requisites split across steps, ties at zero credits, a cycle of requisites
 * explained without naming it, and term packing under a credit cap.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPlan } from '../../src/export/text.js';
import { planToMarkdown } from '../../src/export/plan.js';
import { planPathway, type Plan, type PlanRequest } from '../../src/engine/planner/index.js';
import { buildCatalogueGraph, type CatalogueGraph } from '../../src/graph/index.js';
import {
  courseId,
  curriculumCatalogue,
  decodeText,
  parseCurricular,
} from '../../src/importers/curricular/index.js';
import { documentOf, stepsOf, taken } from '../support/cases/catalogue.js';
import type { CatalogueDocumentInput } from '../../src/model/catalogue.js';
import { RefPlanner } from '../support/reference/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

/** A CurricularAnalytics file read by the product's importer, as a graph and its degree. */
function curriculum(name: string): {
  graph: CatalogueGraph;
  degree: string;
  id: (n: string) => string;
} {
  const parsed = parseCurricular(decodeText(readFileSync(fixture(name))).text, basename(name));
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  const { document, qualification } = curriculumCatalogue(parsed.curriculum, 'fx');
  return {
    graph: buildCatalogueGraph(documentOf(document)),
    degree: qualification,
    id: (n) => courseId('fx', n),
  };
}

const planFor = (graph: CatalogueGraph, target: string, extra: Partial<PlanRequest> = {}): Plan =>
  planPathway(graph, {
    holdings: [],
    asOf: '2026-01-15',
    target: { qualification: target },
    ...extra,
  });

describe('strict co-requisites (strict-corequisite.csv)', () => {
  it('a course and its strict co-requisite are planned in the same step, after the prerequisite', () => {
    const { graph, degree, id } = curriculum('strict-corequisite.csv');
    const plan = planFor(graph, degree);
    expect(plan.status).toBe('planned');
    // Course 2 needs 1 first and its lab 3 in the same term: 3 waits for 2, not step 1.
    expect(stepsOf(plan)).toEqual([[id('1')], [id('2'), id('3')]]);
    expect(plan.steps[1]!.take.find((t) => t.credential === id('3'))!.reasons).toContain(
      'strict co-requisite of Chemistry II (taken in the same step)',
    );
  });

  it('under a credit cap the pair still shares a term, and the packing is proven', () => {
    const { graph, degree, id } = curriculum('strict-corequisite.csv');
    // 3 semester hours are 6 ECTS: course 2 and its lab (8 ECTS) only fit together in 8.
    const plan = planFor(graph, degree, { constraints: { maxCreditsPerTerm: 8 } });
    expect(stepsOf(plan)).toEqual([[id('1')], [id('2'), id('3')]]);
    expect(plan.terms).toEqual({ maxCreditsPerTerm: 8, count: 2, lowerBound: 2, minimal: true });
    expect(formatPlan(plan)).toContain(
      '2 terms of at most 8 credits, proven the fewest for these credentials.',
    );
    expect(planToMarkdown(plan)).toContain('**Terms:** 2 of at most 8 credits; proven the fewest.');
    // Under a cap the pair exceeds, it is a group that cannot be split: a term of its own.
    const tight = planFor(graph, degree, { constraints: { maxCreditsPerTerm: 6 } });
    expect(stepsOf(tight)).toEqual([[id('1')], [id('2'), id('3')]]);
  });

  it('the reference rejects a plan that splits them', () => {
    const { graph, degree, id } = curriculum('strict-corequisite.csv');
    const plan = planFor(graph, degree);
    const parsed = parseCurricular(
      decodeText(readFileSync(fixture('strict-corequisite.csv'))).text,
      'strict-corequisite.csv',
    );
    if (!parsed.ok) throw new Error('fixture rejected');
    const doc = documentOf(curriculumCatalogue(parsed.curriculum, 'fx').document);
    const reference = new RefPlanner(doc, {
      holdings: [],
      asOf: '2026-01-15',
      target: { qualification: degree },
    });
    expect(reference.verify(plan)).toEqual([]);
    // The old schedule: the lab in step 1, the course in step 2.
    const split = {
      ...plan,
      steps: [
        { ...plan.steps[0]!, take: [...plan.steps[0]!.take, plan.steps[1]!.take[1]!] },
        { ...plan.steps[1]!, take: [plan.steps[1]!.take[0]!] },
      ],
    };
    expect(split.steps[0]!.take.map((t) => t.credential)).toEqual([id('1'), id('3')]);
    expect(reference.verify(split)).toContain(
      `step 2: strict co-requisite ${id('3')} of ${id('2')} is not taken in the same step`,
    );
  });
});

describe('ties at zero credits (credits-missing.json)', () => {
  const doc = documentOf(
    JSON.parse(readFileSync(fixture('credits-missing.json'), 'utf8')) as CatalogueDocumentInput,
  );
  const graph = buildCatalogueGraph(doc);

  it('with credits unknown, the fewest credentials, then the cheapest; the plan says so', () => {
    const plan = planFor(graph, 'cert');
    // Credits alone tie at 0 for every route: count (2 < 3), then cost (600 < 1000) decide.
    expect(taken(plan)).toEqual(['a1', 'a2']);
    expect(plan.objective).toEqual(['credits', 'count', 'cost']);
    expect(plan.creditsMissing).toBe(7);
    expect(plan.explanation[0]).toBe(
      '7 of the credentials considered have no credits (0): plans of equal credits are compared by the number of credentials, then by cost.',
    );
    expect(formatPlan(plan)).toContain('minimising credits, then count, then cost');
    expect(planToMarkdown(plan)).toContain(
      '**Credits missing:** 7 of the credentials considered have no credits (0)',
    );
    // The exhaustive reference agrees on the lexicographic optimum.
    const reference = new RefPlanner(doc, {
      holdings: [],
      asOf: '2026-01-15',
      target: { qualification: 'cert' },
      objective: ['credits', 'count', 'cost'],
    });
    expect(reference.optimum()).toMatchObject({ feasible: true, score: [0, 2, 600] });
  });

  it('an explicit objective is kept as asked', () => {
    const plan = planFor(graph, 'cert', { objective: 'cost' });
    expect(taken(plan)).toEqual(['b1', 'b2', 'b3']);
    expect(plan.objective).toEqual(['cost']);
  });
});

describe('a cycle of requisites (corequisite-cycle.csv)', () => {
  it('is named once, with the kind of each requisite', () => {
    const { graph, degree } = curriculum('corequisite-cycle.csv');
    const plan = planFor(graph, degree);
    expect(plan.status).toBe('infeasible');
    const cycle =
      'Dynamics → Statics → Dynamics is a cycle of requisites, so none of them can ever start: Dynamics needs Statics before it starts (entry rule); Statics needs its co-requisite Dynamics in the same step or before';
    expect(plan.infeasibility!.reason).toBe('entry-rule-cycle');
    expect(plan.infeasibility!.detail).toContain(cycle);
    // Both courses lead to the same cycle: one cause, not two.
    expect(plan.infeasibility!.causes.map((c) => c.detail)).toEqual([cycle]);
    const text = formatPlan(plan).split('\n');
    expect(text.filter((line) => line.includes('is a cycle of requisites'))).toHaveLength(1);
    const markdown = planToMarkdown(plan).split('\n');
    expect(new Set(markdown.filter((l) => l.startsWith('  -'))).size).toBe(
      markdown.filter((l) => l.startsWith('  -')).length,
    );
  });
});

describe('a strict co-requisite needed first (no flat prerequisite chain to show)', () => {
  it('is explained as a contradiction, not as something not offered', () => {
    // L needs X first (ANY), X needs the lab B first, and B must start with L.
    const graph = buildCatalogueGraph(
      documentOf({
        credentials: [
          { id: 'b', title: 'Lab B', kind: 'course', credits: 1 },
          {
            id: 'x',
            title: 'X',
            kind: 'course',
            credits: 3,
            entryRule: { op: 'ALL', accepts: ['b'] },
          },
          {
            id: 'l',
            title: 'Lecture L',
            kind: 'course',
            credits: 3,
            entryRule: { op: 'ANY', accepts: ['x'] },
            strictCorequisites: ['b'],
          },
          {
            id: 'q',
            title: 'Q',
            kind: 'certificate',
            qualification: true,
            credits: 7,
            awardRule: { op: 'ALL', accepts: ['l'] },
          },
        ],
      }),
    );
    const plan = planFor(graph, 'q');
    expect(plan.status).toBe('infeasible');
    expect(plan.infeasibility!.reason).toBe('requisite-contradiction');
    expect(plan.infeasibility!.detail).toContain(
      'Lecture L can never be taken: its strict co-requisite Lab B must start in the same step, yet what Lecture L needs first cannot be had without it',
    );
  });
});
