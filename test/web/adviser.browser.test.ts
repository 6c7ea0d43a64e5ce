/**
 * The adviser page in a real browser (Debian's chromium driven by playwright-core) against the
 * real API over the test Neo4j with the seed catalogue: each step of the adviser's journey,
 * each failure state, the URL round trip, and axe-core's accessibility rules on every screen.
 * The page is the one `npm run build` puts in dist/web, served by the API under its own
 * Content-Security-Policy; any CSP violation or request to another origin fails the test.
 * The plan picture is saved to test-results/web/plan.png.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Driver } from 'neo4j-driver';
import playwright, { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WEB_APP_DIR } from '../../src/api/webApp.js';
import { createApiKey } from '../../src/service/apiKeys.js';
import { importCatalogue } from '../../src/store/index.js';
import { testApi, type TestApi } from '../support/api.js';
import { openBadge } from '../support/badges.js';
import { graphDump } from '../support/graphDump.js';
import { resetDatabase, testDriver } from '../support/neo4j.js';
import { seedInput } from '../support/seed.js';

const CHROMIUM = process.env.PATHWAYS_CHROMIUM ?? '/usr/bin/chromium';
const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const SEED = seedInput();
const AXE = readFileSync(root('node_modules/axe-core/axe.min.js'), 'utf8');
const SHOTS = root('test-results/web');

if (!existsSync(`${WEB_APP_DIR}/index.html`))
  throw new Error(`The adviser page is not built (${WEB_APP_DIR}): run \`npm run build\` first.`);
if (!existsSync(CHROMIUM))
  throw new Error(
    `No chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set PATHWAYS_CHROMIUM.`,
  );

/** Per test: a browser on a shared machine can be slow. */
const SLOW = 120_000;

let driver: Driver;
let api: TestApi;
let server: Server;
let origin: string;
let browser: Browser;
const keys = {} as Record<'read' | 'plan' | 'limited', string>;

async function listen(app: TestApi['app']): Promise<{ server: Server; origin: string }> {
  const s = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => {
      resolve(started);
    });
  });
  return { server: s, origin: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

const close = (s: Server) =>
  new Promise<void>((resolve) =>
    s.close(() => {
      resolve();
    }),
  );

beforeAll(async () => {
  driver = testDriver();
  await resetDatabase(driver);
  await importCatalogue(driver, SEED);
  // Searching is open to anyone; planning needs a key (so 401 and 403 can be shown).
  api = await testApi({ anonymousRoles: ['read'] });
  await api.store.ready();
  keys.read = (await createApiKey(driver, { name: 'web read', role: 'read' })).token;
  keys.plan = (await createApiKey(driver, { name: 'web plan', role: 'plan' })).token;
  keys.limited = (
    await createApiKey(driver, { name: 'web limited', role: 'plan', rateLimit: 1 })
  ).token;
  ({ server, origin } = await listen(api.app));
  browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser.close();
  await close(server);
  await api.close();
  await driver.close();
});

/** A fresh tab that fails the test on CSP violations, page errors and foreign requests. */
interface Tab {
  page: Page;
  context: BrowserContext;
  problems: string[];
}

async function openTab(at: string, query = '', key?: string): Promise<Tab> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text()))
      problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'blob:' && url.origin !== at) problems.push(`foreign request ${r.url()}`);
  });
  if (key !== undefined)
    await context.addInitScript({
      content: `sessionStorage.setItem('pathways.apiKey', ${JSON.stringify(key)});`,
    });
  await page.goto(`${at}/app/${query}`);
  await page.getByRole('heading', { name: 'Pathways for advisers' }).waitFor();
  return { page, context, problems };
}

async function done(tab: Tab): Promise<void> {
  expect(tab.problems).toEqual([]);
  await tab.context.close();
}

/** axe-core's WCAG A/AA rules on the page as it is now: no violations. */
async function expectAccessible(page: Page): Promise<void> {
  // Evaluated through the DevTools protocol: not an inline script, so the CSP stays as it is.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as any).axe as { run: (o: object) => Promise<any> };
    const result = await axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] });
    return (result.violations as { id: string; nodes: { target: string[] }[] }[]).map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
  expect(violations).toEqual([]);
}

async function chooseTarget(page: Page, search: string, title: string | RegExp): Promise<void> {
  await page.getByLabel('Qualification title').fill(search);
  await page.getByRole('button', { name: 'Search qualifications' }).click();
  await page
    .getByRole('button', { name: typeof title === 'string' ? `Choose ${title}` : title })
    .click();
}

async function addHolding(page: Page, search: string, title: string, on: string): Promise<void> {
  await page.getByLabel('Credential title').fill(search);
  await page.getByRole('button', { name: 'Search credentials' }).click();
  await page.getByRole('button', { name: `Add ${title}` }).click();
  await page
    .getByRole('list', { name: 'Holdings entered' })
    .getByRole('listitem')
    .filter({ hasText: title })
    .getByLabel('awarded on')
    .fill(on);
}

/** Looks up a stored learner by id (the learner panel's "stored learner" choice). */
async function findLearner(page: Page, id: string): Promise<void> {
  await page.getByLabel('A stored learner (needs a key)').check();
  await page.getByLabel('Learner id').fill(id);
  await page.getByRole('button', { name: 'Find learner' }).click();
}

async function planNow(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Audit and plan' }).click();
}

const picture = (page: Page) => page.getByRole('img', { name: /The plan as columns/ });

describe('serving', () => {
  test(
    'the page comes from /app/ under the strict CSP, and the empty page is accessible',
    async () => {
      const res = await fetch(`${origin}/app/`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/<style/);
      const tab = await openTab(origin);
      await expectAccessible(tab.page);
      await done(tab);
    },
    SLOW,
  );
});

describe('the adviser journey', () => {
  test(
    'holdings entered on the page (stored nowhere): audit, plan picture, alternatives, exports',
    async () => {
      const tab = await openTab(origin, '', keys.plan);
      const { page } = tab;
      await addHolding(page, 'Foundations', 'Foundations of Data Analytics', '2025-12-12');
      await chooseTarget(
        page,
        'Certificate in Data',
        'Certificate in Data Analytics (Special Purpose Award)',
      );
      await planNow(page);

      // The audit: the rule tree as progress, with the holding's use.
      const audit = page.getByRole('region', { name: /Audit:/ });
      await expect(audit.getByText(/% of the way/).textContent()).resolves.toMatch(
        /\d+% of the way/,
      );
      await audit
        .getByText(/Used: Foundations of Data Analytics/)
        .first()
        .waitFor();
      await expect(audit.getByRole('progressbar').count()).resolves.toBeGreaterThan(1);

      // The plan as a picture: a card per credential, an optimality badge, totals.
      await picture(page).waitFor();
      const cards = picture(page).locator('g.card');
      await expect(cards.count()).resolves.toBeGreaterThan(0);
      await expect(page.getByText('Proven optimal').isVisible()).resolves.toBe(true);
      await expect(picture(page).getByText('Step 1').count()).resolves.toBe(1);
      // The holding is not taken again.
      await expect(picture(page).getByText('Foundations of Data Analytics').count()).resolves.toBe(
        0,
      );

      // Alternatives side by side, differences marked.
      const alternatives = page.getByRole('region', { name: 'Alternatives side by side' });
      await expect(
        alternatives.getByRole('columnheader', { name: 'Alternative 1' }).count(),
      ).resolves.toBe(1);
      await expect(alternatives.locator('.differs').count()).resolves.toBeGreaterThan(0);

      // Holdings and the key never reach the address.
      expect(page.url()).not.toContain('mc-data-foundations');
      expect(page.url()).not.toContain(keys.plan);
      expect(page.url()).toContain('t=smtu%3Acert-data-analytics');

      await expectAccessible(page);

      // Exports through the API's content negotiation.
      const [markdown] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Markdown' }).click(),
      ]);
      expect(markdown.suggestedFilename()).toBe('plan.md');
      const md = readFileSync(await markdown.path(), 'utf8');
      expect(md).toMatch(/^# /m);
      expect(md).toContain('Certificate in Data Analytics');
      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'CSV' }).click(),
      ]);
      expect(csv.suggestedFilename()).toBe('plan.csv');
      const rows = readFileSync(await csv.path(), 'utf8')
        .trim()
        .split(/\r?\n/);
      expect(rows.length).toBe((await cards.count()) + 1);
      await done(tab);
    },
    SLOW,
  );

  test(
    'credential files dropped on the page become holdings, stored nowhere; the rest is listed',
    async () => {
      const tab = await openTab(origin, '', keys.plan);
      const { page } = tab;
      const badge = (id: string, achievement: { id: string; name: string }) =>
        JSON.stringify(openBadge(id, achievement));
      const before = await graphDump(driver);
      await page.getByLabel(/Credential files/).setInputFiles([
        {
          name: 'statistics.json',
          mimeType: 'application/json',
          buffer: Buffer.from(
            badge('urn:uuid:web-1', { id: 'smtu:mc-statistics', name: 'Applied Statistics' }),
          ),
        },
        {
          name: 'elsewhere.json',
          mimeType: 'application/json',
          buffer: Buffer.from(
            badge('urn:uuid:web-2', { id: 'urn:other:origami', name: 'Origami for Beginners' }),
          ),
        },
        { name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json') },
      ]);
      const entered = page.getByRole('list', { name: 'Holdings entered' });
      await entered.getByText('Applied Statistics').waitFor();
      await expect(entered.getByLabel('awarded on').inputValue()).resolves.toBe('2026-01-15');
      const left = page.getByRole('list', { name: 'Not added from the files' });
      await left.getByText(/Origami for Beginners/).waitFor();
      await left.getByText('notes.json: not JSON').waitFor();
      expect(await graphDump(driver)).toEqual(before);
      await expectAccessible(page);

      // The holdings count in the plan like ones typed in.
      await chooseTarget(
        page,
        'Certificate in Data',
        'Certificate in Data Analytics (Special Purpose Award)',
      );
      await planNow(page);
      await picture(page).waitFor();
      await expect(
        picture(page).getByText('Applied Statistics for Data Analytics').count(),
      ).resolves.toBe(0);
      await done(tab);
    },
    SLOW,
  );

  test(
    'a stored learner by id, a stacked ladder target drawn with its awards, and a screenshot',
    async () => {
      const tab = await openTab(origin, '', keys.plan);
      const { page } = tab;
      await findLearner(page, 'learner-partway');
      const stored = page.getByRole('list', { name: 'Stored holdings' }).getByRole('listitem');
      await stored.first().waitFor();
      await expect(stored.count()).resolves.toBe(2);
      await chooseTarget(page, 'MSc', 'MSc in Data Analytics');
      await planNow(page);
      await picture(page).waitFor();
      // Awards earned on the way are marked in the column where they are earned.
      await picture(page).locator('polyline.edge.stacks').first().waitFor();
      // Once the catalogue has been asked, the stored holdings are listed by title.
      await page
        .getByRole('list', { name: 'Stored holdings' })
        .getByText('Python for Data Analysis (awarded 2026-05-08)')
        .waitFor();
      const awards = picture(page).locator('g.milestone');
      await expect(awards.count()).resolves.toBeGreaterThanOrEqual(2);
      await expect(picture(page).getByText('Certificate in Data Analytics').count()).resolves.toBe(
        1,
      );
      await expect(picture(page).locator('polyline.edge.stacks').count()).resolves.toBeGreaterThan(
        0,
      );
      // The stored learner's id is shareable; their holdings are not in the address.
      expect(new URL(page.url()).searchParams.get('learner')).toBe('learner-partway');
      await expectAccessible(page);
      // Wide enough for the whole picture, which otherwise scrolls inside the page.
      const box = await picture(page).boundingBox();
      await page.setViewportSize({ width: Math.ceil((box?.width ?? 1200) + 120), height: 900 });
      await picture(page).screenshot({ path: `${SHOTS}/plan.png` });
      await page.screenshot({ path: `${SHOTS}/page.png`, fullPage: true });
      await done(tab);
    },
    SLOW,
  );

  test(
    'the nearest of several, and all of several, as targets',
    async () => {
      const tab = await openTab(origin, '', keys.plan);
      const { page } = tab;
      await page.getByLabel('Aim at').selectOption('anyOf');
      await chooseTarget(
        page,
        'Certificate',
        'Certificate in Data Analytics (Special Purpose Award)',
      );
      await chooseTarget(page, 'Certificaat', /^Choose Certificaat Datagedreven Werken/);
      const chosen = page.getByRole('list', { name: 'Chosen targets' }).getByRole('listitem');
      await chosen.nth(1).waitFor();
      await expect(chosen.count()).resolves.toBe(2);
      await planNow(page);
      await page.getByRole('heading', { name: /^Plan: any of / }).waitFor();
      await picture(page).waitFor();
      expect(new URL(page.url()).searchParams.getAll('t')).toHaveLength(2);
      expect(new URL(page.url()).searchParams.get('target')).toBe('anyOf');
      await page.getByLabel('Aim at').selectOption('allOf');
      await planNow(page);
      await page.getByRole('heading', { name: /^Plan: all of / }).waitFor();
      expect(new URL(page.url()).searchParams.get('target')).toBe('allOf');
      await done(tab);
    },
    SLOW,
  );

  test(
    'changing a constraint re-plans and says what changed; a link restores it all',
    async () => {
      const tab = await openTab(origin, '', keys.plan);
      const { page } = tab;
      await findLearner(page, 'learner-partway');
      await chooseTarget(page, 'Higher Diploma', 'Higher Diploma in Science in Data Analytics');
      await planNow(page);
      await picture(page).waitFor();
      const before = await picture(page).locator('g.card').count();

      // Capping credits per term turns steps into terms, without pressing anything.
      await page.getByLabel('Most credits per term').fill('10');
      await page.getByLabel('Most credits per term').press('Tab');
      await picture(page).getByText('Term 1').waitFor();
      await page
        .getByLabel('What changed')
        .or(page.getByText('The plan did not change.'))
        .waitFor();

      // Minimising cost first re-plans too.
      await page.getByLabel('Minimise').selectOption('cost');
      await page
        .getByLabel('What changed')
        .or(page.getByText('The plan did not change.'))
        .first()
        .waitFor();
      expect(await picture(page).locator('g.card').count()).toBeGreaterThan(0);
      expect(before).toBeGreaterThan(0);
      await expectAccessible(page);

      // The address holds the target, the constraints and the learner: a new tab gets the same.
      const shared = new URL(page.url());
      expect(shared.searchParams.get('perTerm')).toBe('10');
      expect(shared.searchParams.get('obj')).toMatch(/^cost/);
      const other = await openTab(origin, shared.search, keys.plan);
      await picture(other.page).getByText('Term 1').waitFor();
      await expect(other.page.getByLabel('Most credits per term').inputValue()).resolves.toBe('10');
      await expect(other.page.getByLabel('Minimise').inputValue()).resolves.toBe('cost');
      await expect(other.page.getByLabel('Learner id').inputValue()).resolves.toBe(
        'learner-partway',
      );
      await done(other);
      await done(tab);
    },
    SLOW,
  );
});

describe('when can I finish', () => {
  test(
    'a start day dates the plan: the finish day, its proof, dated cards and columns, time first',
    async () => {
      const tab = await openTab(origin, '', keys.plan);
      const { page } = tab;
      await findLearner(page, 'learner-partway');
      await chooseTarget(page, 'Higher Diploma', 'Higher Diploma in Science in Data Analytics');
      // Without a start day there is nothing to finish early: time cannot be chosen.
      await expect(page.getByRole('option', { name: /time to finish/ }).isDisabled()).resolves.toBe(
        true,
      );
      await planNow(page);
      await picture(page).waitFor();
      await expect(page.getByLabel('When the plan finishes').count()).resolves.toBe(0);

      await page.getByLabel('Start on').fill('2027-02-01');
      const finish = page.getByLabel('When the plan finishes');
      await finish.waitFor();
      await expect(finish.textContent()).resolves.toMatch(
        /Finishes on \d{1,2} \w{3} 20\d\d \(starting 1 Feb 2027\)/,
      );
      // Every card carries its first and last day; columns are named by the day they start.
      const cards = picture(page).locator('g.card');
      await expect(picture(page).locator('.card-dates').count()).resolves.toBe(await cards.count());
      await expect(
        picture(page)
          .getByText(/^Starts \d{1,2} \w{3} 20\d\d$/)
          .count(),
      ).resolves.toBeGreaterThan(0);

      // The earliest finish first, at a study load: the page says how it chose.
      await page.getByLabel('Most credits per month').fill('5');
      await page.getByLabel('Most credits per month').press('Tab');
      await finish.getByText(/at most 5 credits a month/).waitFor();
      await page.getByLabel('Minimise').selectOption('time');
      await finish
        .getByText(/Chosen for the earliest finish|chosen without time finishes on the same day/)
        .waitFor();
      // The earliest-finish search gives no runners-up: the page does not offer them.
      await expect(page.getByLabel('Alternatives').isDisabled()).resolves.toBe(true);
      await expect(page.getByRole('region', { name: 'Alternatives' }).count()).resolves.toBe(0);
      await expectAccessible(page);

      // The start day, the load and the objective travel in the link.
      const shared = new URL(page.url());
      expect(shared.searchParams.get('start')).toBe('2027-02-01');
      expect(shared.searchParams.get('perMonth')).toBe('5');
      expect(shared.searchParams.get('obj')).toMatch(/^time,/);
      const other = await openTab(origin, shared.search, keys.plan);
      await other.page.getByLabel('When the plan finishes').waitFor();
      await expect(other.page.getByLabel('Start on').inputValue()).resolves.toBe('2027-02-01');
      await expect(other.page.getByLabel('Minimise').inputValue()).resolves.toBe('time');
      await done(other);
      await done(tab);
    },
    SLOW,
  );
});

describe('does what I learned at work count?', () => {
  const CERT = 'Certificate in Data Analytics (Special Purpose Award)';
  const rpl = (page: Page) => page.getByRole('region', { name: 'Recognition of prior learning' });
  const exemptions = (page: Page) =>
    rpl(page).getByRole('list', { name: 'Exemptions' }).getByRole('listitem');

  test(
    "a stored learner's prior learning: exemptions within the provider's cap, what did not count",
    async () => {
      const tab = await openTab(origin, '', keys.plan);
      const { page } = tab;
      await findLearner(page, 'learner-prior-learning');
      const stored = page.getByRole('list', { name: 'Stored prior learning' });
      await stored.waitFor();
      await expect(stored.getByRole('listitem').count()).resolves.toBe(5);
      await expect(stored.textContent()).resolves.toContain('not verified');

      await chooseTarget(page, 'Certificate in Data', CERT);
      await planNow(page);
      await rpl(page).waitFor();
      // Statistics and Python are granted by exemption, each a step with its fee and time.
      const granted = await exemptions(page).allTextContents();
      expect(granted.map((t) => /^Apply for recognition of (.*?) \(/.exec(t)?.[1]).sort()).toEqual([
        'Applied Statistics for Data Analytics',
        'Python for Data Analysis',
      ]);
      for (const step of granted)
        expect(step).toMatch(/fee 150 EUR, decided in 4 weeks; relies on/);
      // Half of the 20-credit award at most: the two exemptions use the whole cap.
      await expect(rpl(page).getByLabel('Recognition cap').textContent()).resolves.toMatch(
        /at most 10 credits; this plan uses 10 .*0 left/,
      );
      // The self-declared record does not count without the adviser's say-so.
      const dropped = rpl(page).getByRole('list', { name: 'Prior learning not counted' });
      await expect(dropped.getByRole('listitem').count()).resolves.toBe(1);
      await expectAccessible(page);

      // Counting unverified records too re-plans at once and travels in the link.
      await page.getByLabel('Count unverified and self-declared prior learning too').check();
      // The counted list is on the page before the re-plan too: wait for the dropped one to go.
      await dropped.waitFor({ state: 'detached' });
      await rpl(page).getByRole('list', { name: 'Prior learning counted' }).waitFor();
      await expect(dropped.count()).resolves.toBe(0);
      expect(new URL(page.url()).searchParams.get('unverified')).toBe('1');
      await done(tab);
    },
    SLOW,
  );

  test(
    'outcomes validated at work, entered on the page against a module (stored nowhere)',
    async () => {
      const tab = await openTab(origin, '', keys.plan);
      const { page } = tab;
      await addHolding(page, 'Foundations', 'Foundations of Data Analytics', '2026-01-30');
      await page.getByLabel('Outcomes of the credential').fill('Statistics');
      await page.getByRole('button', { name: 'Search outcomes' }).click();
      await page
        .getByRole('button', { name: 'Outcomes of Applied Statistics for Data Analytics' })
        .click();
      const outcomes = page.getByRole('group', {
        name: 'Learning outcomes of Applied Statistics for Data Analytics',
      });
      await outcomes.getByText(/hypothesis tests and confidence intervals/).waitFor();
      await outcomes.getByRole('button', { name: 'Add all 2 outcomes' }).click();
      const entered = page.getByRole('list', { name: 'Prior learning entered' });
      await expect(entered.getByRole('listitem').count()).resolves.toBe(2);
      await entered.getByRole('listitem').first().getByLabel('evidence').fill('portfolio#7');

      await chooseTarget(page, 'Certificate in Data', CERT);
      await planNow(page);
      await rpl(page).waitFor();
      await expect(exemptions(page).allTextContents()).resolves.toEqual([
        expect.stringMatching(/^Apply for recognition of Applied Statistics for Data Analytics/),
      ]);
      // What counted is named by the outcome's statement, with the evidence it relies on.
      await expect(
        rpl(page).getByRole('list', { name: 'Prior learning counted' }).textContent(),
      ).resolves.toMatch(/hypothesis tests.*evidence portfolio#7/s);
      await expectAccessible(page);

      // An outcome not verified does not count: no exemption, and the page says why.
      await entered.getByRole('listitem').nth(1).getByLabel('verified').uncheck();
      await planNow(page);
      await rpl(page).getByText('No credential is granted by exemption in this plan.').waitFor();
      await expect(
        rpl(page).getByRole('list', { name: 'Prior learning not counted' }).count(),
      ).resolves.toBe(1);
      // Nothing about the learner's prior learning is in the address.
      expect(page.url()).not.toContain('stats');
      expect(page.url()).not.toContain('portfolio');
      await done(tab);
    },
    SLOW,
  );
});

describe('failure states', () => {
  test(
    'an unreachable target shows the explanation',
    async () => {
      const tab = await openTab(origin, '', keys.plan);
      const { page } = tab;
      await chooseTarget(
        page,
        'Certificate in Data',
        'Certificate in Data Analytics (Special Purpose Award)',
      );
      await page.getByLabel('Exclude providers (ids)').fill('smtu');
      await planNow(page);
      const alert = page.getByRole('alert').filter({ hasText: 'This target cannot be reached' });
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toMatch(/exclu/i);
      await expectAccessible(page);
      await done(tab);
    },
    SLOW,
  );

  test(
    'an unknown learner is 404, shown as such',
    async () => {
      const tab = await openTab(origin, '', keys.plan);
      const { page } = tab;
      await findLearner(page, 'nobody-here');
      const alert = page.getByRole('alert');
      await alert.getByText('Not found').waitFor();
      await expect(alert.textContent()).resolves.toContain('nobody-here');
      await expectAccessible(page);
      await done(tab);
    },
    SLOW,
  );

  test(
    'an unknown credential in a shared link is 404, naming it',
    async () => {
      const tab = await openTab(
        origin,
        '?target=qualification&t=nowhere%3Ano-such-award',
        keys.plan,
      );
      const alert = tab.page.getByRole('alert');
      await alert.getByText('Not found').waitFor();
      await expect(alert.textContent()).resolves.toContain('nowhere:no-such-award');
      await expectAccessible(tab.page);
      await done(tab);
    },
    SLOW,
  );

  test(
    'no key (401) and a key whose role is too low (403) say what to do',
    async () => {
      const tab = await openTab(origin);
      const { page } = tab;
      await chooseTarget(
        page,
        'Certificate in Data',
        'Certificate in Data Analytics (Special Purpose Award)',
      );
      await planNow(page);
      await page.getByRole('alert').getByText('An API key is needed').waitFor();
      await expectAccessible(page);
      await page.getByLabel('API key').fill(keys.read);
      await page.getByLabel('API key').press('Tab');
      await planNow(page);
      await page.getByRole('alert').getByText('This key may not do that').waitFor();
      // The key stays in this tab's session storage, not in the address.
      expect(page.url()).not.toContain(keys.read);
      await expect(page.evaluate("sessionStorage.getItem('pathways.apiKey')")).resolves.toBe(
        keys.read,
      );
      await done(tab);
    },
    SLOW,
  );

  test(
    'rate-limited (429) says when to try again',
    async () => {
      const tab = await openTab(origin, '', keys.limited);
      const { page } = tab;
      await page.getByLabel('A stored learner (needs a key)').check();
      await page.getByLabel('Learner id').fill('learner-partway');
      const find = page.getByRole('button', { name: 'Find learner' });
      await find.click();
      await find.click();
      const alert = page.getByRole('alert').filter({ hasText: 'Too many requests' });
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toMatch(/try again in \d+ s/);
      await done(tab);
    },
    SLOW,
  );

  test(
    'Neo4j down (503) is shown as the service being unavailable',
    async () => {
      // An API whose database is a closed port: every call needing the store answers 503.
      const down = await testApi(
        { anonymousRoles: ['read', 'plan'] },
        { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:9' },
      );
      const listening = await listen(down.app);
      try {
        const tab = await openTab(listening.origin);
        const { page } = tab;
        await page.getByLabel('Qualification title').fill('Certificate');
        await page.getByRole('button', { name: 'Search qualifications' }).click();
        const alert = page.getByRole('alert').filter({ hasText: 'unavailable' });
        await alert.waitFor();
        await expectAccessible(page);
        await done(tab);
      } finally {
        await close(listening.server);
        await down.close();
      }
    },
    SLOW,
  );
});
