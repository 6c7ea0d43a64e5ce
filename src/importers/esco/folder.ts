import { createReadStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenEscoFile } from './read.js';

/** Opens the files of an ESCO download unpacked into a folder. */
export function escoFolder(folder: string): OpenEscoFile {
  return (name) => {
    const path = join(folder, name);
    return existsSync(path) && statSync(path).isFile() ? createReadStream(path) : undefined;
  };
}
