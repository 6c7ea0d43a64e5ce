import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';

/**
 * The files an import names: a file as given, a folder as every file under it whose name ends
 * with one of `extensions` (sorted, so imports run in a stable order). Names are relative to
 * the folder, which keeps blank-node ids stable wherever the folder sits.
 */
export async function readInputFiles(
  paths: string[],
  extensions: string[],
): Promise<{ name: string; bytes: Uint8Array }[]> {
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      const entries = (await readdir(path, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && extensions.some((x) => e.name.toLowerCase().endsWith(x)))
        .map((e) => join(e.parentPath, e.name))
        .sort();
      for (const file of entries)
        out.push({ name: relative(path, file), bytes: await readFile(file) });
    } else out.push({ name: basename(path), bytes: await readFile(path) });
  }
  return out;
}
