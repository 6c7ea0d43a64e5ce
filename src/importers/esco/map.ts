import type { z } from 'zod';
import {
  IscoGroup,
  Occupation,
  Skill,
  type CatalogueDocument,
  type CatalogueDocumentInput,
} from '../../model/index.js';
import { formatPath } from '../../model/index.js';
import type { HeaderCheck } from '../columns.js';
import type { CsvRow } from '../csv.js';
import { Rejections, type ImportProblem, type RejectionGroup } from '../problems.js';
import type { EscoFileKey } from './files.js';

/** What became of one file's rows. */
export interface EscoFileReport {
  file: string;
  rows: number;
  accepted: number;
  rejected: number;
  reasons: RejectionGroup[];
  /** Columns of the file that are not imported: known ones left out on purpose. */
  columnsNotImported: string[];
  /** Unknown columns, by name and position (their values are not imported). */
  warnings: ImportProblem[];
}

type Relation = 'essential' | 'optional';

/** ESCO multi-valued cells hold one value per line (altLabels, hiddenLabels). */
const lines = (cell: string | undefined): string[] => [
  ...new Set(
    (cell ?? '')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];
const text = (cell: string | undefined): string | undefined => {
  const t = (cell ?? '').trim();
  return t === '' ? undefined : t;
};

/**
 * Maps the rows of an ESCO download onto the catalogue model, one row at a time (pure and
 * synchronous: the reader streams rows in, this keeps only the mapped concepts). Every
 * concept is validated with its zod schema as it arrives; relation rows are checked against
 * the concepts read so far (concept files come first). A row that cannot be used is
 * rejected with a reason naming the offending value, never silently dropped.
 */
export class EscoMapper {
  private readonly skills = new Map<string, Skill>();
  private readonly iscoGroups = new Map<string, IscoGroup>();
  private readonly occupations = new Map<string, Occupation>();
  private readonly firstSeen = new Map<string, string>();
  private readonly reports = new Map<
    string,
    { rows: number; rejections: Rejections; header?: HeaderCheck }
  >();
  private readonly links = new Set<string>();
  private currentFile = '';
  /** Skill groups that exist only in skillsHierarchy_en.csv (7 in v1.1.1). */
  hierarchyOnlyGroups = 0;

  /** The name each file of the download was found under, by its key. */
  readonly fileOf = new Map<EscoFileKey, string>();

  /** Starts a file; rows that follow are counted against it. */
  beginFile(file: string, key?: EscoFileKey): void {
    this.currentFile = file;
    if (key) this.fileOf.set(key, file);
    this.reports.set(file, { rows: 0, rejections: new Rejections() });
  }

  /** The current file's header, as checked against the columns it is known to have. */
  header(check: HeaderCheck): void {
    this.reports.get(this.currentFile)!.header = check;
  }

  row(key: EscoFileKey, row: CsvRow): void {
    const report = this.reports.get(this.currentFile)!;
    report.rows++;
    const reason = this.apply(key, row);
    if (reason !== undefined) report.rejections.add(reason, row.line);
  }

  fileReports(): EscoFileReport[] {
    return [...this.reports].map(([file, r]) => ({
      file,
      rows: r.rows,
      accepted: r.rows - r.rejections.count,
      rejected: r.rejections.count,
      reasons: r.rejections.list(),
      columnsNotImported: r.header?.notImported ?? [],
      warnings: r.header?.warnings ?? [],
    }));
  }

  /** The mapped concepts as a native catalogue document. */
  document(): CatalogueDocument {
    return {
      format: 'pathways-catalogue/1',
      name: 'ESCO',
      providers: [],
      credentials: [],
      learningOutcomes: [],
      skills: [...this.skills.values()],
      occupations: [...this.occupations.values()],
      iscoGroups: [...this.iscoGroups.values()],
      recognitions: [],
      learners: [],
    };
  }

  /** Returns a rejection reason, or undefined when the row was used. */
  private apply(key: EscoFileKey, { cells, line }: CsvRow): string | undefined {
    switch (key) {
      case 'skills':
        return this.concept(this.skills, Skill, line, {
          id: text(cells.conceptUri),
          label: text(cells.preferredLabel),
          group: false,
          skillType: text(cells.skillType),
          reuseLevel: text(cells.reuseLevel),
          altLabels: lines(cells.altLabels),
          description: text(cells.description),
          broader: [],
        });
      case 'skillGroups':
        return this.concept(this.skills, Skill, line, {
          id: text(cells.conceptUri),
          label: text(cells.preferredLabel),
          group: true,
          altLabels: lines(cells.altLabels),
          description: text(cells.description),
          code: text(cells.code),
          broader: [],
        });
      case 'skillsHierarchy':
        return this.hierarchy(cells, line);
      case 'iscoGroups':
        return this.concept(this.iscoGroups, IscoGroup, line, {
          id: text(cells.conceptUri),
          code: text(cells.code),
          label: text(cells.preferredLabel),
          altLabels: lines(cells.altLabels),
          description: text(cells.description),
          broader: [],
        });
      case 'occupations':
        return this.concept(this.occupations, Occupation, line, {
          id: text(cells.conceptUri),
          label: text(cells.preferredLabel),
          iscoGroup: text(cells.iscoGroup),
          code: text(cells.code),
          altLabels: lines(cells.altLabels),
          description: text(cells.description),
          essentialSkills: [],
          optionalSkills: [],
          broader: [],
        });
      case 'skillBroader':
        return this.skillBroader(text(cells.conceptUri), text(cells.broaderUri));
      case 'occupationBroader':
        return this.occupationBroader(text(cells.conceptUri), text(cells.broaderUri));
      case 'occupationSkills':
        return this.needs(
          this.occupations.get(cells.occupationUri?.trim() ?? ''),
          'occupation',
          'occupations_en.csv',
          cells.occupationUri,
          cells.relationType,
          cells.skillUri,
        );
      case 'skillSkills':
        return this.needs(
          this.skills.get(cells.originalSkillUri?.trim() ?? ''),
          'skill',
          'skills_en.csv',
          cells.originalSkillUri,
          cells.relationType,
          cells.relatedSkillUri,
        );
    }
  }

  private concept<T extends { id: string }>(
    into: Map<string, T>,
    schema: z.ZodType<T>,
    line: number,
    value: Record<string, unknown>,
  ): string | undefined {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = formatPath(issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k)));
      return `invalid ${field}: ${issue.message}`;
    }
    const id = parsed.data.id;
    // One URI, one concept: across files too (a skill listed again as a group is a duplicate).
    const first = this.firstSeen.get(id);
    if (first !== undefined) return `duplicate concept ${id} (first at ${first})`;
    this.firstSeen.set(id, `${this.currentFile} line ${line}`);
    into.set(id, parsed.data);
    return undefined;
  }

  /**
   * skillsHierarchy_en.csv lists the skill-group tree level by level. Groups already read
   * from skillGroups_en.csv are left alone; a group found only here (v1.1.1 has 7, which the
   * broader relations use) is added with its label, code and, when it is the row's deepest
   * level, its description.
   */
  private hierarchy(cells: Record<string, string>, line: number): string | undefined {
    let deepest = -1;
    for (let level = 0; level <= 3; level++) if (text(cells[`Level ${level} URI`])) deepest = level;
    if (deepest < 0) return 'no concept URI on the row';
    for (let level = 0; level <= deepest; level++) {
      const id = text(cells[`Level ${level} URI`]);
      if (!id || this.skills.has(id)) continue;
      const reason = this.concept(this.skills, Skill, line, {
        id,
        label: text(cells[`Level ${level} preferred term`]),
        group: true,
        code: text(cells[`Level ${level} code`]),
        description: level === deepest ? text(cells.Description) : undefined,
        altLabels: [],
        broader: [],
      });
      if (reason) return reason;
      this.hierarchyOnlyGroups++;
    }
    return undefined;
  }

  private link(key: string): boolean {
    if (this.links.has(key)) return false;
    this.links.add(key);
    return true;
  }

  private skillBroader(from?: string, to?: string): string | undefined {
    if (!from || !to) return 'conceptUri or broaderUri is empty';
    const concept = this.skills.get(from);
    if (!concept) return `concept ${from} is not in skills_en.csv or skillGroups_en.csv`;
    if (!this.skills.has(to))
      return `broader concept ${to} is not in skills_en.csv or skillGroups_en.csv`;
    if (from === to) return `${from} is broader than itself`;
    if (!this.link(`B ${from} ${to}`)) return `duplicate link ${from} -> ${to}`;
    concept.broader.push(to);
    return undefined;
  }

  private occupationBroader(from?: string, to?: string): string | undefined {
    if (!from || !to) return 'conceptUri or broaderUri is empty';
    const concept = this.occupations.get(from) ?? this.iscoGroups.get(from);
    if (!concept) return `concept ${from} is not in occupations_en.csv or ISCOGroups_en.csv`;
    const target = this.occupations.has(to) || this.iscoGroups.has(to);
    if (!target) return `broader concept ${to} is not in occupations_en.csv or ISCOGroups_en.csv`;
    if (this.iscoGroups.has(from) && !this.iscoGroups.has(to))
      return `ISCO group ${from} cannot be narrower than occupation ${to}`;
    if (from === to) return `${from} is broader than itself`;
    if (!this.link(`B ${from} ${to}`)) return `duplicate link ${from} -> ${to}`;
    (concept.broader ??= []).push(to);
    return undefined;
  }

  private needs(
    owner:
      | {
          id: string;
          essentialSkills?: string[] | undefined;
          optionalSkills?: string[] | undefined;
        }
      | undefined,
    what: string,
    where: string,
    fromCell: string | undefined,
    relationCell: string | undefined,
    toCell: string | undefined,
  ): string | undefined {
    const from = text(fromCell);
    const to = text(toCell);
    const relation = text(relationCell) as Relation | undefined;
    if (!from || !to) return `${what} or skill URI is empty`;
    if (!owner) return `${what} ${from} is not in ${where}`;
    if (!this.skills.has(to)) return `skill ${to} is not in skills_en.csv or skillGroups_en.csv`;
    if (relation !== 'essential' && relation !== 'optional')
      return `relationType "${relationCell ?? ''}" is neither essential nor optional`;
    if (from === to) return `${from} relates to itself`;
    if (!this.link(`N ${from} ${to}`)) return `duplicate link ${from} -> ${to}`;
    const key = relation === 'essential' ? 'essentialSkills' : 'optionalSkills';
    (owner[key] ??= []).push(to);
    return undefined;
  }
}

/** Counts of the document's concepts and links, for summaries. */
export function escoCounts(doc: CatalogueDocument | CatalogueDocumentInput) {
  const skills = doc.skills ?? [];
  const occupations = doc.occupations ?? [];
  const isco = doc.iscoGroups ?? [];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    skills: skills.filter((s) => !s.group).length,
    skillGroups: skills.filter((s) => s.group).length,
    occupations: occupations.length,
    iscoGroups: isco.length,
    broaderLinks:
      sum(skills.map((s) => s.broader?.length ?? 0)) +
      sum(occupations.map((o) => o.broader?.length ?? 0)) +
      sum(isco.map((g) => g.broader?.length ?? 0)),
    occupationSkillLinks: sum(
      occupations.map((o) => (o.essentialSkills?.length ?? 0) + (o.optionalSkills?.length ?? 0)),
    ),
    skillSkillLinks: sum(
      skills.map((s) => (s.essentialSkills?.length ?? 0) + (s.optionalSkills?.length ?? 0)),
    ),
  };
}
export type EscoCounts = ReturnType<typeof escoCounts>;
