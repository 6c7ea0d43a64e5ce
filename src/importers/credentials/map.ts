import { z } from 'zod';
import { Id, expiresAfterAward, type Holding } from '../../model/index.js';
import { isObj, many, num, text, type Json, type Obj } from '../jsonld.js';

/**
 * Learner credentials (W3C Verifiable Credentials) → holdings. Pure: reading files, looking
 * the catalogue up and writing the learner happen in import.ts.
 *
 * - Open Badges 3.0 (`OpenBadgeCredential`, `AchievementCredential`): one achievement per
 *   credential (`credentialSubject.achievement`).
 * - Europass EDC / ELM 3 (`EuropeanDigitalCredential`): one achievement per claim
 *   (`credentialSubject.hasClaim`, a LearningAchievement `specifiedBy` a specification).
 * - A `VerifiablePresentation` contributes each of its `verifiableCredential`s.
 *
 * Only the fields a holding needs are read; embedded display data (EDC's base64 images and
 * PDFs), personal data (names, e-mail, national id) and proofs are never kept. The other
 * properties of an achievement, those that say something about it (its type, level, learning
 * outcomes, ...), are named in `unused`, so the import can say what it did not take. Signatures
 * are not verified: every holding is `verified: false`.
 */

/** An achievement as the credential states it, before it is matched to the catalogue. */
export interface Achievement {
  /** Where it came from, e.g. `openbadges3:<credential id>` / `europass:<credential id>#<claim>`. */
  source: string;
  format: 'openbadges3' | 'europass';
  /** Ids that may equal a catalogue credential's id or url (achievement, specification). */
  ids: string[];
  name?: string | undefined;
  /** Alignment targets (`targetUrl`, `targetCode`): catalogue ids, urls or CTIDs. */
  alignments: string[];
  awardedOn?: string | undefined;
  expiresOn?: string | undefined;
  creditsEarned?: number | undefined;
  grade?: string | undefined;
  /**
   * Properties of the achievement (OB3: `achievement.*`, `credentialSubject.*`; ELM:
   * `claim.*`, `specifiedBy.*`) that carry meaning but that no holding field holds, sorted.
   * Display data (images, descriptions, criteria text), personal data and what is read are
   * not listed.
   */
  unused: string[];
}

export interface ReadProblem {
  /** Which credential in the file (its id, or its position). */
  at: string;
  message: string;
}

/** Explicit achievement id → catalogue credential id, for achievements nothing else matches. */
export const AchievementMapping = z
  .record(Id, Id)
  .describe('Achievement id (or alignment target) → catalogue credential id.');
export type AchievementMapping = z.infer<typeof AchievementMapping>;

const types = (node: Obj): string[] =>
  many(node.type ?? node['@type']).flatMap((t) => (typeof t === 'string' ? [t] : []));
const idOf = (node: Json | undefined): string | undefined =>
  isObj(node) ? (text(node.id) ?? text(node['@id'])) : undefined;
const dateOf = (v: Json | undefined): string | undefined => {
  const t = text(v);
  const m = t ? /^(\d{4}-\d{2}-\d{2})/.exec(t) : null;
  return m?.[1];
};

/** Every achievement in the JSON documents of one file, and what could not be read. */
export function readAchievements(documents: unknown[]): {
  achievements: Achievement[];
  problems: ReadProblem[];
  ignored: ReadProblem[];
} {
  const achievements: Achievement[] = [];
  const problems: ReadProblem[] = [];
  const ignored: ReadProblem[] = [];
  const credentials: { vc: Obj; at: string }[] = [];
  const collect = (value: unknown, at: string) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        collect(v, `${at}[${i}]`);
      });
      return;
    }
    if (!isObj(value as Json)) {
      problems.push({ at, message: 'not a JSON object' });
      return;
    }
    const node = value as Obj;
    if (types(node).includes('VerifiablePresentation')) {
      collect(node.verifiableCredential ?? [], `${idOf(node) ?? at}.verifiableCredential`);
      return;
    }
    credentials.push({ vc: node, at: idOf(node) ?? at });
  };
  documents.forEach((d, i) => {
    collect(d, documents.length === 1 ? 'credential' : `document ${i + 1}`);
  });

  for (const { vc, at } of credentials) {
    const t = types(vc);
    if (t.includes('OpenBadgeCredential') || t.includes('AchievementCredential')) {
      const a = openBadge(vc, at);
      if ('message' in a) problems.push(a);
      else achievements.push(a);
    } else if (t.includes('EuropeanDigitalCredential') || hasClaims(vc)) {
      const read = europass(vc, at);
      achievements.push(...read.achievements);
      problems.push(...read.problems);
    } else if (t.includes('EndorsementCredential')) {
      ignored.push({
        at,
        message: 'an endorsement (of an issuer or achievement) is not a holding',
      });
    } else
      problems.push({
        at,
        message: `not an Open Badges 3.0 or Europass credential (type ${JSON.stringify(t)})`,
      });
  }
  return { achievements, problems, ignored };
}

const hasClaims = (vc: Obj) => isObj(vc.credentialSubject) && 'hasClaim' in vc.credentialSubject;

function openBadge(vc: Obj, at: string): Achievement | ReadProblem {
  const subject = isObj(vc.credentialSubject) ? vc.credentialSubject : undefined;
  const achievement = subject && isObj(subject.achievement) ? subject.achievement : undefined;
  if (!achievement) return { at, message: 'credentialSubject.achievement is missing' };
  const achievementId = idOf(achievement);
  const grade = many(subject?.result)
    .map((r) => (isObj(r) ? text(r.value) : undefined))
    .find((v) => v !== undefined);
  return {
    unused: [
      ...unusedProperties('achievement', achievement, OB3_ACHIEVEMENT_READ),
      ...unusedProperties('credentialSubject', subject ?? {}, OB3_SUBJECT_READ),
    ],
    source: `openbadges3:${idOf(vc) ?? achievementId ?? at}`,
    format: 'openbadges3',
    ids: achievementId ? [achievementId] : [],
    name: text(achievement.name),
    alignments: alignmentTargets(achievement.alignment),
    awardedOn:
      dateOf(subject?.awardedDate) ??
      dateOf(vc.awardedDate) ??
      dateOf(vc.validFrom) ??
      dateOf(vc.issuanceDate),
    expiresOn: dateOf(vc.validUntil) ?? dateOf(vc.expirationDate),
    creditsEarned: num(subject?.creditsEarned),
    grade,
  };
}

function europass(vc: Obj, at: string): { achievements: Achievement[]; problems: ReadProblem[] } {
  const subject = isObj(vc.credentialSubject) ? vc.credentialSubject : {};
  const claims = many(subject.hasClaim).filter(isObj);
  if (claims.length === 0)
    return { achievements: [], problems: [{ at, message: 'credentialSubject.hasClaim is empty' }] };
  const problems: ReadProblem[] = [];
  const achievements = claims.map((claim, i): Achievement => {
    const spec = many(claim.specifiedBy).find(isObj);
    const claimId = idOf(claim);
    const specId = spec ? idOf(spec) : undefined;
    const awarding = many(claim.awardedBy).find(isObj);
    const credit = spec ? many(spec.creditPoint).find(isObj) : undefined;
    let creditsEarned: number | undefined;
    if (credit) {
      const framework = text(isObj(credit.framework) ? credit.framework.prefLabel : undefined);
      if (framework === undefined || /ects/i.test(framework)) creditsEarned = num(credit.point);
      else
        problems.push({
          at: `${at} claim ${claimId ?? i + 1}`,
          message: `credit points in "${framework}" are not ECTS: creditsEarned left out`,
        });
    }
    const grade = many(claim.provenBy)
      .filter(isObj)
      .map((p) => text(isObj(p.grade) ? p.grade.noteLiteral : p.grade))
      .find((g) => g !== undefined);
    return {
      unused: [
        ...unusedProperties('claim', claim, ELM_CLAIM_READ),
        ...unusedProperties('specifiedBy', spec ?? {}, ELM_SPECIFICATION_READ),
      ],
      source: `europass:${idOf(vc) ?? at}${claims.length > 1 ? `#${claimId ?? i + 1}` : ''}`,
      format: 'europass',
      ids: [specId, claimId].filter((x): x is string => x !== undefined),
      name: text(spec?.title) ?? text(claim.title),
      alignments: [
        ...alignmentTargets(spec?.relatedCredential),
        ...many(spec?.homepage).flatMap((h) => (isObj(h) ? [text(h.contentURL) ?? ''] : [])),
      ].filter(Boolean),
      awardedOn:
        dateOf(awarding?.awardingDate) ??
        dateOf(vc.validFrom) ??
        dateOf(vc.issuanceDate) ??
        dateOf(vc.issued),
      expiresOn: dateOf(vc.validUntil) ?? dateOf(vc.expirationDate),
      creditsEarned,
      grade,
    };
  });
  return { achievements, problems };
}

/** Identity, JSON-LD and display properties: never worth reporting as unused. */
const NOT_MEANING = [
  'id',
  '@id',
  'type',
  '@type',
  '@context',
  'image',
  'description',
  'criteria',
  'narrative',
  'additionalNote',
  'supplementaryDocument',
  'displayParameter',
];
/** What is read (above) or is personal data, per object; everything else there is listed. */
const OB3_ACHIEVEMENT_READ = new Set([...NOT_MEANING, 'name', 'alignment']);
const OB3_SUBJECT_READ = new Set([
  ...NOT_MEANING,
  'achievement',
  'awardedDate',
  'creditsEarned',
  'result',
  'identifier', // the learner's identity (e-mail, student number)
  'name',
]);
const ELM_CLAIM_READ = new Set([...NOT_MEANING, 'title', 'awardedBy', 'provenBy', 'specifiedBy']);
const ELM_SPECIFICATION_READ = new Set([
  ...NOT_MEANING,
  'title',
  'creditPoint',
  'relatedCredential',
  'homepage',
]);

function unusedProperties(prefix: string, node: Obj, read: ReadonlySet<string>): string[] {
  return Object.keys(node)
    .filter((k) => !read.has(k))
    .sort()
    .map((k) => `${prefix}.${k}`);
}

function alignmentTargets(v: Json | undefined): string[] {
  return many(v).flatMap((a) =>
    isObj(a)
      ? [text(a.targetUrl), text(a.targetCode), idOf(a)].filter((x): x is string => x !== undefined)
      : typeof a === 'string'
        ? [a]
        : [],
  );
}

/** The catalogue as the matcher sees it: every key (id, url, CTID) → credential id. */
export interface CatalogueKeys {
  byKey: Map<string, string>;
}

const CTID = /(ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function catalogueKeys(rows: { id: string; url?: string | null }[]): CatalogueKeys {
  const byKey = new Map<string, string>();
  for (const r of rows) {
    byKey.set(r.id, r.id);
    if (r.url && !byKey.has(r.url)) byKey.set(r.url, r.id);
    // A CTDL credential's id ends with its CTID, which alignments often give as targetCode.
    const ctid = CTID.exec(r.id)?.[1]?.toLowerCase();
    if (ctid && !byKey.has(ctid)) byKey.set(ctid, r.id);
  }
  return { byKey };
}

export type Match =
  | { matched: true; credential: string; by: 'mapping' | 'id' | 'alignment' }
  | { matched: false; reason: string };

const lookup = (keys: CatalogueKeys, key: string) =>
  keys.byKey.get(key) ?? keys.byKey.get(key.toLowerCase());

/**
 * Which catalogue credential an achievement is: an explicit mapping entry first (the user
 * said so), then its own ids, then its alignment targets.
 */
export function matchAchievement(
  a: Achievement,
  keys: CatalogueKeys,
  mapping: AchievementMapping = {},
): Match {
  for (const key of [...a.ids, ...a.alignments]) {
    const target = mapping[key];
    if (target === undefined) continue;
    if (!keys.byKey.has(target) || keys.byKey.get(target) !== target)
      return {
        matched: false,
        reason: `the mapping sends "${key}" to "${target}", which is not a catalogue credential`,
      };
    return { matched: true, credential: target, by: 'mapping' };
  }
  for (const id of a.ids) {
    const c = lookup(keys, id);
    if (c) return { matched: true, credential: c, by: 'id' };
  }
  for (const target of a.alignments) {
    const c = lookup(keys, target);
    if (c) return { matched: true, credential: c, by: 'alignment' };
  }
  return {
    matched: false,
    reason:
      a.ids.length + a.alignments.length === 0
        ? 'the achievement has no id or alignment to match'
        : 'no catalogue credential has this id, url or alignment target',
  };
}

/** The holding an achievement gives, or why it cannot be one. */
export function holdingOf(a: Achievement, credential: string): Holding | { problem: string } {
  if (!a.awardedOn) return { problem: 'no award date (awardedDate, validFrom or issuanceDate)' };
  if (!expiresAfterAward({ awardedOn: a.awardedOn, expiresOn: a.expiresOn }))
    return { problem: `expires (${a.expiresOn}) before it was awarded (${a.awardedOn})` };
  return {
    credential,
    awardedOn: a.awardedOn,
    ...(a.expiresOn ? { expiresOn: a.expiresOn } : {}),
    ...(a.grade ? { grade: a.grade } : {}),
    ...(a.creditsEarned !== undefined && a.creditsEarned >= 0 && a.creditsEarned <= 1000
      ? { creditsEarned: a.creditsEarned }
      : {}),
    verified: false,
    source: a.source,
  };
}

/**
 * The learner's holdings after an import: every holding of a credential this import brings
 * is replaced, the others are kept; sorted for a stable write.
 */
export function mergeHoldings(existing: Holding[], incoming: Holding[]): Holding[] {
  const replaced = new Set(incoming.map((h) => h.credential));
  return [...existing.filter((h) => !replaced.has(h.credential)), ...incoming].sort((a, b) =>
    a.credential.localeCompare(b.credential),
  );
}

/**
 * Words that make no two titles alike: joining words, and words that name what kind of thing
 * a title is (a course, a certificate, a webinar) rather than what it teaches.
 */
const STOP_WORDS = new Set(
  (
    'a an and as at by for from in into of on or the to with within without via ' +
    'about after before over under your our their its this that these those ' +
    'introduction introductory intro basics basic fundamentals foundations foundation ' +
    'principles essentials overview advanced intermediate beginner beginners part unit ' +
    'certificate certification certified course courses module modules micro credential ' +
    'credentials microcredential microcredentials programme program diploma degree award ' +
    'badge level training learning study studies class lesson lecture lectures ' +
    'webinar seminar workshop conference event session sessions bootcamp summit meetup ' +
    'online edition update updates new'
  ).split(' '),
);

/**
 * The significant words of a title: lower case, accents and punctuation dropped, stop words
 * out, a final plural "s" cut ("statistics" and "statistic" are one word).
 */
export function significantWords(title: string): Set<string> {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map((w) => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
  return new Set(words.filter((w) => !STOP_WORDS.has(w)));
}

function sharedWords(a: string, b: string) {
  const wa = significantWords(a);
  const wb = significantWords(b);
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return { shared, smaller: Math.min(wa.size, wb.size), total: wa.size + wb.size };
}

/**
 * How alike two titles are: the Dice coefficient of their significant words, 2·|shared| /
 * (|a| + |b|), from 0 (no word in common) to 1 (the same words), to two decimals.
 */
export function titleSimilarity(a: string, b: string): number {
  const { shared, total } = sharedWords(a, b);
  return total === 0 ? 0 : Math.round(((2 * shared) / total) * 100) / 100;
}

/** The similarity from which a catalogue credential is suggested (see similarTitles). */
export const SIMILAR_TITLE = 0.5;

/**
 * Whether a catalogue title is similar enough to an achievement's to be suggested: a
 * similarity of at least SIMILAR_TITLE, and at least two significant words in common (or the
 * one word of a one-word title). So "Python" and "Python for Data Analysis" (0.5, "python")
 * are; "Data Ethics Conference" and "Certificate in Data Analytics" (0.5, but only "data") and
 * "EDC Updates Webinar" and "Data Analytics" (0) are not.
 */
export function similarTitles(a: string, b: string): boolean {
  const { shared, smaller } = sharedWords(a, b);
  return titleSimilarity(a, b) >= SIMILAR_TITLE && shared >= Math.min(2, smaller);
}
