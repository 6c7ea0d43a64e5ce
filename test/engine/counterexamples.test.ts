/**
 * The counterexamples in ./counterexamples document planner bugs (see README.md there). This
 * test checks the *documented expectations* against the reference only, so the files stay
 * right; it deliberately does not run the planner on them (the bugs are open).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ObjectiveName } from '../../src/model/index.js';
import type { PlanInstance } from '../support/reference/generate.js';
import { RefPlanner } from '../support/reference/index.js';
import { KNOWN_ISSUES } from './known-issues.js';

interface Counterexample {
  issue: string;
  objective: ObjectiveName;
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

describe('documented planner counterexamples (reference side only)', () => {
  it('are present', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s: the reference gives the documented expectation', (file) => {
    const ce = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Counterexample;
    expect(ce.note.length).toBeGreaterThan(0);
    expect(['KI-1', 'KI-2', 'KI-3']).toContain(ce.issue);
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

  it('each known issue tolerated by the properties has a counterexample', () => {
    const issues = new Set(
      files.map((f) => (JSON.parse(readFileSync(join(folder, f), 'utf8')) as Counterexample).issue),
    );
    for (const known of KNOWN_ISSUES) expect(issues).toContain(known.id.split(' ')[0]);
  });
});
