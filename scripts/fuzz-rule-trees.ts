/**
 * Deep and wide rule trees against a running API (part of scripts/fuzz-api.sh): schema-driven
 * generation seldom nests a recursive schema more than a few levels, so this sends what it
 * does not reach, from 1 to 10,000 levels deep and past the 2000-entry limit, with random
 * shapes from a fixed seed. Every answer must be 2xx or 4xx (a tree within the limits stored,
 * one over them refused), and after each stored tree a plan to a seed qualification and the
 * export must still answer 200. Stored trees are deleted again.
 *
 *   tsx scripts/fuzz-rule-trees.ts http://127.0.0.1:8089 <admin token>
 */
const [base, token] = process.argv.slice(2);
if (!base || !token) {
  process.stderr.write('usage: tsx scripts/fuzz-rule-trees.ts BASE_URL ADMIN_TOKEN\n');
  process.exit(2);
}

const MODULES = ['smtu:mc-python-data', 'smtu:mc-statistics', 'smtu:mc-sql-databases'];
const SEED_TARGET = 'smtu:cert-data-analytics';

// A small deterministic generator (mulberry32): the same shapes on every run.
let state = 20261204;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

/** A tree as JSON text (serialisers recurse): a spine `depth` deep, `width` branches a level. */
function treeText(depth: number, width: number): string {
  const leaf = () => `{"op":"ANY","accepts":["${pick(MODULES)}"]}`;
  const op = pick(['ALL', 'ANY']);
  let text = leaf();
  for (let level = 1; level < depth; level++) {
    const siblings = Array.from({ length: width - 1 }, leaf);
    text = `{"op":"${op}","children":[${[text, ...siblings].join(',')}]}`;
  }
  return text;
}

async function call(method: string, path: string, body?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  });
  await res.arrayBuffer();
  return res.status;
}

const shapes: [number, number][] = [
  [32, 1],
  [33, 1],
  [800, 1],
  [10_000, 1],
  [2, 999],
  [2, 1000],
  [1, 1],
];
for (let i = 0; i < 40; i++)
  shapes.push([1 + Math.floor(random() * 60), 1 + Math.floor(random() * 120)]);

let failures = 0;
const fail = (message: string) => {
  failures++;
  process.stderr.write(`fuzz-rule-trees: ${message}\n`);
};

for (const [i, [depth, width]] of shapes.entries()) {
  const id = `fuzz:tree-${i}`;
  const rule = pick(['awardRule', 'entryRule']);
  const status = await call(
    'PUT',
    `/v1/credentials/${id}`,
    `{"id":"${id}","title":"Fuzz ${i}","kind":"certificate","credits":10,"${rule}":${treeText(depth, width)}}`,
  );
  if (status >= 500 || ![200, 201, 400, 413].includes(status))
    fail(`PUT ${id} (${rule} ${depth} deep, ${width} wide): ${status}`);
  if (status !== 200 && status !== 201) continue;
  const planned = await call(
    'POST',
    '/v1/plans',
    JSON.stringify({ holdings: [], target: { qualification: SEED_TARGET } }),
  );
  if (planned !== 200) fail(`plan to ${SEED_TARGET} with ${id} stored: ${planned}`);
  const exported = await call('GET', '/v1/catalogue/export');
  if (exported !== 200) fail(`export with ${id} stored: ${exported}`);
  const deleted = await call('DELETE', `/v1/credentials/${id}`);
  if (deleted !== 204) fail(`DELETE ${id}: ${deleted}`);
}
process.stdout.write(
  `fuzz-rule-trees: ${shapes.length} trees sent, ${failures ? `${failures} failure(s)` : 'no failure'}\n`,
);
process.exit(failures ? 1 : 0);
