import type { KnownColumn } from '../columns.js';

/**
 * The files of the ESCO CSV download this importer reads, under their v1.1.x names and the
 * v1.2 names (relation files gained an `_en` suffix), with every column each is known to
 * have: those it must have (`required`), those it reads, and those it leaves out on purpose
 * (`notImported`). Any other column is reported by name (see ../columns.ts).
 */
export interface EscoFileSpec {
  key: EscoFileKey;
  names: readonly string[];
  columns: readonly KnownColumn[];
  /** Optional files may be absent; a present file must still have its columns. */
  optional?: boolean;
}

export type EscoFileKey =
  | 'skills'
  | 'skillGroups'
  | 'skillsHierarchy'
  | 'iscoGroups'
  | 'occupations'
  | 'skillBroader'
  | 'occupationBroader'
  | 'occupationSkills'
  | 'skillSkills';

const required = (...names: string[]): KnownColumn[] =>
  names.map((name) => ({ name, required: true }));
const read = (...names: string[]): KnownColumn[] => names.map((name) => ({ name }));
const left = (...names: string[]): KnownColumn[] =>
  names.map((name) => ({ name, notImported: true }));

const levels = [0, 1, 2, 3].flatMap((level) =>
  [`Level ${level} URI`, `Level ${level} preferred term`, `Level ${level} code`].map((name) => ({
    name,
    ...(level <= 1 && !name.endsWith('code') ? { required: true } : {}),
  })),
);

/** In reading order: concepts first, so relation rows are checked as they stream by. */
export const ESCO_FILES: readonly EscoFileSpec[] = [
  {
    key: 'skills',
    names: ['skills_en.csv'],
    columns: [
      ...required('conceptUri', 'preferredLabel', 'skillType', 'reuseLevel', 'altLabels'),
      ...read('description'),
      ...left('conceptType', 'hiddenLabels', 'status', 'modifiedDate', 'scopeNote'),
      ...left('definition', 'inScheme'),
    ],
  },
  {
    key: 'skillGroups',
    names: ['skillGroups_en.csv'],
    columns: [
      ...required('conceptUri', 'preferredLabel'),
      ...read('altLabels', 'description', 'code'),
      ...left('conceptType', 'hiddenLabels', 'status', 'modifiedDate', 'scopeNote', 'inScheme'),
    ],
  },
  {
    key: 'skillsHierarchy',
    names: ['skillsHierarchy_en.csv'],
    columns: [...levels, ...read('Description'), ...left('Scope note')],
    optional: true,
  },
  {
    key: 'iscoGroups',
    names: ['ISCOGroups_en.csv'],
    columns: [
      ...required('conceptUri', 'code', 'preferredLabel'),
      ...read('altLabels', 'description'),
      ...left('conceptType', 'status', 'inScheme'),
    ],
  },
  {
    key: 'occupations',
    names: ['occupations_en.csv'],
    columns: [
      ...required('conceptUri', 'preferredLabel', 'iscoGroup'),
      ...read('code', 'altLabels', 'description'),
      ...left('conceptType', 'hiddenLabels', 'status', 'modifiedDate', 'regulatedProfessionNote'),
      ...left('scopeNote', 'definition', 'inScheme'),
    ],
  },
  {
    key: 'skillBroader',
    names: ['broaderRelationsSkillPillar.csv', 'broaderRelationsSkillPillar_en.csv'],
    columns: [...required('conceptUri', 'broaderUri'), ...left('conceptType', 'broaderType')],
  },
  {
    key: 'occupationBroader',
    names: ['broaderRelationsOccPillar.csv', 'broaderRelationsOccPillar_en.csv'],
    columns: [...required('conceptUri', 'broaderUri'), ...left('conceptType', 'broaderType')],
  },
  {
    key: 'occupationSkills',
    names: ['occupationSkillRelations.csv', 'occupationSkillRelations_en.csv'],
    columns: [...required('occupationUri', 'relationType', 'skillUri'), ...left('skillType')],
  },
  {
    key: 'skillSkills',
    names: ['skillSkillRelations.csv', 'skillSkillRelations_en.csv'],
    columns: [
      ...required('originalSkillUri', 'relationType', 'relatedSkillUri'),
      ...left('originalSkillType', 'relatedSkillType'),
    ],
  },
];
