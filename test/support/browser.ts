/**
 * The page's browser tests' shared pieces: Debian's chromium through playwright-core, the API
 * listening on a loopback port, tabs that fail a test on CSP violations, page errors and
 * requests to another origin, and axe-core's WCAG A/AA check.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import playwright, { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WEB_APP_DIR } from '../../src/api/webApp.js';
import type { TestApi } from './api.js';

export const CHROMIUM = process.env.PATHWAYS_CHROMIUM ?? '/usr/bin/chromium';
export const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const AXE = readFileSync(root('node_modules/axe-core/axe.min.js'), 'utf8');

/** Fails at once, saying what to do, when the page is not built or chromium is missing. */
export function requireBrowserSetup(): void {
  if (!existsSync(`${WEB_APP_DIR}/index.html`))
    throw new Error(`The page is not built (${WEB_APP_DIR}): run \`npm run build\` first.`);
  if (!existsSync(CHROMIUM))
    throw new Error(
      `No chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set PATHWAYS_CHROMIUM.`,
    );
}

export const launchChromium = (): Promise<Browser> =>
  playwright.chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });

export async function listen(app: TestApi['app']): Promise<{ server: Server; origin: string }> {
  const s = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => {
      resolve(started);
    });
  });
  return { server: s, origin: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

export const close = (s: Server): Promise<void> =>
  new Promise<void>((resolve) =>
    s.close(() => {
      resolve();
    }),
  );

export interface Tab {
  page: Page;
  context: BrowserContext;
  problems: string[];
}

/** A fresh tab at `${origin}/app/${query}` (with the API key in its session, if given). */
export async function openTab(
  browser: Browser,
  origin: string,
  query = '',
  key?: string,
): Promise<Tab> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text()))
      problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol !== 'blob:' && url.origin !== origin)
      problems.push(`foreign request ${r.url()}`);
  });
  if (key !== undefined)
    await context.addInitScript({
      content: `sessionStorage.setItem('pathways.apiKey', ${JSON.stringify(key)});`,
    });
  await page.goto(`${origin}/app/${query}`);
  return { page, context, problems };
}

export async function done(tab: Tab): Promise<void> {
  expect(tab.problems).toEqual([]);
  await tab.context.close();
}

/** axe-core's WCAG A/AA rules (and best practice) on the page as it is now: no violations. */
export async function expectAccessible(page: Page): Promise<void> {
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
