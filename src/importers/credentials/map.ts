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
 * PDFs), personal data (names, e-mail, national id) and proofs are never kept. Signatures are
 * not verified: every holding is `verified: false`.
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
