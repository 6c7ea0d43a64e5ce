import type { StoredEscoCounts } from '../../store/index.js';
import { ImportRejectedError } from '../problems.js';
import type { EscoFileKey } from './files.js';
import type { EscoCounts } from './map.js';

/**
 * How much smaller an import may leave the graph without `allowShrink`: a kind of concept or
 * link may lose less than 10% of what the graph holds, or fewer than 100 (whichever allows
 * more). A new ESCO version moves each kind by a few percent (v1.2 against v1.1.1: +0.3%
 * skills, -1.4% skill-skill links); a file cut in half moves it by half. Below 100 the counts
 * are those of a small catalogue (the seed's handful of ESCO concepts), where a download
 * legitimately replaces most of them.
 */
export const SHRINK_LIMIT = { share: 0.1, count: 100 } as const;

/** One kind the import would leave smaller than the graph holds it. */
export interface EscoShrink {
  kind: keyof EscoCounts;
  /** Files of the download the kind is read from. */
  files: string[];
  /** In the graph now. */
  before: number;
  /** Links: in the graph after the import. Concepts: of those in the graph, in the download. */
  after: number;
  message: string;
}

const WHAT: Record<keyof EscoCounts, string> = {
  skills: 'skills',
  skillGroups: 'skill groups',
  occupations: 'occupations',
  iscoGroups: 'ISCO groups',
  broaderLinks: 'broader links',
  occupationSkillLinks: 'occupation-skill links',
  skillSkillLinks: 'skill-skill links',
};

/** The files of the download each kind is read from. */
export const FILES_OF: Record<keyof EscoCounts, EscoFileKey[]> = {
  skills: ['skills'],
  skillGroups: ['skillGroups', 'skillsHierarchy'],
  occupations: ['occupations'],
  iscoGroups: ['iscoGroups'],
  broaderLinks: ['skillBroader', 'occupationBroader'],
  occupationSkillLinks: ['occupationSkills'],
  skillSkillLinks: ['skillSkills'],
};

const n = (x: number) => x.toLocaleString('en-US');
const percent = (lost: number, of: number) => `${Math.round((100 * lost) / of)}%`;

/**
 * The kinds an import would shrink past SHRINK_LIMIT. Links: an import drops the links of the
 * download's concepts and writes the download's, so the graph keeps `stored - replaced +
 * incoming`. Concepts: an import removes none, but a download lacking many of those stored
 * (skills_en.csv cut short) would leave them behind, cut off from the download's links.
 * Pure; `fileOf` names the download's file for each file key.
 */
export function escoShrinkage(
  stored: StoredEscoCounts,
  incoming: EscoCounts,
  fileOf: (key: EscoFileKey) => string | undefined,
  limit: { share: number; count: number } = SHRINK_LIMIT,
): EscoShrink[] {
  const out: EscoShrink[] = [];
  const check = (kind: keyof EscoCounts, before: number, after: number, message: string) => {
    const lost = before - after;
    if (lost >= limit.count && lost >= limit.share * before)
      out.push({
        kind,
        files: FILES_OF[kind].map(fileOf).filter((f): f is string => f !== undefined),
        before,
        after,
        message,
      });
  };
  for (const [kind, c] of Object.entries(stored.concepts) as [
    keyof StoredEscoCounts['concepts'],
    StoredEscoCounts['concepts'][keyof StoredEscoCounts['concepts']],
  ][])
    check(
      kind,
      c.stored,
      c.inDownload,
      `the download has ${n(c.inDownload)} of the ${n(c.stored)} ${WHAT[kind]} the graph holds (${percent(c.stored - c.inDownload, c.stored)} missing)`,
    );
  for (const [kind, l] of Object.entries(stored.links) as [
    keyof StoredEscoCounts['links'],
    StoredEscoCounts['links'][keyof StoredEscoCounts['links']],
  ][]) {
    const after = l.stored - l.replaced + incoming[kind];
    check(
      kind,
      l.stored,
      after,
      `the import would leave ${n(after)} ${WHAT[kind]} where the graph has ${n(l.stored)} (${percent(l.stored - after, l.stored)} fewer)`,
    );
  }
  return out;
}

/** The import would shrink the graph past SHRINK_LIMIT and was not allowed to: nothing written. */
export class EscoShrinkError extends ImportRejectedError {
  constructor(readonly shrinks: EscoShrink[]) {
    super(
      'ESCO',
      shrinks.map((s) => ({
        file: s.files.join(', ') || s.kind,
        message: `${s.message}: was a file cut short? If the download is meant to hold fewer, import it with --allow-shrink (allowShrink)`,
      })),
    );
    this.name = 'EscoShrinkError';
  }
}
