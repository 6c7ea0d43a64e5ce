/**
 * The programme designer's journey in a real browser (Debian's chromium, playwright-core)
 * against the real API over the test Neo4j with the seed catalogue. Each view shows the
 * seed's real findings, read in the test from the same API the page calls (never hard-coded
 * numbers); filters change the request and the view; the address restores the view; axe-core
 * finds nothing on each view; failures (no key, rate limit, Neo4j down) say what to do. The
 * heat map and the curriculum graph are saved under test-results/web.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Driver } from 'neo4j-driver';
import type { Browser, Locator, Page } from 'playwright-core';
import { createApiKey } from '../../src/service/apiKeys.js';
import { importCatalogue } from '../../src/store/index.js';
import { testApi, type TestApi } from '../support/api.js';
import {
  close,
  done,
  expectAccessible,
  launchChromium,
  listen,
  openTab,
  requireBrowserSetup,
  root,
} from '../support/browser.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

requireBrowserSetup();
const SEED = seedInput();
const SHOTS = root('test-results/web');
const SLOW = 180_000;

let driver: Driver;
let api: TestApi;
let server: Server;
let origin: string;
let browser: Browser;
let limitedKey: string;

/** The API's own answer, as the page would get it (analytics are open to role read here). */
async function report<T>(path: string, query: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${origin}${path}?${new URLSearchParams(query).toString()}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface Stackability {
  credentials: { credential: string; title: string }[];
  orphans: string[];
  qualifications: {
    qualification: string;
    title: string;
    modules: number;
    microCredentialShare: number | null;
  }[];
  sharedModules: { a: string; b: string; shared: string[] }[];
}

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  await importCatalogue(driver, SEED);
  api = await testApi({ anonymousRoles: ['read'] });
  await api.store.ready();
  limitedKey = (
    await createApiKey(driver, { name: 'designer limited', role: 'read', rateLimit: 1 })
  ).token;
  ({ server, origin } = await listen(api.app));
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser.close();
  await close(server);
  await api.close();
  await driver.close();
});

const designerHeading = (page: Page) =>
  page.getByRole('heading', { name: 'Pathways for programme designers' });

describe('the designer journey', () => {
  test(
    'stackability: the heat map of shared modules, shares and orphans; a provider filter; the address restores it',
    async () => {
      const tab = await openTab(browser, origin);
      const { page } = tab;
      // From the adviser's page, the journey switch leads here and says so in the address.
      await page.getByRole('button', { name: /Programme designer/ }).click();
      await designerHeading(page).waitFor();
      await addressHas(page, 'view', 'designer');

      const all = await report<Stackability>('/v1/analytics/stackability');
      const heat = page.locator('table.heatmap');
      await heat.waitFor();
      const rows = heat.locator('tbody tr');
      await expect(rows.count()).resolves.toBe(all.qualifications.length);
      // The most shared pair: its count as text, in the darkest colour, both ways round.
      const top = [...all.sharedModules].sort((x, y) => y.shared.length - x.shared.length)[0]!;
      const index = (id: string) => all.qualifications.findIndex((q) => q.qualification === id);
      const [i, j] = [index(top.a), index(top.b)];
      for (const [r, c] of [
        [i, j],
        [j, i],
      ] as const) {
        const cell = rows.nth(r).locator('td').nth(c);
        await expect(cell.textContent()).resolves.toBe(String(top.shared.length));
        await expect(cell.getAttribute('class')).resolves.toBe('heat-4');
      }
      // The diagonal: each qualification's own modules.
      await expect(rows.nth(i).locator('td').nth(i).textContent()).resolves.toBe(
        String(all.qualifications[i]!.modules),
      );
      // The key: its darkest band ends at the most shared.
      const key = page.getByRole('list', { name: /Colour key/ });
      await expect(key.getByRole('listitem').last().textContent()).resolves.toMatch(
        new RegExp(`[–\\s]${top.shared.length}$`),
      );

      // The share micro-credentials can fill, per qualification.
      const shares = page.getByRole('table', { name: 'Micro-credential share per qualification' });
      for (const q of all.qualifications.filter((x) => x.microCredentialShare !== null))
        await expect(
          shares.getByRole('row', { name: new RegExp(`^${literal(q.title)}`) }).textContent(),
        ).resolves.toContain(pct(q.microCredentialShare!));

      // The seed's orphans, by title.
      expect(all.orphans.length).toBeGreaterThan(0);
      const orphans = page.getByRole('list', { name: 'Orphans' });
      for (const id of all.orphans) {
        const title = all.credentials.find((c) => c.credential === id)!.title;
        await orphans.getByText(title).waitFor();
      }
      await expectAccessible(page);
      await heat.screenshot({ path: `${SHOTS}/heatmap.png` });

      // One provider: the request names it, the view shrinks to its report.
      const provider = all.qualifications[i]!.qualification.split(':')[0]!;
      const one = await report<Stackability>('/v1/analytics/stackability', { provider });
      const [asked] = await Promise.all([
        page.waitForRequest((r) => r.url().includes('/v1/analytics/stackability?')),
        page.locator('select[name="provider"]').selectOption(provider),
      ]);
      expect(new URL(asked.url()).searchParams.get('provider')).toBe(provider);
      await countIs(page.locator('table.heatmap tbody tr'), one.qualifications.length);
      expect(one.qualifications.length).toBeLessThan(all.qualifications.length);
      await addressHas(page, 'provider', provider);

      // The address restores the view in a new tab.
      const other = await openTab(browser, origin, new URL(page.url()).search);
      await designerHeading(other.page).waitFor();
      await expect(other.page.locator('select[name="provider"]').inputValue()).resolves.toBe(
        provider,
      );
      await countIs(other.page.locator('table.heatmap tbody tr'), one.qualifications.length);
      await done(other);
      await done(tab);
    },
    SLOW,
  );

  test(
    'overlap: pairs across providers with what overlaps, candidate recognitions marked; the threshold re-asks',
    async () => {
      const tab = await openTab(browser, origin, '?view=designer');
      const { page } = tab;
      await page.getByRole('button', { name: 'Overlap', exact: true }).click();
      const overlap = await report<{
        threshold: number;
        pairs: { a: string; b: string; shared: { label: string }[] }[];
        candidateRecognitions: { a: string; b: string }[];
      }>('/v1/analytics/overlap', { acrossProviders: 'true' });
      expect(overlap.pairs.length).toBeGreaterThan(0);
      const table = page.getByRole('table', { name: 'Overlapping pairs' });
      await table.waitFor();
      const body = table.locator('tbody tr');
      await expect(body.count()).resolves.toBe(Math.min(100, overlap.pairs.length));
      // The first pair with what overlaps, named.
      const first = await body.first().textContent();
      for (const s of overlap.pairs[0]!.shared) expect(first).toContain(s.label);
      // Candidate recognitions are marked on their rows.
      expect(overlap.candidateRecognitions.length).toBeGreaterThan(0);
      await expect(table.locator('tr.candidate').count()).resolves.toBe(
        overlap.candidateRecognitions.length,
      );
      await expect(table.locator('tr.candidate').first().textContent()).resolves.toContain(
        'Candidate recognition',
      );
      await expect(page.getByLabel('Similarity threshold (0–1)').inputValue()).resolves.toBe(
        String(overlap.threshold),
      );
      await expectAccessible(page);

      // A higher threshold: the request carries it, fewer pairs are shown.
      const stricter = await report<{ pairs: unknown[] }>('/v1/analytics/overlap', {
        acrossProviders: 'true',
        threshold: '0.9',
      });
      const waiting = page.waitForRequest((r) => r.url().includes('threshold=0.9'));
      await page.getByLabel('Similarity threshold (0–1)').fill('0.9');
      await page.getByLabel('Similarity threshold (0–1)').press('Tab');
      const asked = await waiting;
      expect(new URL(asked.url()).searchParams.get('acrossProviders')).toBe('true');
      await countIs(
        page.locator('table[aria-label="Overlapping pairs"] tbody tr'),
        Math.min(100, stricter.pairs.length),
      );
      await addressHas(page, 'threshold', '0.9');
      await done(tab);
    },
    SLOW,
  );

  test(
    'coverage: an occupation found by an alternative label, covered and missing skills, a qualification, the ranking',
    async () => {
      const tab = await openTab(browser, origin, '?view=designer&analysis=coverage');
      const { page } = tab;
      const found = await report<{ items: { id: string; label: string; altLabels: string[] }[] }>(
        '/v1/occupations',
        { q: 'warehouse' },
      );
      const occupation = found.items[0]!;
      await page.getByLabel('Occupation label or alternative label').fill('warehouse');
      await page.getByRole('button', { name: 'Search occupations' }).click();
      const list = page.getByRole('list', { name: 'Occupations found' });
      await expect(list.getByRole('listitem').first().textContent()).resolves.toMatch(
        /also: .*warehouse/,
      );
      await page.getByRole('button', { name: `Choose ${occupation.label}` }).click();

      interface Coverage {
        label: string;
        skills: { skill: string; label: string; coveredBy: { credential: string }[] }[];
        essential: { covered: number; total: number };
        gaps: string[];
      }
      const whole = await report<Coverage>('/v1/analytics/coverage', {
        occupation: occupation.id,
        includeOptional: 'true',
      });
      const summary = `Essential skills: ${whole.essential.covered} of ${whole.essential.total} covered`;
      await page.getByText(summary).waitFor();
      const skills = page.getByRole('table', { name: 'Skills and what covers them' });
      await expect(skills.locator('tbody tr').count()).resolves.toBe(whole.skills.length);
      const gaps = page.getByRole('list', { name: 'Gaps' });
      for (const g of whole.gaps)
        await gaps.getByText(whole.skills.find((s) => s.skill === g)!.label).waitFor();
      await expect(skills.locator('tr.gap').count()).resolves.toBe(
        whole.skills.filter((s) => s.coveredBy.length === 0).length,
      );
      // A covered skill names the module covering it.
      const covered = whole.skills.find((s) => s.coveredBy.length > 0)!;
      const module = await report<{ title: string }>(
        `/v1/credentials/${encodeURIComponent(covered.coveredBy[0]!.credential)}`,
      );
      // Titles are looked up after the report arrives: wait for this one to be shown.
      await skills
        .getByRole('row', { name: new RegExp(`^${literal(covered.label)}`) })
        .first()
        .getByText(module.title, { exact: false })
        .first()
        .waitFor();

      // The qualifications covering most of it: the best one first, as the API measures each.
      const quals = await report<{ items: { id: string; title: string }[] }>('/v1/qualifications', {
        limit: '30',
      });
      const each = await Promise.all(
        quals.items.map(async (q) => ({
          ...q,
          covered: (
            await report<Coverage>('/v1/analytics/coverage', {
              occupation: occupation.id,
              qualification: q.id,
            })
          ).essential.covered,
        })),
      );
      const best = Math.max(...each.map((q) => q.covered));
      const ranking = page.getByRole('table', { name: 'Qualifications by coverage' });
      await ranking.waitFor();
      const firstRow = await ranking.locator('tbody tr').first().locator('th').textContent();
      expect(each.find((q) => q.title === firstRow)?.covered).toBe(best);
      await expectAccessible(page);

      // Covered by one qualification: the request names it, the figures are its own.
      const target = each.find((q) => q.covered === best)!;
      const byOne = await report<Coverage>('/v1/analytics/coverage', {
        occupation: occupation.id,
        qualification: target.id,
        includeOptional: 'true',
      });
      const [asked] = await Promise.all([
        page.waitForRequest(
          (r) => r.url().includes('/v1/analytics/coverage?') && r.url().includes('qualification='),
        ),
        page.getByLabel('Covered by').selectOption(target.id),
      ]);
      expect(new URL(asked.url()).searchParams.get('qualification')).toBe(target.id);
      const own = `Essential skills: ${byOne.essential.covered} of ${byOne.essential.total} covered`;
      await page.getByText(own).waitFor();
      // What one qualification leaves uncovered: its gaps, named and marked.
      expect(byOne.gaps.length).toBeGreaterThan(0);
      for (const g of byOne.gaps)
        await gaps.getByText(byOne.skills.find((s) => s.skill === g)!.label).waitFor();
      await countIs(
        skills.locator('tr.gap'),
        byOne.skills.filter((s) => s.coveredBy.length === 0).length,
      );
      await expect(gaps.getByRole('listitem').count()).resolves.toBe(byOne.gaps.length);

      // The address restores occupation and qualification.
      const query = new URL(page.url()).searchParams;
      expect(query.get('occupation')).toBe(occupation.id);
      expect(query.get('qualification')).toBe(target.id);
      const other = await openTab(browser, origin, new URL(page.url()).search);
      await other.page.getByText(own).waitFor();
      await done(other);
      await done(tab);
    },
    SLOW,
  );

  test(
    'complexity: the curriculum graph coloured by a metric with the numbers as text; per term refused with the reason',
    async () => {
      const tab = await openTab(browser, origin, '?view=designer');
      const { page } = tab;
      await page.getByRole('button', { name: 'Complexity', exact: true }).click();
      await page.getByText('Choose a qualification to measure its curriculum.').waitFor();
      const quals = await report<{ items: { id: string; title: string }[] }>('/v1/qualifications', {
        q: 'MSc',
      });
      const msc = quals.items[0]!;
      const complexity = await report<{
        structuralComplexity: number;
        courses: { credential: string; title: string; cruciality: number; delayFactor: number }[];
        requisites: { kind: string }[];
      }>('/v1/analytics/complexity', { qualification: msc.id });
      await page.locator('select[name="qualification"]').selectOption(msc.id);
      const graph = page.getByRole('img', { name: /The curriculum graph of/ });
      await graph.waitFor();
      await page.getByText(`Structural complexity ${complexity.structuralComplexity}`).waitFor();
      await expect(graph.locator('g.course').count()).resolves.toBe(complexity.courses.length);
      await expect(graph.locator('polyline.edge').count()).resolves.toBe(
        complexity.requisites.length,
      );
      // The most crucial course: darkest, its figure written on it.
      const crucial = [...complexity.courses].sort((a, b) => b.cruciality - a.cruciality)[0]!;
      const node = graph.locator('g.course.heat-4').first();
      await expect(node.textContent()).resolves.toContain(`Cruciality ${crucial.cruciality}`);
      await expect(
        page.getByRole('table', { name: 'Course figures' }).locator('tbody tr').count(),
      ).resolves.toBe(complexity.courses.length);
      await expectAccessible(page);
      const box = await graph.boundingBox();
      await page.setViewportSize({ width: Math.ceil((box?.width ?? 1200) + 120), height: 900 });
      await graph.screenshot({ path: `${SHOTS}/complexity.png` });

      // Another metric recolours and relabels the graph; the address keeps it.
      await page.getByLabel('Colour by').selectOption('delayFactor');
      const delayed = Math.max(...complexity.courses.map((k) => k.delayFactor));
      await expect(graph.locator('g.course.heat-4').first().textContent()).resolves.toContain(
        `Delay factor ${delayed}`,
      );
      await addressHas(page, 'metric', 'delayFactor');
      const other = await openTab(browser, origin, new URL(page.url()).search);
      await other.page.getByRole('img', { name: /coloured by delay factor/ }).waitFor();
      await done(other);

      // The seed's qualifications have no reference plan: the API says so, the page shows it.
      await page.getByLabel(/Per term/).check();
      const alert = page.getByRole('alert');
      await alert.getByText('The request is not valid').waitFor();
      await expect(alert.textContent()).resolves.toContain('no reference plan');
      await expectAccessible(page);
      await done(tab);
    },
    SLOW,
  );

  test(
    'quality: missing standard elements per credential and per provider; a provider filter; an empty scope',
    async () => {
      const tab = await openTab(browser, origin, '?view=designer&analysis=quality');
      const { page } = tab;
      const quality = await report<{
        credentials: { credential: string; title: string; missing: string[]; failed: string[] }[];
        providers: { provider: string | null; name?: string; credentials: number }[];
      }>('/v1/analytics/quality');
      const lacking = quality.credentials.find((c) => c.missing.length > 0)!;
      expect(lacking).toBeDefined();
      const table = page.getByRole('table', { name: 'Quality per credential' });
      await table.waitFor();
      await expect(table.locator('tbody tr').count()).resolves.toBe(quality.credentials.length);
      const row = table.getByRole('row', { name: new RegExp(`^${literal(lacking.title)}`) });
      await expect(row.locator('td').nth(1).textContent()).resolves.not.toBe('none');
      await expect(table.locator('tr.gap').count()).resolves.toBe(
        quality.credentials.filter((c) => c.missing.length + c.failed.length > 0).length,
      );
      await expect(
        page.getByRole('table', { name: 'Quality per provider' }).locator('tbody tr').count(),
      ).resolves.toBe(quality.providers.length);
      await expectAccessible(page);

      // The provider of that credential only.
      const provider = lacking.credential.split(':')[0]!;
      const one = await report<{ credentials: unknown[] }>('/v1/analytics/quality', { provider });
      const [asked] = await Promise.all([
        page.waitForRequest((r) => r.url().includes('/v1/analytics/quality?provider=')),
        page.locator('select[name="provider"]').selectOption(provider),
      ]);
      expect(new URL(asked.url()).searchParams.get('provider')).toBe(provider);
      await countIs(
        page.locator('table[aria-label="Quality per credential"] tbody tr'),
        one.credentials.length,
      );

      // A provider with no micro-credentials: said in words.
      const empty = quality.providers.find((p) => p.provider !== null && p.credentials === 0);
      expect(empty).toBeDefined();
      await page.locator('select[name="provider"]').selectOption(empty!.provider);
      await page.getByText('No credentials of these kinds in scope.').waitFor();
      await done(tab);
    },
    SLOW,
  );
});

describe('the what-if editor', () => {
  test(
    'a draft evaluated without writing (role plan), its report shown, then applied with a write key',
    async () => {
      const draftText = readFileSync(root('docs/examples/draft-smtu-2027.json'), 'utf8');
      const keyOf = async (role: 'plan' | 'write') =>
        (await createApiKey(driver, { name: `designer ${role}`, role })).token;
      const [planKey, writeKey] = [await keyOf('plan'), await keyOf('write')];
      const before = await graphVersion();
      // The API's own report for the same draft, as the page will show it.
      const res = await fetch(`${origin}/v1/what-if`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${planKey}` },
        body: draftText,
      });
      expect(res.status).toBe(200);
      const expected = (await res.json()) as {
        orphans: { created: string[] };
        qualifications: { title: string }[];
        learners: { changed: { learner: string }[] };
      };
      expect(expected.orphans.created.length).toBeGreaterThan(0);
      expect(expected.learners.changed.length).toBeGreaterThan(0);

      const evaluate = async (key: string) => {
        const tab = await openTab(browser, origin, '?view=designer&analysis=whatIf', key);
        await tab.page.getByRole('heading', { name: 'What if the programme changed?' }).waitFor();
        await tab.page.getByLabel(/Draft change/).fill(draftText);
        await tab.page.getByRole('button', { name: /Evaluate/ }).click();
        return tab;
      };
      const tab = await evaluate(planKey);
      const { page } = tab;
      const learners = page.getByRole('table', { name: 'Learners whose plan changes' });
      await learners.waitFor();
      await countIs(learners.locator('tbody tr'), expected.learners.changed.length);
      for (const l of expected.learners.changed)
        await learners.getByRole('rowheader', { name: l.learner }).first().waitFor();
      const qualifications = page.getByRole('table', { name: 'Qualifications whose plan changes' });
      for (const q of expected.qualifications)
        await qualifications.getByText(q.title, { exact: false }).first().waitFor();
      for (const id of expected.orphans.created)
        await page.getByText(id, { exact: false }).first().waitFor();
      await expectAccessible(page);
      // Evaluating wrote nothing; a plan key may not apply, and the page says so.
      expect(await graphVersion()).toBe(before);
      await page.getByRole('button', { name: /Apply this draft/ }).click();
      await page.getByRole('alert').filter({ hasText: 'This key may not do that' }).waitFor();
      expect(await graphVersion()).toBe(before);
      await done(tab);

      // A draft that is not JSON is refused in the page, before any request.
      const broken = await openTab(browser, origin, '?view=designer&analysis=whatIf', planKey);
      await broken.page.getByLabel(/Draft change/).fill('{ "credentials": [');
      await broken.page.getByRole('button', { name: /Evaluate/ }).click();
      await broken.page.getByRole('alert').filter({ hasText: 'The draft is not JSON' }).waitFor();
      await done(broken);

      const writer = await evaluate(writeKey);
      await writer.page.getByRole('button', { name: /Apply this draft/ }).click();
      await writer.page
        .getByRole('status')
        .filter({ hasText: /Applied: the catalogue is now at version/ })
        .waitFor();
      expect(await graphVersion()).toBeGreaterThan(before);
      await done(writer);
    },
    SLOW,
  );
});

/** The catalogue version Neo4j holds. */
async function graphVersion(): Promise<number> {
  const res = await fetch(`${origin}/v1/catalogue`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { version: number }).version;
}

describe('the designer journey when things fail', () => {
  test(
    'no key: the analytics need role read, and the page says so',
    async () => {
      const closed = await testApi({ anonymousRoles: [] });
      const listening = await listen(closed.app);
      try {
        const tab = await openTab(browser, listening.origin, '?view=designer');
        const alert = tab.page.getByRole('alert').filter({ hasText: 'An API key is needed' });
        await alert.first().waitFor();
        await expect(alert.first().textContent()).resolves.toContain('read role');
        await expectAccessible(tab.page);
        await done(tab);
      } finally {
        await close(listening.server);
        await closed.close();
      }
    },
    SLOW,
  );

  test(
    'rate-limited (429): when to try again',
    async () => {
      // A key allowed one request: the view's second call is refused.
      const tab = await openTab(browser, origin, '?view=designer&analysis=quality', limitedKey);
      const alert = tab.page.getByRole('alert').filter({ hasText: 'Too many requests' });
      await alert.first().waitFor();
      await expect(alert.first().textContent()).resolves.toMatch(/try again in \d+ s/);
      await done(tab);
    },
    SLOW,
  );

  test(
    'Neo4j down (503): the service is unavailable',
    async () => {
      const down = await testApi(
        { anonymousRoles: ['read'] },
        { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:9' },
      );
      const listening = await listen(down.app);
      try {
        const tab = await openTab(browser, listening.origin, '?view=designer');
        await tab.page.getByRole('alert').filter({ hasText: 'unavailable' }).first().waitFor();
        await expectAccessible(tab.page);
        await done(tab);
      } finally {
        await close(listening.server);
        await down.close();
      }
    },
    SLOW,
  );
});

/** Waits until the locator matches n elements (the view re-renders after its answer). */
async function countIs(locator: Locator, n: number): Promise<void> {
  const until = Date.now() + 60_000;
  while ((await locator.count()) !== n) {
    if (Date.now() > until) expect(await locator.count()).toBe(n);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A title as a literal in a regular expression. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits until the address says `key=value`: it follows the view after it renders. */
async function addressHas(page: Page, key: string, value: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (new URL(page.url()).searchParams.get(key) !== value) {
    if (Date.now() > until) expect(new URL(page.url()).searchParams.get(key)).toBe(value);
    await new Promise((r) => setTimeout(r, 100));
  }
}
