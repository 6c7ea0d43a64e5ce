import type { Driver } from 'neo4j-driver';
import { formatPath, Id, parseWith, type Holding } from '../../model/index.js';
import { credentialKeys, getLearner, putLearner, similarCredentials } from '../../store/index.js';
import { decodeUtf8, readJson } from '../json.js';
import {
  AchievementMapping,
  catalogueKeys,
  holdingOf,
  matchAchievement,
  mergeHoldings,
  readAchievements,
  similarTitles,
  titleSimilarity,
  type Achievement,
  type ReadProblem,
} from './map.js';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

export interface AcceptedAchievement {
  file: string;
  achievement: string;
  name?: string | undefined;
  credential: string;
  by: 'mapping' | 'id' | 'alignment';
  holding: Holding;
}

export interface UnmatchedAchievement {
  file: string;
  achievement: string;
  name?: string | undefined;
  reason: string;
  /**
   * Catalogue credentials whose title is similar (see similarTitles; the score is
   * titleSimilarity, 0 to 1), best first; none when nothing is.
   */
  candidates: { id: string; title: string; score: number }[];
  /**
   * The `--map` entry that would match it: with the best candidate, or the placeholder
   * `<catalogue credential id>` when no credential is similar.
   */
  mappingEntry: Record<string, string>;
  /** What to do, in one sentence: the best candidate, or that no similar credential was found. */
  suggestion?: string | undefined;
}

export interface HoldingsImportSummary {
  learner: string;
  /** The learner did not exist before. */
  created: boolean;
  /** Holdings written (imported ones replace holdings of the same credential). */
  accepted: AcceptedAchievement[];
  /** Achievements not imported: no catalogue credential matched, or no award date. */
  unmatched: UnmatchedAchievement[];
  /** Files or credentials that could not be read at all. */
  rejected: { file: string; errors: string[] }[];
  /** Read but not imported (endorsements) or imported with a caveat. */
  warnings: { file: string; at: string; message: string }[];
  /** The learner's holdings after the import. */
  holdings: number;
}

export interface HoldingsImportOptions {
  database?: string | undefined;
  /** Parsed mapping (see parseMapping). */
  mapping?: AchievementMapping | undefined;
}

/** A mapping document (achievement id → credential id), validated; issues name the entry. */
export function parseMapping(
  file: InputFile,
): { ok: true; mapping: AchievementMapping } | { ok: false; errors: string[] } {
  let text: string;
  try {
    text = decodeUtf8(file.bytes);
  } catch {
    return { ok: false, errors: [`${file.name}: not UTF-8 text`] };
  }
  const json = readJson(text);
  if (!json.ok)
    return {
      ok: false,
      errors: [`${file.name}:${json.error.line}:${json.error.column}: ${json.error.message}`],
    };
  if (json.documents.length !== 1)
    return { ok: false, errors: [`${file.name}: expected one JSON object`] };
  const parsed = parseWith(AchievementMapping, json.documents[0]);
  return parsed.ok
    ? { ok: true, mapping: parsed.value }
    : {
        ok: false,
        errors: parsed.issues.map((i) => `${file.name}: ${formatPath(i.path)}: ${i.message}`),
      };
}

const label = (a: Achievement) => a.ids[0] ?? a.alignments[0] ?? a.source;

/** What a learner's credential files match in the catalogue, before anything is written. */
export type HoldingsMatch = Pick<
  HoldingsImportSummary,
  'accepted' | 'unmatched' | 'rejected' | 'warnings'
>;

/**
 * Reads credential files and matches each achievement to a catalogue credential, writing
 * nothing: the holdings they would give, what matched nothing (with candidates), and what
 * could not be read. Used by the import, and on its own where holdings must stay unstored.
 */
export async function matchHoldings(
  driver: Driver,
  files: InputFile[],
  options: HoldingsImportOptions = {},
): Promise<HoldingsMatch> {
  const db = { database: options.database };
  const keys = catalogueKeys(await credentialKeys(driver, db));
  const match: HoldingsMatch = { accepted: [], unmatched: [], rejected: [], warnings: [] };
  const incoming = new Map<string, AcceptedAchievement>();

  for (const file of files) {
    let text: string;
    try {
      text = decodeUtf8(file.bytes);
    } catch {
      match.rejected.push({ file: file.name, errors: [`${file.name}: not UTF-8 text`] });
      continue;
    }
    const json = readJson(text);
    if (!json.ok) {
      const e = json.error;
      match.rejected.push({
        file: file.name,
        errors: [`${file.name}:${e.line}:${e.column}: invalid JSON: ${e.message}`],
      });
      continue;
    }
    const read = readAchievements(json.documents);
    const warn = (p: ReadProblem) =>
      match.warnings.push({ file: file.name, at: p.at, message: p.message });
    json.warnings.forEach((w) => {
      warn({ at: `${w.line}:${w.column}`, message: w.message });
    });
    read.ignored.forEach(warn);
    const fatal = read.problems.filter((p) => !p.message.includes('creditsEarned left out'));
    read.problems.filter((p) => !fatal.includes(p)).forEach(warn);
    if (fatal.length) {
      match.rejected.push({
        file: file.name,
        errors: fatal.map((p) => `${file.name}: ${p.at}: ${p.message}`),
      });
      continue;
    }
    for (const a of read.achievements) {
      if (a.unused.length)
        warn({
          at: label(a),
          message: `not imported (no holding field for them): ${a.unused.join(', ')}`,
        });
      const found = matchAchievement(a, keys, options.mapping);
      if (!found.matched) {
        match.unmatched.push(await unmatched(driver, file.name, a, found.reason, db));
        continue;
      }
      const holding = holdingOf(a, found.credential);
      if ('problem' in holding) {
        match.unmatched.push({
          file: file.name,
          achievement: label(a),
          name: a.name,
          reason: holding.problem,
          candidates: [],
          mappingEntry: {},
        });
        continue;
      }
      const previous = incoming.get(found.credential);
      if (previous) {
        // Two records of one credential: the latest award stands.
        const keep = previous.holding.awardedOn >= holding.awardedOn ? previous : undefined;
        warn({
          at: label(a),
          message: `${found.credential} is also awarded by ${previous.holding.source ?? previous.file}: the later award is kept`,
        });
        if (keep) continue;
      }
      incoming.set(found.credential, {
        file: file.name,
        achievement: label(a),
        name: a.name,
        credential: found.credential,
        by: found.by,
        holding,
      });
    }
  }
  match.accepted = [...incoming.values()];
  return match;
}

/**
 * Imports a learner's credentials: reads every file, matches each achievement to a catalogue
 * credential and writes the learner once (one transaction), keeping their other holdings and
 * replacing a holding of the same credential. Unreadable files and unmatched achievements are
 * reported (with candidates) and write nothing; re-importing the same files changes nothing.
 */
export async function importHoldings(
  driver: Driver,
  learnerId: string,
  files: InputFile[],
  options: HoldingsImportOptions = {},
): Promise<HoldingsImportSummary> {
  // A bad id is a usage error (ZodError), before anything is read.
  Id.describe('learner').parse(learnerId);
  const db = { database: options.database };
  const match = await matchHoldings(driver, files, options);
  const existing = (await getLearner(driver, learnerId, db))?.holdings ?? [];
  const holdings = mergeHoldings(
    existing,
    match.accepted.map((a) => a.holding),
  );
  let created = false;
  if (match.accepted.length > 0)
    ({ created } = await putLearner(driver, { id: learnerId, holdings }, db));
  return { learner: learnerId, created, ...match, holdings: holdings.length };
}

async function unmatched(
  driver: Driver,
  file: string,
  a: Achievement,
  reason: string,
  db: { database?: string | undefined },
): Promise<UnmatchedAchievement> {
  const name = a.name;
  // The full-text index finds titles sharing any word; only a similar title is suggested.
  const found = name ? await similarCredentials(driver, name, { ...db, limit: 20 }) : [];
  const candidates = found
    .filter((c) => similarTitles(name!, c.title))
    .map((c) => ({ ...c, score: titleSimilarity(name!, c.title) }))
    .sort((x, y) => y.score - x.score) // stable: the index's order among equals
    .slice(0, 3);
  const key = a.ids[0] ?? a.alignments[0];
  const best = candidates[0];
  return {
    file,
    achievement: label(a),
    name,
    reason,
    candidates,
    mappingEntry: key ? { [key]: best?.id ?? PLACEHOLDER } : {},
    suggestion: best
      ? `the most similar catalogue credential is ${best.id} "${best.title}" (title similarity ${best.score}); map it if it is the same`
      : `no similar catalogue credential was found${name ? '' : ' (the achievement has no name)'}; map it by hand if the catalogue has it`,
  };
}

const PLACEHOLDER = '<catalogue credential id>';
