/**
 * The counterexamples in ./counterexamples document planner bugs the differential tests found
 * (see README.md there), all fixed since. This test checks each documented expectation against
 * the reference (so the files stay right) and then runs the planner on it as a regression
 * case: it must now agree.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ObjectiveName } from '../../src/model/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { planPathway } from '../../src/engine/planner/index.js';
import { loadHighs } from '../../src/engine/planner/mip.js';
import type { PlanInstance } from '../support/reference/generate.js';
import { RefPlanner } from '../support/reference/index.js';
import { KNOWN_ISSUES } from './known-issues.js';

interface Counterexample {
  issue: string;
  objective: ObjectiveName;
  /** Planned as the service plans, with HiGHS (PlanOptions.mip). */
  service?: boolean;
  note: string;
  instance: PlanInstance;
  expected: {
    status: 'planned' | 'achieved' | 'infeasible';
    objectiveValue?: number;
    plan?: string[];
    steps?: string[][];
    alternatives?: { credentials: string[]; objectiveValue: number }[];
  };
  actual: unknown;
}

const folder = join(dirname(fileURLToPath(import.meta.url)), 'counterexamples');
const files = readdirSync(folder).filter((f) => f.endsWith('.json'));

describe('documented planner counterexamples (regression cases)', () => {
  it('are present', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s: the reference gives the documented expectation', (file) => {
    const ce = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Counterexample;
    expect(ce.note.length).toBeGreaterThan(0);
    expect(['KI-1', 'KI-2', 'KI-3', 'KI-4']).toContain(ce.issue);
    const { instance, expected } = ce;
    const reference = new RefPlanner(instance.doc, {
      holdings: instance.holdings,
      asOf: instance.asOf,
      target: instance.target,
      objective: ce.objective,
      constraints: instance.constraints,
    });
    const optimum = reference.optimum();
    const status = reference.achieved ? 'achieved' : optimum.feasible ? 'planned' : 'infeasible';
    expect(status).toBe(expected.status);
    if (expected.objectiveValue !== undefined)
      expect(optimum.value).toBeCloseTo(expected.objectiveValue, 9);
    const plan = expected.plan ?? expected.steps?.flat();
    if (plan) {
      expect(reference.isFeasible(plan)).toBe(true);
      expect(reference.weight(plan)).toBeCloseTo(optimum.value, 9);
    }
    if (expected.alternatives) {
      const earlier = [plan ?? optimum.set ?? []];
      for (const alt of expected.alternatives) {
        expect(reference.isFeasible(alt.credentials)).toBe(true);
        expect(reference.optimum(earlier).value).toBeCloseTo(alt.objectiveValue, 9);
        earlier.push(alt.credentials);
      }
    }
  });

  it.each(files)('%s: the planner now gives the documented expectation', async (file) => {
    const ce = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Counterexample;
    const mip = ce.service ? await loadHighs() : undefined;
    const { instance, expected } = ce;
    const plan = planPathway(
      buildCatalogueGraph(instance.doc),
      {
        holdings: instance.holdings,
        asOf: instance.asOf,
        target: instance.target,
        objective: ce.objective,
        constraints: instance.constraints,
      },
      { alternatives: expected.alternatives?.length ?? 0, mip },
    );
    expect(plan.status).toBe(expected.status);
    if (expected.objectiveValue !== undefined)
      expect(plan.objectiveValue).toBeCloseTo(expected.objectiveValue, 9);
    const taken = plan.steps.flatMap((s) => s.take.map((t) => t.credential)).sort();
    const documented = expected.plan ?? expected.steps?.flat();
    if (documented) expect(taken).toEqual([...documented].sort());
    if (expected.alternatives) {
      expect(plan.alternatives.map((a) => a.objectiveValue)).toEqual(
        expected.alternatives.map((a) => a.objectiveValue),
      );
      expect(plan.alternatives.every((a) => a.optimality === 'optimal')).toBe(true);
    }
  });

  it('each known issue tolerated by the properties has a counterexample', () => {
    const issues = new Set(
      files.map((f) => (JSON.parse(readFileSync(join(folder, f), 'utf8')) as Counterexample).issue),
    );
    for (const known of KNOWN_ISSUES) expect(issues).toContain(known.id.split(' ')[0]);
  });
});
