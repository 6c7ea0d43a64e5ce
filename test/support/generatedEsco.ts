import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An ESCO-like CSV download of any size, written into `dir`: `skills` made-up skills in ten
 * skill groups, `occupations` occupations under one ISCO group, each needing `linksPerOccupation`
 * skills, and a chain of skill-skill links. Nothing in it is real ESCO data; it exists to make an
 * import last long enough to be interrupted (test/cli/outage.test.ts).
 */
export function writeGeneratedEsco(
  dir: string,
  size: { skills: number; occupations: number; linksPerOccupation: number },
): string {
  mkdirSync(dir, { recursive: true });
  const skill = (i: number) => `http://data.europa.eu/esco/skill/gen-${i}`;
  const group = (i: number) => `http://data.europa.eu/esco/skill/gen-group-${i % 10}`;
  const occupation = (i: number) => `http://data.europa.eu/esco/occupation/gen-${i}`;
  const isco = 'http://data.europa.eu/esco/isco/C2511';
  const lines = (header: string, count: number, row: (i: number) => string) => {
    const out = [header];
    for (let i = 0; i < count; i++) out.push(row(i));
    return `${out.join('\n')}\n`;
  };
  const files: Record<string, string> = {
    'skills_en.csv': lines(
      'conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,definition,inScheme,description',
      size.skills,
      (i) =>
        `KnowledgeSkillCompetence,${skill(i)},skill/competence,cross-sector,generated skill ${i},"skill number ${i}\ngenerated ${i}",,released,,,,,A generated skill for outage tests.`,
    ),
    'skillGroups_en.csv': lines(
      'conceptType,conceptUri,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,inScheme,description,code',
      10,
      (i) => `SkillGroup,${group(i)},generated group ${i},,,released,,,,,G${i}`,
    ),
    'ISCOGroups_en.csv': lines(
      'conceptType,conceptUri,code,preferredLabel,status,altLabels,inScheme,description',
      1,
      () => `ISCOGroup,${isco},2511,Systems analysts,released,,,`,
    ),
    'occupations_en.csv': lines(
      'conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code',
      size.occupations,
      (i) =>
        `Occupation,${occupation(i)},2511,generated occupation ${i},,,released,,,,,,A generated occupation.,2511.${i}`,
    ),
    'broaderRelationsSkillPillar.csv': lines(
      'conceptType,conceptUri,broaderType,broaderUri',
      size.skills,
      (i) => `KnowledgeSkillCompetence,${skill(i)},SkillGroup,${group(i)}`,
    ),
    'broaderRelationsOccPillar.csv': lines(
      'conceptType,conceptUri,broaderType,broaderUri',
      size.occupations,
      (i) => `Occupation,${occupation(i)},ISCOGroup,${isco}`,
    ),
    'occupationSkillRelations.csv': lines(
      'occupationUri,relationType,skillType,skillUri',
      size.occupations * size.linksPerOccupation,
      (i) => {
        const o = Math.floor(i / size.linksPerOccupation);
        const s = (o * 7919 + (i % size.linksPerOccupation) * 104729) % size.skills;
        return `${occupation(o)},${i % 3 === 0 ? 'optional' : 'essential'},skill/competence,${skill(s)}`;
      },
    ),
    'skillSkillRelations.csv': lines(
      'originalSkillUri,originalSkillType,relationType,relatedSkillType,relatedSkillUri',
      size.skills - 1,
      (i) => `${skill(i + 1)},skill/competence,essential,skill/competence,${skill(i)}`,
    ),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
