import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { importCtdl, type CtdlImportSummary } from '../importers/ctdl/import.js';
import {
  importHoldings,
  parseMapping,
  type HoldingsImportSummary,
} from '../importers/credentials/import.js';
import type { AchievementMapping } from '../importers/credentials/map.js';
import { readInputFiles } from './inputFiles.js';
import { progressPrinter } from './import.js';
import { EXIT, withStore } from './run.js';

export interface ImportCommandOptions {
  instance: string;
  json?: boolean;
  map?: string;
}

export function formatCtdlSummary(s: CtdlImportSummary): string {
  const lines: string[] = [];
  for (const f of s.files) {
    const i = f.imported;
    lines.push(
      f.status === 'imported' && i
        ? `${f.file}: imported ${i.credentials} credentials (${i.qualifications} qualifications, ${i.requirements} rule nodes), ${i.recognitions} recognitions (catalogue version ${i.version}, ${i.stacksInto} STACKS_INTO links in all)`
        : `${f.file}: REJECTED, nothing written`,
    );
    for (const e of f.errors) lines.push(`  ✗ ${e}`);
    for (const w of f.warnings) lines.push(`  ! ${w.node}: ${w.message}`);
  }
  lines.push(
    `${s.accepted} file${s.accepted === 1 ? '' : 's'} imported, ${s.rejected} rejected, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}.`,
  );
  return lines.join('\n');
}

export function formatHoldingsSummary(s: HoldingsImportSummary): string {
  const lines: string[] = [];
  for (const a of s.accepted)
    lines.push(
      `+ ${a.name ?? a.achievement} → ${a.credential} (by ${a.by}, awarded ${a.holding.awardedOn})`,
    );
  for (const u of s.unmatched) {
    lines.push(`? ${u.name ?? u.achievement} [${u.file}]: ${u.reason}`);
    if (u.suggestion) lines.push(`    ${u.suggestion}`);
    for (const c of u.candidates.slice(1))
      lines.push(`    also similar: ${c.id} "${c.title}" (title similarity ${c.score})`);
    if (Object.keys(u.mappingEntry).length)
      lines.push(`    to map it, add to --map: ${JSON.stringify(u.mappingEntry)}`);
  }
  for (const r of s.rejected) for (const e of r.errors) lines.push(`✗ ${e}`);
  for (const w of s.warnings) lines.push(`! ${w.file} ${w.at}: ${w.message}`);
  lines.push(
    `Learner ${s.learner}${s.created ? ' (new)' : ''}: ${s.accepted.length} imported, ${s.unmatched.length} unmatched, ${s.rejected.length} file${s.rejected.length === 1 ? '' : 's'} rejected; ${s.holdings} holdings in all.`,
  );
  return lines.join('\n');
}

/** `pathways import ctdl <paths...>`: exit 1 when any file was rejected. */
export async function importCtdlCommand(
  paths: string[],
  opts: ImportCommandOptions,
): Promise<number> {
  const files = await readInputFiles(paths, ['.json', '.jsonld']);
  if (files.length === 0) {
    process.stderr.write(`pathways import: no .json or .jsonld file in ${paths.join(', ')}\n`);
    return EXIT.usage;
  }
  const summary = await withStore(opts.instance, (_store, driver, db) =>
    importCtdl(driver, files, {
      ...db,
      onProgress: opts.json ? undefined : progressPrinter(),
    }),
  );
  process.stdout.write(
    opts.json ? `${JSON.stringify(summary)}\n` : `${formatCtdlSummary(summary)}\n`,
  );
  return summary.rejected > 0 ? EXIT.unsatisfied : EXIT.ok;
}

/** `pathways import holdings <learner> <paths...>`: exit 1 when anything was not imported. */
export async function importHoldingsCommand(
  learner: string,
  paths: string[],
  opts: ImportCommandOptions,
): Promise<number> {
  let mapping: AchievementMapping | undefined;
  if (opts.map) {
    const parsed = parseMapping({ name: basename(opts.map), bytes: await readFile(opts.map) });
    if (!parsed.ok) {
      process.stderr.write(parsed.errors.map((e) => `pathways import: ${e}\n`).join(''));
      return EXIT.usage;
    }
    mapping = parsed.mapping;
  }
  const files = await readInputFiles(paths, ['.json', '.jsonld']);
  if (files.length === 0) {
    process.stderr.write(`pathways import: no .json or .jsonld file in ${paths.join(', ')}\n`);
    return EXIT.usage;
  }
  const summary = await withStore(opts.instance, (_store, driver, db) =>
    importHoldings(driver, learner, files, { ...db, mapping }),
  );
  process.stdout.write(
    opts.json ? `${JSON.stringify(summary)}\n` : `${formatHoldingsSummary(summary)}\n`,
  );
  return summary.rejected.length + summary.unmatched.length > 0 ? EXIT.unsatisfied : EXIT.ok;
}
