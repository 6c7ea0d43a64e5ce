/**
 * The files of the ESCO CSV download this importer reads, under their v1.1.x names and the
 * v1.2 names (relation files gained an `_en` suffix), with the columns each must have. Columns
 * are picked by name, so the extra label columns of v1.2 relation files do no harm.
 */
export interface EscoFileSpec {
  key: EscoFileKey;
  names: readonly string[];
  columns: readonly string[];
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

/** In reading order: concepts first, so relation rows are checked as they stream by. */
export const ESCO_FILES: readonly EscoFileSpec[] = [
  {
    key: 'skills',
    names: ['skills_en.csv'],
    columns: ['conceptUri', 'preferredLabel', 'skillType', 'reuseLevel', 'altLabels'],
  },
  { key: 'skillGroups', names: ['skillGroups_en.csv'], columns: ['conceptUri', 'preferredLabel'] },
  {
    key: 'skillsHierarchy',
    names: ['skillsHierarchy_en.csv'],
    columns: ['Level 0 URI', 'Level 0 preferred term', 'Level 1 URI', 'Level 1 preferred term'],
    optional: true,
  },
  {
    key: 'iscoGroups',
    names: ['ISCOGroups_en.csv'],
    columns: ['conceptUri', 'code', 'preferredLabel'],
  },
  {
    key: 'occupations',
    names: ['occupations_en.csv'],
    columns: ['conceptUri', 'preferredLabel', 'iscoGroup'],
  },
  {
    key: 'skillBroader',
    names: ['broaderRelationsSkillPillar.csv', 'broaderRelationsSkillPillar_en.csv'],
    columns: ['conceptUri', 'broaderUri'],
  },
  {
    key: 'occupationBroader',
    names: ['broaderRelationsOccPillar.csv', 'broaderRelationsOccPillar_en.csv'],
    columns: ['conceptUri', 'broaderUri'],
  },
  {
    key: 'occupationSkills',
    names: ['occupationSkillRelations.csv', 'occupationSkillRelations_en.csv'],
    columns: ['occupationUri', 'relationType', 'skillUri'],
  },
  {
    key: 'skillSkills',
    names: ['skillSkillRelations.csv', 'skillSkillRelations_en.csv'],
    columns: ['originalSkillUri', 'relationType', 'relatedSkillUri'],
  },
];
