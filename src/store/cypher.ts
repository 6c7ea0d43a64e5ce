import { readFileSync } from 'node:fs';

const CYPHER_ROOT = new URL('../../cypher/', import.meta.url);
const cache = new Map<string, string>();

/**
 * The text of `cypher/<name>.cypher`. Every statement the product runs lives in that folder
 * and is loaded by name: query text is never assembled at run time, values always travel as
 * parameters.
 */
export function cypher(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`${name}.cypher`, CYPHER_ROOT), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** A file holding several statements separated by `;` at line ends (migrations). */
export function cypherStatements(name: string): string[] {
  return cypher(name)
    .split(/;\s*$/m)
    .map((s) =>
      s
        .split('\n')
        .filter((line) => !line.trim().startsWith('//'))
        .join('\n')
        .trim(),
    )
    .filter((s) => s.length > 0);
}
