/**
 * The seed catalogue (seed/catalogue.json) is valid and has the properties seed/README.md
 * promises: providers in several countries, a ladder certificate -> diploma -> degree, every
 * rule operator, a recognition across borders, a lapsing credential, real ESCO concepts and
 * five learners whose situations differ. No database: the document is checked in memory,
 * with a small exhaustive rule evaluator that is independent of the engine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  acceptedIds,
  formatPath,
  parseCatalogue,
  walkRequirement,
  type CatalogueDocument,
  type Credential,
  type Holding,
  type RequirementNode,
  type RequirementOp,
} from '../../src/model/index.js';
import { seedCatalogue, seedInput } from '../support/seed.js';

const REFERENCE_DATE = '2026-11-23';
const INCOMPLETE_LISTING = 'rijnmond:mc-power-bi';
const ESCO_SKILL = 'http://data.europa.eu/esco/skill/';
const ESCO_OCCUPATION = 'http://data.europa.eu/esco/occupation/';

// Parsed once: the first test checks that it is accepted, the others read the document.
const parsed = parseCatalogue(seedInput());

/** The parsed document; fails the calling test (with every issue) when it was rejected. */
function seed(): CatalogueDocument {
  return parsed.ok ? parsed.value : seedCatalogue();
}

function credential(doc: CatalogueDocument, id: string): Credential {
  const c = doc.credentials.find((x) => x.id === id);
  if (!c) throw new Error(`no credential "${id}" in the seed`);
  return c;
}

function rules(c: Credential): RequirementNode[] {
  return [c.awardRule, c.entryRule].filter((r): r is RequirementNode => r !== undefined);
}

function depth(node: RequirementNode): number {
  return 1 + Math.max(0, ...(node.children ?? []).map(depth));
}

function nodesOf(node: RequirementNode): RequirementNode[] {
  const out: RequirementNode[] = [];
  walkRequirement(node, [], (n) => out.push(n));
  return out;
}

/** `date` plus `months` calendar months (day clamped to the month's end), as YYYY-MM-DD. */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, lastDay))}`;
}

function lapsedAt(doc: CatalogueDocument, h: Holding, date: string): boolean {
  const months = credential(doc, h.credential).validityMonths;
  return months !== undefined && addMonths(h.awardedOn, months) < date;
}

// ---------------------------------------------------------------------------------------------
// A small exhaustive evaluator, for checking the sample learners only. A held item fills at
// most one accepted slot of a tree; every allocation is tried, so it is exact for trees
// without `maxShared` (with it, it is conservative: sharing is never used).

interface Held {
  ids: Set<string>;
  credits: Map<string, number>;
  /** learning outcome -> held credentials that certify it */
  certifiers: Map<string, string[]>;
}

function heldFrom(doc: CatalogueDocument, ids: Iterable<string>): Held {
  const set = new Set(ids);
  const credits = new Map(doc.credentials.map((c) => [c.id, c.credits]));
  const certifiers = new Map<string, string[]>();
  for (const c of doc.credentials) {
    if (!set.has(c.id)) continue;
    for (const lo of c.learningOutcomes) certifiers.set(lo, [...(certifiers.get(lo) ?? []), c.id]);
  }
  return { ids: set, credits, certifiers };
}

type Branch = { leaf: string } | { node: RequirementNode };

function* fillLeaf(id: string, held: Held, used: Set<string>): Generator<Set<string>> {
  const candidates = held.ids.has(id) ? [id] : (held.certifiers.get(id) ?? []);
  for (const c of candidates) if (!used.has(c)) yield new Set([...used, c]);
}

function* fillAll(branches: Branch[], held: Held, used: Set<string>): Generator<Set<string>> {
  const [first, ...rest] = branches;
  if (!first) {
    yield used;
    return;
  }
  const firstWays =
    'leaf' in first ? fillLeaf(first.leaf, held, used) : fill(first.node, held, used);
  for (const u of firstWays) yield* fillAll(rest, held, u);
}

function* combinations<T>(items: T[], k: number, start = 0): Generator<T[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - k; i++) {
    for (const rest of combinations(items, k - 1, i + 1)) yield [items[i]!, ...rest];
  }
}

function* fillCredits(
  ids: string[],
  need: number,
  held: Held,
  used: Set<string>,
): Generator<Set<string>> {
  if (need <= 0) {
    yield used;
    return;
  }
  const [first, ...rest] = ids;
  if (first === undefined) return;
  if (held.ids.has(first) && !used.has(first)) {
    yield* fillCredits(
      rest,
      need - (held.credits.get(first) ?? 0),
      held,
      new Set([...used, first]),
    );
  }
  yield* fillCredits(rest, need, held, used);
}

function* fill(node: RequirementNode, held: Held, used: Set<string>): Generator<Set<string>> {
  if (node.op === 'MIN_CREDITS') {
    yield* fillCredits(node.accepts ?? [], node.credits ?? 0, held, used);
    return;
  }
  const branches: Branch[] = [
    ...(node.accepts ?? []).map((leaf) => ({ leaf })),
    ...(node.children ?? []).map((n) => ({ node: n })),
  ];
  const need = node.op === 'ALL' ? branches.length : node.op === 'ANY' ? 1 : (node.n ?? 0);
  for (const chosen of combinations(branches, need)) yield* fillAll(chosen, held, used);
}

function satisfied(node: RequirementNode, held: Held): boolean {
  return !fill(node, held, new Set()).next().done;
}

/** Valid holdings at `date`, plus recognitions in force, plus every award stacked from them. */
function closure(doc: CatalogueDocument, holdings: Holding[], date: string): Set<string> {
  const ids = new Set(holdings.filter((h) => !lapsedAt(doc, h, date)).map((h) => h.credential));
  for (const r of doc.recognitions) {
    const inForce = (r.validFrom ?? '0000') <= date && date <= (r.validUntil ?? '9999');
    if (ids.has(r.from) && inForce && r.to) ids.add(r.to);
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const c of doc.credentials) {
      if (c.awardRule && !ids.has(c.id) && satisfied(c.awardRule, heldFrom(doc, ids))) {
        ids.add(c.id);
        changed = true;
      }
    }
  }
  return ids;
}

function learner(doc: CatalogueDocument, id: string) {
  const l = doc.learners.find((x) => x.id === id);
  if (!l) throw new Error(`no learner "${id}" in the seed`);
  return l;
}

// ---------------------------------------------------------------------------------------------

describe('seed catalogue', () => {
  it('passes parseCatalogue', () => {
    if (!parsed.ok) {
      console.error(
        'seed/catalogue.json issues:\n' +
          parsed.issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n'),
      );
    }
    expect(parsed.ok).toBe(true);
  });

  it('has at least 3 quality-flagged providers in at least 2 countries', () => {
    const doc = seed();
    expect(doc.providers.length).toBeGreaterThanOrEqual(3);
    expect(new Set(doc.providers.map((p) => p.country)).size).toBeGreaterThanOrEqual(2);
    for (const p of doc.providers) {
      expect(p.country).toMatch(/^[A-Z]{2}$/);
      expect(typeof p.qualityAssured).toBe('boolean');
    }
  });

  it('has 40+ credentials, each earnable one with the EU standard elements but one', () => {
    const doc = seed();
    expect(doc.credentials.length).toBeGreaterThanOrEqual(40);
    const providerCountry = new Map(doc.providers.map((p) => [p.id, p.country]));
    const earnable = doc.credentials.filter((c) => !c.awardRule);
    // The one listing left unfinished on purpose (seed/README.md), for the quality report.
    const incomplete = earnable.find((c) => c.id === INCOMPLETE_LISTING)!;
    expect([incomplete.kind, incomplete.assessment, incomplete.participation]).toEqual([
      'micro-credential',
      undefined,
      undefined,
    ]);
    expect(incomplete.qualityAssurance).toBeUndefined();
    for (const c of earnable) {
      const where = `credential ${c.id}`;
      expect([where, c.credits > 0]).toEqual([where, true]);
      expect([where, c.cost, c.hours, c.language, c.mode]).not.toContain(undefined);
      if (c !== incomplete)
        expect([where, c.assessment, c.participation, c.qualityAssurance]).not.toContain(undefined);
      expect([where, c.country]).toEqual([where, providerCountry.get(c.provider ?? '')]);
      expect([where, c.id.startsWith(`${c.provider}:`)]).toEqual([where, true]);
      // Notional workload: 25-30 hours per ECTS credit (short safety courses are a day).
      if (c.credits >= 1) {
        const perCredit = (c.hours ?? 0) / c.credits;
        expect([where, perCredit >= 25 && perCredit <= 30]).toEqual([where, true]);
      }
    }
    for (const c of earnable.filter((x) => x.validityMonths === undefined)) {
      expect([c.id, c.eqfLevel]).not.toContain(undefined);
    }
    const kinds = new Set(doc.credentials.map((c) => c.kind));
    for (const k of [
      'micro-credential',
      'unit',
      'module',
      'badge',
      'certificate',
      'diploma',
      'degree',
    ]) {
      expect(kinds).toContain(k);
    }
  });

  it('has 4+ qualifications with nested, labelled award rules that use every operator', () => {
    const doc = seed();
    const qualifications = doc.credentials.filter((c) => c.qualification);
    expect(qualifications.length).toBeGreaterThanOrEqual(4);
    const ops = new Set<RequirementOp>();
    const designations = new Set<string>();
    for (const q of qualifications) {
      expect([q.id, q.awardRule !== undefined, q.earnable]).toEqual([q.id, true, false]);
      const rule = q.awardRule!;
      expect(depth(rule)).toBeGreaterThanOrEqual(2);
      for (const n of nodesOf(rule)) {
        ops.add(n.op);
        if (n.designation) designations.add(n.designation);
        expect([q.id, typeof n.label]).toEqual([q.id, 'string']);
      }
    }
    expect([...ops].sort()).toEqual(['ALL', 'ANY', 'MIN_CREDITS', 'N_OF']);
    expect(designations).toContain('core');
    expect(designations).toContain('elective');
    expect(Math.max(...qualifications.map((q) => depth(q.awardRule!)))).toBeGreaterThanOrEqual(3);
  });

  it('uses maxShared in exactly one place, on a node with several branches', () => {
    const doc = seed();
    const shared = doc.credentials.flatMap((c) =>
      rules(c).flatMap((r) => nodesOf(r).filter((n) => n.maxShared !== undefined)),
    );
    expect(shared).toHaveLength(1);
    expect(shared[0]!.maxShared).toBeGreaterThan(0);
    expect(shared[0]!.children?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('repeats an accepted id within one award rule only below the maxShared node', () => {
    const doc = seed();
    for (const c of doc.credentials) {
      if (!c.awardRule) continue;
      const all = acceptedIds(c.awardRule);
      const sharing = nodesOf(c.awardRule).find((n) => n.maxShared);
      const allowed = new Set(sharing ? acceptedIds(sharing) : []);
      for (const id of all.filter((x, i) => all.indexOf(x) !== i)) {
        expect([c.id, id, allowed.has(id)]).toEqual([c.id, id, true]);
      }
    }
  });

  it('has a ladder certificate -> diploma -> degree through award rules', () => {
    const doc = seed();
    const accepts = (c: Credential) => (c.awardRule ? acceptedIds(c.awardRule) : []);
    const ladders = doc.credentials
      .filter((g) => g.kind === 'degree')
      .flatMap((g) =>
        accepts(g)
          .map((id) => doc.credentials.find((c) => c.id === id))
          .filter((d): d is Credential => d?.kind === 'diploma')
          .flatMap((d) =>
            accepts(d)
              .map((id) => doc.credentials.find((c) => c.id === id))
              .filter(
                (c): c is Credential => c?.kind === 'certificate' && c.awardRule !== undefined,
              )
              .map((c) => [c, d, g]),
          ),
      );
    expect(ladders.length).toBeGreaterThanOrEqual(1);
    for (const rung of ladders[0]!) expect([rung.id, rung.earnable]).toEqual([rung.id, false]);
    // The certificate is made of earnable micro-credentials, and no rung lists again what
    // the rung below it lists (the model cannot say that a stacked award consumed them).
    const [certificate, diploma, degree] = ladders[0]! as [Credential, Credential, Credential];
    for (const id of accepts(certificate)) {
      expect(credential(doc, id).awardRule).toBeUndefined();
    }
    expect(accepts(diploma).filter((id) => accepts(certificate).includes(id))).toEqual([]);
    expect(accepts(degree).filter((id) => accepts(diploma).includes(id))).toEqual([]);
  });

  it('has entry rules, a co-requisite and suggested orders, with an LO leaf somewhere', () => {
    const doc = seed();
    expect(doc.credentials.filter((c) => c.entryRule).length).toBeGreaterThanOrEqual(5);
    expect(doc.credentials.some((c) => c.entryRule && depth(c.entryRule) >= 2)).toBe(true);
    expect(doc.credentials.some((c) => c.corequisites.length > 0)).toBe(true);
    expect(doc.credentials.some((c) => c.precedes.length > 0)).toBe(true);
    const outcomes = new Set(doc.learningOutcomes.map((lo) => lo.id));
    expect(
      doc.credentials.some((c) =>
        rules(c).some((r) => acceptedIds(r).some((id) => outcomes.has(id))),
      ),
    ).toBe(true);
  });

  it('has a recognition between providers in different countries', () => {
    const doc = seed();
    const country = (credentialId: string) => {
      const c = credential(doc, credentialId);
      return doc.providers.find((p) => p.id === c.provider)?.country;
    };
    const cross = doc.recognitions.filter(
      (r): r is typeof r & { to: string } =>
        r.to !== undefined &&
        credential(doc, r.from).provider !== credential(doc, r.to).provider &&
        country(r.from) !== country(r.to),
    );
    expect(cross.length).toBeGreaterThanOrEqual(1);
    for (const r of cross) {
      expect([r.credits, r.validFrom, r.validUntil, r.source]).not.toContain(undefined);
      expect(r.validFrom! <= REFERENCE_DATE && REFERENCE_DATE <= r.validUntil!).toBe(true);
    }
  });

  it('has a credential with a validity period that some rule requires', () => {
    const doc = seed();
    const lapsing = new Set(doc.credentials.filter((c) => c.validityMonths).map((c) => c.id));
    expect(lapsing.size).toBeGreaterThanOrEqual(1);
    const required = doc.credentials
      .flatMap((c) => rules(c).flatMap(acceptedIds))
      .filter((id) => lapsing.has(id));
    expect(required.length).toBeGreaterThanOrEqual(1);
  });

  it('links 20+ learning outcomes to credentials and to ESCO skills', () => {
    const doc = seed();
    expect(doc.learningOutcomes.length).toBeGreaterThanOrEqual(20);
    const certified = new Set(doc.credentials.flatMap((c) => c.learningOutcomes));
    for (const lo of doc.learningOutcomes) {
      expect([lo.id, certified.has(lo.id), lo.skills.length > 0]).toEqual([lo.id, true, true]);
      expect(lo.id.startsWith('lo:')).toBe(true);
    }
    for (const s of doc.skills) expect(s.id.startsWith(ESCO_SKILL)).toBe(true);
    const developed = new Set(doc.learningOutcomes.flatMap((lo) => lo.skills.map((s) => s.skill)));
    expect(doc.occupations.length).toBeGreaterThanOrEqual(1);
    for (const o of doc.occupations) {
      expect(o.id.startsWith(ESCO_OCCUPATION)).toBe(true);
      expect(o.essentialSkills.length).toBeGreaterThan(0);
      // Every essential skill can be reached, so an occupation target is plannable.
      for (const s of o.essentialSkills)
        expect([o.label, s, developed.has(s)]).toEqual([o.label, s, true]);
    }
  });

  describe('sample learners (reference date 2026-11-23)', () => {
    it('are six pseudonymous learners whose holdings and prior learning predate the reference date', () => {
      const doc = seed();
      expect(doc.learners.map((l) => l.id).sort()).toEqual([
        'learner-complete',
        'learner-lapsed',
        'learner-new',
        'learner-partway',
        'learner-prior-learning',
        'learner-recognised',
      ]);
      for (const l of doc.learners) {
        for (const h of l.holdings) expect(h.awardedOn < REFERENCE_DATE).toBe(true);
        for (const r of l.priorLearning) expect(r.validatedOn < REFERENCE_DATE).toBe(true);
      }
    });

    it('met every entry rule when each holding was started', () => {
      const doc = seed();
      for (const l of doc.learners) {
        for (const h of l.holdings) {
          const entry = credential(doc, h.credential).entryRule;
          if (!entry) continue;
          const before = l.holdings.filter((x) => x.awardedOn < h.awardedOn);
          const held = heldFrom(doc, closure(doc, before, h.awardedOn));
          expect([l.id, h.credential, satisfied(entry, held)]).toEqual([l.id, h.credential, true]);
        }
      }
    });

    it('learner-new holds nothing', () => {
      const doc = seed();
      expect(learner(doc, 'learner-new').holdings).toEqual([]);
      expect(closure(doc, [], REFERENCE_DATE).size).toBe(0);
    });

    it('learner-partway is part of the way to the certificate', () => {
      const doc = seed();
      const l = learner(doc, 'learner-partway');
      const certificate = credential(doc, 'smtu:cert-data-analytics');
      const towards = l.holdings.filter((h) =>
        acceptedIds(certificate.awardRule!).includes(h.credential),
      );
      expect(towards.length).toBeGreaterThanOrEqual(2);
      expect(closure(doc, l.holdings, REFERENCE_DATE).has(certificate.id)).toBe(false);
    });

    it('learner-lapsed holds a credential that has lapsed by the reference date', () => {
      const doc = seed();
      const l = learner(doc, 'learner-lapsed');
      const lapsed = l.holdings.filter((h) => lapsedAt(doc, h, REFERENCE_DATE));
      expect(lapsed.map((h) => h.credential)).toEqual(['jarvi:card-electrical-safety']);
      const card = lapsed[0]!;
      expect(card.expiresOn).toBe(
        addMonths(card.awardedOn, credential(doc, card.credential).validityMonths!),
      );
      // Valid the day before it expired; required by the installation unit and the certificate.
      expect(lapsedAt(doc, card, card.expiresOn!)).toBe(false);
      expect(acceptedIds(credential(doc, 'jarvi:unit-pv-installation').entryRule!)).toContain(
        card.credential,
      );
      expect(acceptedIds(credential(doc, 'jarvi:cert-solar-installer').awardRule!)).toContain(
        card.credential,
      );
    });

    it('learner-recognised fills an SMTU elective with a recognised Rijnmond micro-credential', () => {
      const doc = seed();
      const l = learner(doc, 'learner-recognised');
      const recognition = doc.recognitions.find((r) => r.to === 'smtu:mc-dataviz')!;
      const holding = l.holdings.find((h) => h.credential === recognition.from)!;
      expect(holding).toBeDefined();
      expect(
        recognition.validFrom! <= holding.awardedOn && holding.awardedOn <= recognition.validUntil!,
      ).toBe(true);
      const elective = credential(doc, 'smtu:cert-data-analytics').awardRule!.children!.find(
        (n) => n.designation === 'elective',
      )!;
      const withRecognition = heldFrom(doc, closure(doc, l.holdings, REFERENCE_DATE));
      const without = heldFrom(
        doc,
        l.holdings.map((h) => h.credential),
      );
      expect(satisfied(elective, withRecognition)).toBe(true);
      expect(satisfied(elective, without)).toBe(false);
      expect(withRecognition.ids.has('smtu:cert-data-analytics')).toBe(false);
    });

    it('learner-complete is awarded the certificate and the diploma by stacking, not the degree', () => {
      const doc = seed();
      const awarded = closure(doc, learner(doc, 'learner-complete').holdings, REFERENCE_DATE);
      expect(awarded.has('smtu:cert-data-analytics')).toBe(true);
      expect(awarded.has('smtu:hdip-data-analytics')).toBe(true);
      expect(awarded.has('smtu:msc-data-analytics')).toBe(false);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Against the real ESCO CSVs when they are available (never copied into the repository).

const dataDir =
  process.env.PATHWAYS_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url));
const escoDir = join(dataDir, 'esco-v1.1.1');
const escoAvailable = existsSync(join(escoDir, 'skills_en.csv'));
if (!escoAvailable) {
  console.log(
    `ESCO CSVs not found in ${escoDir} (set PATHWAYS_DATA): skipping the ESCO label checks.`,
  );
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  const delimiter = /[,\r\n]/g;
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field: string;
    if (text.charAt(i) === '"') {
      // Quoted field: runs to the next quote that is not doubled.
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) throw new Error('unterminated quoted CSV field');
        value += text.slice(from, quote);
        if (text.charAt(quote + 1) === '"') {
          value += '"';
          from = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      field = value;
    } else {
      delimiter.lastIndex = i;
      const stop = delimiter.exec(text)?.index ?? text.length;
      field = text.slice(i, stop);
      i = stop;
    }
    record.push(field);
    const sep = text.charAt(i);
    if (sep === ',') i++;
    else {
      // End of record (or of the text): accept LF, CRLF or CR.
      i += text.startsWith('\r\n', i) ? 2 : sep ? 1 : 0;
      records.push(record);
      record = [];
    }
  }
  const [header, ...rows] = records;
  const names = (header ?? []).map((h) => h.replace(/^\uFEFF/, ''));
  return rows
    .filter((r) => r.length > 1)
    .map((r) => Object.fromEntries(names.map((n, k) => [n, r[k] ?? ''])));
}

const readCsv = (name: string) => parseCsv(readFileSync(join(escoDir, name), 'utf8'));
const lines = (s: string | undefined) =>
  (s ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

(escoAvailable ? describe : describe.skip)('seed catalogue against ESCO v1.1.1', () => {
  it('uses real ESCO skills with their preferred labels, types and alternative labels', () => {
    const doc = seed();
    const esco = new Map(readCsv('skills_en.csv').map((r) => [r.conceptUri, r]));
    for (const s of doc.skills) {
      const row = esco.get(s.id);
      expect([s.id, row !== undefined]).toEqual([s.id, true]);
      expect(s.label).toBe(row!.preferredLabel);
      if (s.skillType !== undefined) expect(s.skillType).toBe(row!.skillType);
      if (s.reuseLevel !== undefined) expect(s.reuseLevel).toBe(row!.reuseLevel);
      const alt = new Set(lines(row!.altLabels));
      for (const a of s.altLabels) expect([s.label, a, alt.has(a)]).toEqual([s.label, a, true]);
    }
    const broader = new Set(
      readCsv('broaderRelationsSkillPillar.csv').map((r) => `${r.conceptUri} ${r.broaderUri}`),
    );
    for (const s of doc.skills) {
      for (const b of s.broader)
        expect([s.label, b, broader.has(`${s.id} ${b}`)]).toEqual([s.label, b, true]);
    }
  });

  it('uses real ESCO occupations and their real skill links', () => {
    const doc = seed();
    const esco = new Map(readCsv('occupations_en.csv').map((r) => [r.conceptUri, r]));
    const links = new Set(
      readCsv('occupationSkillRelations.csv').map(
        (r) => `${r.occupationUri} ${r.relationType} ${r.skillUri}`,
      ),
    );
    for (const o of doc.occupations) {
      const row = esco.get(o.id);
      expect([o.id, row !== undefined]).toEqual([o.id, true]);
      expect(o.label).toBe(row!.preferredLabel);
      if (o.iscoGroup !== undefined) expect(o.iscoGroup).toBe(row!.iscoGroup);
      const alt = new Set(lines(row!.altLabels));
      for (const a of o.altLabels) expect([o.label, a, alt.has(a)]).toEqual([o.label, a, true]);
      for (const s of o.essentialSkills) expect(links.has(`${o.id} essential ${s}`)).toBe(true);
      for (const s of o.optionalSkills) expect(links.has(`${o.id} optional ${s}`)).toBe(true);
    }
  });
});
