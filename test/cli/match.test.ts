/**
 * `pathways match` against the test Neo4j loaded with the seed: a stored learner's ranking in
 * text, JSON and Markdown (the same ranking in each), inline holdings with a page, and the
 * usage errors of its options.
 */
import type { Driver } from 'neo4j-driver';
import { MatchReport } from '../../src/analytics/index.js';
import { expectExit, pathways } from '../support/cli.js';
import { resetToSeed, testDriver } from '../support/neo4j.js';

let driver: Driver;
beforeAll(async () => {
  driver = testDriver();
  await resetToSeed(driver);
});
afterAll(() => driver.close());

const idOf = (m: MatchReport['matches'][number]) =>
  'qualification' in m.target ? m.target.qualification : m.target.occupation;

describe('pathways match', () => {
  const learner = ['match', '--learner', 'learner-partway', '--as-of', '2027-01-15'];

  it('ranks a stored learner’s qualifications in JSON, text and Markdown alike', async () => {
    const json = await pathways(...learner, '--format', 'json', '--limit', '6');
    expectExit(json, 0);
    const report = MatchReport.parse(JSON.parse(json.stdout));
    expect(report.matches).toHaveLength(6);
    expect(report.matches.map((m) => m.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    // The certificate the learner is part-way through comes first, its diploma after it with
    // the certificate as an off-ramp.
    expect(idOf(report.matches[0]!)).toBe('smtu:cert-data-analytics');
    const diploma = report.matches.find((m) => idOf(m) === 'smtu:hdip-data-analytics')!;
    expect(diploma.offRamps.map((o) => o.credential)).toContain('smtu:cert-data-analytics');

    const text = await pathways(...learner, '--limit', '6');
    expectExit(text, 0);
    for (const m of report.matches)
      expect(text.stdout).toContain(`${m.rank}. ${m.title} (${idOf(m)})`);
    expect(text.stdout).toContain('on the way: ');

    const markdown = await pathways(...learner, '--limit', '6', '--format', 'markdown');
    expectExit(markdown, 0);
    expect(markdown.stdout).toContain('| Rank | Target |');
    for (const m of report.matches)
      expect(markdown.stdout).toContain(`| ${m.rank} | \`${idOf(m)}\``);
  });

  it('takes inline holdings and a page', async () => {
    const page = await pathways(
      'match',
      '--holding',
      'smtu:mc-python-data@2025-06-30',
      '--as-of',
      '2027-01-15',
      '--offset',
      '1',
      '--limit',
      '2',
      '--format',
      'json',
    );
    expectExit(page, 0);
    const report = MatchReport.parse(JSON.parse(page.stdout));
    expect(report.matches.map((m) => m.rank)).toEqual([2, 3]);
    expect(report.ranking.after.targets).toBe(3);
  });

  it('plans under the constraint options, as plan takes them', async () => {
    const all = await pathways(...learner, '--format', 'json', '--limit', '6');
    const free = MatchReport.parse(JSON.parse(all.stdout));
    const used = free.matches.flatMap((m) => m.take.map((t) => t.credential));
    const excluded = used[0]!;
    const out = await pathways(
      ...learner,
      '--format',
      'json',
      '--limit',
      '6',
      '--exclude-credential',
      excluded,
    );
    expectExit(out, 0);
    const report = MatchReport.parse(JSON.parse(out.stdout));
    for (const m of report.matches) expect(m.take.map((t) => t.credential)).not.toContain(excluded);
    const budget = await pathways(...learner, '--budget', '-5');
    expectExit(budget, 2);
    expect(budget.stderr).toContain('budget');
  });

  it('refuses bad options with a usage error naming them', async () => {
    const format = await pathways(...learner, '--format', 'csv');
    expectExit(format, 2);
    expect(format.stderr).toContain('--format must be one of text, json, markdown');
    const limit = await pathways(...learner, '--limit', '0');
    expectExit(limit, 2);
    expect(limit.stderr).toContain('limit');
    const load = await pathways(...learner, '--max-credits-per-term', '30');
    expectExit(load, 2);
    expect(load.stderr).toContain('a study load needs --start');
    const provider = await pathways(...learner, '--provider', 'nobody');
    expectExit(provider, 2);
    expect(provider.stderr).toContain('unknown provider "nobody"');
  });
});
