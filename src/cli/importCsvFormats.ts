import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { escoFolder, importEsco, type EscoImportSummary } from '../importers/esco/index.js';
import {
  importCurricular,
  type CurricularFile,
  type CurricularImportSummary,
} from '../importers/curricular/index.js';
import { formatProblem } from '../importers/problems.js';
import { withCatalogueStore, type Store } from '../service/store.js';
import type { ImportOptions } from '../store/index.js';

type Progress = ImportOptions['onProgress'];

/** `pathways import esco <folder>`: the folder of the unpacked ESCO CSV download. */
export async function importEscoFolder(
  store: Store,
  folder: string,
  options: { progress?: Progress; batched?: boolean; allowShrink?: boolean | undefined },
): Promise<EscoImportSummary> {
  if (!(await stat(folder)).isDirectory())
    throw Object.assign(new Error(`${folder} is not a folder (expected the ESCO CSV download)`), {
      code: 'ENOENT',
    });
  return withCatalogueStore(store, (driver, db) =>
    importEsco(driver, escoFolder(folder), {
      ...db,
      onProgress: options.progress,
      transaction: options.batched ? 'batched' : 'single',
      allowShrink: options.allowShrink,
    }),
  );
}

/** Every .csv file under a folder, sorted, named by its path inside the folder. */
async function csvFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true }))
    if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv'))
      out.push(join(entry.parentPath, entry.name));
  return out.sort();
}

/**
 * `pathways import curricular <file|folder>`: one file (named by its base name), or every
 * .csv file under a folder (named by its path inside the folder), each all or nothing.
 */
export async function importCurricularPath(
  store: Store,
  path: string,
  options: { progress?: Progress },
): Promise<CurricularImportSummary> {
  const info = await stat(path);
  const paths = info.isDirectory() ? await csvFiles(path) : [path];
  const files: CurricularFile[] = [];
  for (const p of paths)
    files.push({
      name: info.isDirectory() ? relative(path, p) : basename(p),
      bytes: await readFile(p),
    });
  return withCatalogueStore(store, (driver, db) =>
    importCurricular(driver, files, { ...db, onProgress: options.progress }),
  );
}

export function formatEscoSummary(s: EscoImportSummary): string {
  const i = s.imported;
  const lines = [
    `Imported ESCO (catalogue version ${s.catalogueVersion}) in ${(s.seconds.read + s.seconds.write + s.seconds.indexes).toFixed(1)} s:`,
    `  skills ${i.skills}, skill groups ${i.skillGroups} (${s.hierarchyOnlyGroups} only in skillsHierarchy_en.csv)`,
    `  occupations ${i.occupations}, ISCO groups ${i.iscoGroups}`,
    `  broader links ${i.broaderLinks}, occupation-skill links ${i.occupationSkillLinks}, skill-skill links ${i.skillSkillLinks}`,
    `Rows: ${s.rows.read} read, ${s.rows.accepted} accepted, ${s.rows.rejected} rejected`,
  ];
  for (const shrink of s.shrunk)
    lines.push(`  shrunk (--allow-shrink): ${shrink.files.join(', ')}: ${shrink.message}`);
  for (const f of s.files) {
    lines.push(`  ${f.file}: ${f.rows} rows, ${f.accepted} accepted, ${f.rejected} rejected`);
    for (const w of f.warnings) lines.push(`    warning: ${formatProblem(w)}`);
    if (f.columnsNotImported.length)
      lines.push(`    columns not imported: ${f.columnsNotImported.join(', ')}`);
    for (const r of f.reasons)
      lines.push(
        `    ${r.count} × ${r.reason} (line${r.count > 1 ? 's' : ''} ${r.lines.join(', ')}${r.count > r.lines.length ? ', ...' : ''})`,
      );
  }
  return lines.join('\n');
}

export function formatCurricularSummary(s: CurricularImportSummary): string {
  const lines = [
    `CurricularAnalytics: ${s.imported} file${s.imported === 1 ? '' : 's'} imported, ${s.rejected} rejected` +
      (s.catalogueVersion === undefined ? '' : ` (catalogue version ${s.catalogueVersion})`),
  ];
  for (const f of s.files) {
    if (f.status === 'imported')
      lines.push(
        `  imported ${f.file}: ${f.qualification} "${f.title}", ${f.courses} courses` +
          (f.additionalCourses ? ` + ${f.additionalCourses} additional` : '') +
          `, ${f.creditHours} ${f.creditSystem} = ${f.credits} ECTS` +
          (f.referencePlanTerms ? `, reference plan over ${f.referencePlanTerms} terms` : '') +
          (f.columnsNotImported?.length
            ? `; columns not imported: ${f.columnsNotImported.join(', ')}`
            : ''),
      );
    else lines.push(`  REJECTED ${f.file}:`);
    for (const p of f.problems) lines.push(`    ${formatProblem(p)}`);
    for (const w of f.warnings) lines.push(`    warning: ${formatProblem(w)}`);
  }
  return lines.join('\n');
}
