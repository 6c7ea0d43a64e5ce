/**
 * `pathways plan --start ... --max-credits-per-term N` against the test Neo4j loaded with the
 * seed: the "done when" of a dated plan (a stored learner, a proven completion), its text view
 * with the dates, the JSON calendar, and the usage errors of the new options.
 */
import type { Driver } from 'neo4j-driver';
import type { Plan } from '../../src/engine/planner/index.js';
import { expectExit, pathways } from '../support/cli.js';
import { resetToSeed, testDriver } from '../support/neo4j.js';

let driver: Driver;
beforeAll(async () => {
  driver = testDriver();
  await resetToSeed(driver);
});
afterAll(() => driver.close());

describe('pathways plan --start', () => {
  it('dates a stored learner’s plan and proves its completion (text and JSON)', async () => {
    const args = [
      'plan',
      '--learner',
      'learner-partway',
      '--qualification',
      'smtu:hdip-data-analytics',
      '--as-of',
      '2027-01-15',
      '--start',
      '2027-02-01',
      '--max-credits-per-term',
      '30',
    ];
    const text = await pathways(...args);
    expectExit(text, 0);
    expect(text.stdout).toContain(
      'Calendar from 2027-02-01 (at most 30 credits started a six-month term):',
    );
    expect(text.stdout).toContain('Finish: 2028-02-29, proven the earliest for these credentials.');
    const json = await pathways(...args, '--json');
    expectExit(json, 0);
    const plan = JSON.parse(json.stdout) as Plan;
    expect(plan.calendar).toMatchObject({
      status: 'dated',
      completion: '2028-02-29',
      proven: true,
    });
    expect(plan.steps.every((s) => s.starts !== undefined)).toBe(true);
  });

  it('--objective time,credits: the fastest plan, proven optimal (the README example)', async () => {
    const args = [
      'plan',
      '--learner',
      'learner-partway',
      '--qualification',
      'smtu:hdip-data-analytics',
      '--as-of',
      '2027-01-15',
      '--start',
      '2027-02-01',
      '--max-credits-per-term',
      '30',
      '--objective',
      'time,credits',
    ];
    const json = await pathways(...args, '--json');
    expectExit(json, 0);
    const plan = JSON.parse(json.stdout) as Plan;
    expect(plan.objective).toEqual(['time', 'credits']);
    expect(plan.optimality).toBe('optimal');
    // The plan of fewest credits (above) is already the fastest: proven at the root.
    expect(plan.time).toMatchObject({
      proven: true,
      completion: '2028-02-29',
      earliestPossible: '2028-02-29',
      withoutTime: { completion: '2028-02-29' },
    });
    expect(plan.calendar!.completion).toBe('2028-02-29');
    const text = await pathways(...args);
    expectExit(text, 0);
    expect(text.stdout).toContain('minimising time, then credits');
    expect(text.stdout).toContain(
      'Proven the best plan by time, then credits; the plan chosen without time (8 credentials) finishes on 2028-02-29, no later.',
    );
    const lonely = await pathways(
      'plan',
      '--learner',
      'learner-new',
      '--qualification',
      'smtu:cert-data-analytics',
      '--objective',
      'time',
    );
    expectExit(lonely, 2);
    expect(lonely.stderr).toContain('objective');
  });

  it('--max-credits-per-month needs --start; a bad date is a usage error', async () => {
    const lonely = await pathways(
      'plan',
      '--learner',
      'learner-new',
      '--qualification',
      'smtu:cert-data-analytics',
      '--max-credits-per-month',
      '5',
    );
    expectExit(lonely, 2);
    expect(lonely.stderr).toContain('--max-credits-per-month needs --start');
    const bad = await pathways(
      'plan',
      '--learner',
      'learner-new',
      '--qualification',
      'smtu:cert-data-analytics',
      '--start',
      '2027-13-01',
    );
    expectExit(bad, 2);
    expect(bad.stderr).toContain('calendar.start');
  });
});
