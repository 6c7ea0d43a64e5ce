/**
 * The web page's benchmark (`npm run bench:page`): the page as `npm run build` ships it, served
 * by the API (`pathways up --serve`, the local Neo4j with the seed catalogue) on loopback, in
 * Debian's chromium driven by playwright-core.
 *
 *   PATHWAYS_NEO4J_PORT=7732 npm run bench:page -- [--port 8731] [--loads 30] [--plans 30]
 *     [--credentials 60] [--instance default]
 *
 * Measured:
 *   first render   navigation start to the adviser view interactive (the page's own
 *                  `pathways:interactive` mark, set once its first render is committed), over
 *                  `--loads` page loads in a fresh browser context each (cold cache), and as
 *                  many reloads in one context (warm cache, the assets being immutable).
 *   plan drawn     a plan's answer arriving (`pathways:plan-answer`, set when the plan and
 *                  audit responses are in) to its picture drawn (`pathways:plan-drawn`, set
 *                  after the frame that follows the picture's commit): graph model, layered
 *                  layout, SVG render and paint. The plan is synthetic, `--credentials` cards
 *                  in ten terms with entry-rule and co-requisite arrows and three awards,
 *                  served in place of POST /v1/plans (the audit is the real API's); its
 *                  credentials' catalogue facts are served too and cached by the page after
 *                  the first plan, so each measured picture has all its arrows. Each of the
 *                  `--plans` runs changes the titles, so every picture is laid out anew.
 *   JS size        the gzip size (level 9) of the JavaScript in dist/web/assets, and the CSS.
 *
 * Timings on a shared machine are inflated; the load average is printed with the results.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import playwright, { type Browser, type Page } from 'playwright-core';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const PORT = Number(arg('port', '8731'));
const LOADS = Number(arg('loads', '30'));
const PLANS = Number(arg('plans', '30'));
const CREDENTIALS = Number(arg('credentials', '60'));
const INSTANCE = arg('instance', 'default');
const CHROMIUM = process.env.PATHWAYS_CHROMIUM ?? '/usr/bin/chromium';
const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const ASSETS = root('dist/web/assets');
const ORIGIN = `http://127.0.0.1:${PORT}`;
/** A seed qualification: the audit of the synthetic plan is the real API's for it. */
const TARGET = 'smtu:cert-data-analytics';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const summary = (xs: number[]) =>
  `median ${quantile(xs, 0.5).toFixed(1)} ms, p99 ${quantile(xs, 0.99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (n = ${xs.length})`;

/** The gzip (level 9) sizes of the built assets by extension. */
function shippedSizes(): { js: number; jsRaw: number; css: number } {
  let js = 0;
  let jsRaw = 0;
  let css = 0;
  for (const f of readdirSync(ASSETS)) {
    const body = readFileSync(join(ASSETS, f));
    const gz = gzipSync(body, { level: 9 }).length;
    if (f.endsWith('.js')) {
      js += gz;
      jsRaw += body.length;
    } else if (f.endsWith('.css')) css += gz;
  }
  return { js, jsRaw, css };
}

/** The API with the page, started as its own process; resolves once it listens. */
async function startServer() {
  const child = spawn(
    process.execPath,
    ['bin/pathways.js', 'up', '--serve', '--port', String(PORT), '--instance', INSTANCE],
    { cwd: root(''), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the server did not start in 180 s:\n${output}`));
    }, 180_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}):\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => {
          resolve();
        });
        child.kill('SIGINT');
      }),
  };
}

const TERMS = 10;
const id = (i: number) => `syn:m${i}`;
const award = (a: number) => `syn:award-${a}`;
const awardOf = (i: number) => Math.min(3, 1 + Math.floor((i * 3) / CREDENTIALS));
const termOf = (i: number) => 1 + Math.floor((i * TERMS) / CREDENTIALS);

/** A plan of CREDENTIALS cards in TERMS terms; `run` only changes the titles. */
function syntheticPlan(run: number) {
  const steps = [...Array(TERMS).keys()].map((t) => {
    const take = [...Array(CREDENTIALS).keys()]
      .filter((i) => termOf(i) === t + 1)
      .map((i) => ({
        credential: id(i),
        title: `Module ${i + 1} of the synthetic programme (run ${run})`,
        credits: 5,
        cost: 500 + 10 * i,
        hours: 125,
        provider: i % 7 === 0 ? 'other' : 'syn',
        reasons: [`fills slot ${i + 1}`],
      }));
    // An award is earned in the term of the last module stacking into it.
    const milestones = [1, 2, 3]
      .filter((a) => {
        const last = [...Array(CREDENTIALS).keys()].filter((i) => awardOf(i) === a).pop();
        return last !== undefined && termOf(last) === t + 1;
      })
      .map((a) => ({ credential: award(a), title: `Synthetic award ${a} (run ${run})` }));
    return {
      step: t + 1,
      take,
      milestones,
      credits: take.length * 5,
      cost: take.reduce((s, x) => s + x.cost, 0),
    };
  });
  const all = steps.flatMap((s) => s.take);
  return {
    title: 'Synthetic programme',
    asOf: '2026-12-05',
    objective: ['credits'],
    holdings: { valid: [], dropped: [] },
    alreadyEarned: [],
    alternatives: [],
    search: { nodes: 1 },
    status: 'planned',
    steps,
    totals: {
      credits: all.length * 5,
      cost: all.reduce((s, x) => s + x.cost, 0),
      hours: all.length * 125,
      count: all.length,
    },
    objectiveValue: all.length * 5,
    optimality: 'optimal',
    lowerBound: all.length * 5,
    explanation: [`Take ${all.length} modules in ${TERMS} terms.`],
  };
}

/** Catalogue facts: entry rules on two modules of the term before, some co-requisites. */
function syntheticDetail(i: number) {
  const per = CREDENTIALS / TERMS;
  const before = termOf(i) > 1 ? [i - Math.ceil(per), i - Math.ceil(per) + 1] : [];
  return {
    id: id(i),
    title: `Module ${i + 1}`,
    kind: 'micro-credential',
    qualification: false,
    credits: 5,
    provider: 'syn',
    language: i % 3 === 0 ? 'nl' : 'en',
    mode: i % 2 === 0 ? 'online' : 'blended',
    learningOutcomes: [],
    corequisites: i % 5 === 1 && termOf(i - 1) === termOf(i) ? [id(i - 1)] : [],
    precedes: [],
    earnable: true,
    entryRule:
      before.length > 0
        ? {
            id: `${id(i)}#entry`,
            op: 'ALL',
            n: before.length,
            credits: 0,
            maxShared: 0,
            accepts: before.filter((b) => b >= 0 && termOf(b) < termOf(i)).map(id),
            children: [],
          }
        : undefined,
    stacksInto: [{ id: award(awardOf(i)), title: `Synthetic award ${awardOf(i)}` }],
    recognisedAs: [],
    recognisedFrom: [],
  };
}

/**
 * The start time of a performance mark the page sets, once it is there. The predicates are
 * functions (run through the DevTools protocol): the page's CSP forbids evaluating strings.
 */
async function mark(page: Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name);
  return page.evaluate((n) => performance.getEntriesByName(n)[0]!.startTime, name);
}

/** The time from the plan's answer to the first picture drawn after it, once there is one. */
const drawnAfterAnswer = (): number | null => {
  const answer = performance.getEntriesByName('pathways:plan-answer')[0];
  if (answer === undefined) return null;
  const drawn = performance
    .getEntriesByName('pathways:plan-drawn')
    .find((m) => m.startTime >= answer.startTime);
  return drawn === undefined ? null : drawn.startTime - answer.startTime;
};

async function firstRender(browser: Browser): Promise<{ cold: number[]; warm: number[] }> {
  const cold: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/app/`);
    cold.push(await mark(page, 'pathways:interactive'));
    await context.close();
  }
  const warm: number[] = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${ORIGIN}/app/`);
  await mark(page, 'pathways:interactive');
  for (let i = 0; i < LOADS; i++) {
    await page.reload();
    warm.push(await mark(page, 'pathways:interactive'));
  }
  await context.close();
  return { cold, warm };
}

async function planDrawn(
  browser: Browser,
): Promise<{ times: number[]; cards: number; arrows: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let run = 0;
  await page.route('**/v1/plans', (route) =>
    route.fulfill({ json: syntheticPlan(run), contentType: 'application/json' }),
  );
  await page.route(
    (url) => url.pathname.startsWith('/v1/credentials/syn'),
    (route) => {
      const credential = decodeURIComponent(
        new URL(route.request().url()).pathname.split('/').pop()!,
      );
      const i = Number(/^syn:m(\d+)$/.exec(credential)?.[1] ?? NaN);
      return Number.isInteger(i)
        ? route.fulfill({ json: syntheticDetail(i) })
        : route.fulfill({ status: 404, json: { title: 'Not found', status: 404 } });
    },
  );
  // A shared link plans at once: the first plan, whose facts the page then fetches and keeps.
  await page.goto(`${ORIGIN}/app/?target=qualification&t=${encodeURIComponent(TARGET)}`);
  const picture = page.getByRole('img', { name: /The plan as columns/ });
  await picture.locator('polyline.edge.entry').first().waitFor({ timeout: 120_000 });
  const times: number[] = [];
  for (run = 1; run <= PLANS; run++) {
    await page.evaluate(() => {
      performance.clearMarks();
    });
    await page.getByRole('button', { name: 'Audit and plan' }).click();
    const time = await page.waitForFunction(drawnAfterAnswer);
    times.push((await time.jsonValue())!);
    await picture.getByText(`(run ${run})`).first().waitFor();
  }
  const cards = await picture.locator('g.card').count();
  const arrows = await picture.locator('polyline.edge').count();
  await context.close();
  return { times, cards, arrows };
}

async function main() {
  if (!existsSync(ASSETS)) throw new Error('dist/web is not built: run `npm run build` first.');
  const load = loadavg().map((l) => l.toFixed(2));
  const sizes = shippedSizes();
  const server = await startServer();
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    const render = await firstRender(browser);
    const drawn = await planDrawn(browser);
    const after = loadavg().map((l) => l.toFixed(2));
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`);
    console.log(
      `date: ${new Date().toISOString()}; load average before ${load.join(' ')}, after ${after.join(' ')}`,
    );
    console.log(`first render, cold cache: ${summary(render.cold)}`);
    console.log(`first render, warm cache: ${summary(render.warm)}`);
    console.log(
      `plan of ${drawn.cards} credentials (${drawn.arrows} arrows) drawn after its answer: ${summary(drawn.times)}`,
    );
    console.log(
      `shipped JavaScript: ${(sizes.js / 1024).toFixed(1)} KB gzip (${(sizes.jsRaw / 1024).toFixed(1)} KB raw); CSS ${(sizes.css / 1024).toFixed(1)} KB gzip`,
    );
    const ok = (v: boolean) => (v ? 'met' : 'MISSED');
    console.log(
      `targets: first render ≤ 1000 ms ${ok(quantile(render.cold, 0.5) <= 1000)}; plan drawn ≤ 200 ms ${ok(quantile(drawn.times, 0.5) <= 200)}; JS ≤ 250 KB ${ok(sizes.js <= 250 * 1024)} (medians)`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
