import type { ImportProblem } from './problems.js';

/** A column an importer knows, under the name its format gives it. */
export interface KnownColumn {
  name: string;
  /** The importer cannot do without it: a header lacking it refuses the file. */
  required?: boolean;
  /** Known and deliberately not imported: reported as such, never as unknown. */
  notImported?: boolean;
}

/** What a header line holds, against the columns an importer knows. */
export interface HeaderCheck {
  /** Index of each known column found, by its known name. */
  index: Map<string, number>;
  /** Missing required columns, near-misses of imported columns, repeated columns: refuse the file. */
  errors: ImportProblem[];
  /** Unknown columns (with a suggestion when one is close): their values are not imported. */
  warnings: ImportProblem[];
  /** Known columns the header has that are not imported, as the header spells them. */
  notImported: string[];
}

/**
 * Header names compared loosely: case, spaces, `_` and `-` do not count, so `Course ID`,
 * `course_id` and `Strict-Corequisites` / `Strict_Corequisites` match.
 */
export const columnKey = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, '');

/** Optimal string alignment distance: edits, with a swap of two neighbours counting one. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

/**
 * How many edits still make a near-miss of a name of this length (keys, separators removed):
 * one per five letters, at least one (`Term`/`Team`, `Credit Hours`/`Credit Hour`,
 * `Strict-Corequisites`/`Strict-Corequistes`).
 */
const tolerance = (length: number) => Math.max(1, Math.floor(length / 5));

/**
 * The known column a header name most likely misspells: the closest, by edit distance on the
 * loose keys, among known columns the header lacks (a column the header already has cannot
 * be what another one meant, so `CoPrerequisites` beside `Prerequisites` is simply unknown).
 */
export function nearMiss<T extends { name: string }>(
  name: string,
  absent: readonly T[],
): T | undefined {
  const key = columnKey(name);
  let best: T | undefined;
  let bestDistance = Infinity;
  for (const column of absent) {
    const target = columnKey(column.name);
    const distance = editDistance(key, target);
    if (distance <= tolerance(target.length) && distance < bestDistance) {
      best = column;
      bestDistance = distance;
    }
  }
  return best;
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/**
 * Checks a header line against the columns an importer knows, so that no column is ignored
 * without a word: every column is found (loosely, see columnKey), known and not imported,
 * a near-miss of a known column, or unknown. A near-miss of a column that is imported is an
 * error, not a guess: importing without it would lose its values (prerequisites, credits)
 * with nothing to show for it, and renaming the column is the author's call. A near-miss of
 * a column that is not imported anyway, and an unknown column, are warnings naming it.
 */
export function checkHeader(
  header: readonly string[],
  known: readonly KnownColumn[],
  at: { file: string; line: number },
): HeaderCheck {
  const byKey = new Map(known.map((c) => [columnKey(c.name), c]));
  const index = new Map<string, number>();
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const notImported: string[] = [];
  const unmatched: { name: string; column: number }[] = [];
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') return; // trailing separators: no column to speak of
    const column = byKey.get(columnKey(name));
    if (!column) {
      unmatched.push({ name, column: i + 1 });
      return;
    }
    const first = index.get(column.name);
    if (first !== undefined) {
      const problem = {
        ...at,
        message: `column ${i + 1} "${name}" repeats column ${first + 1} "${header[first]!.trim()}"; only the first is read`,
      };
      (column.notImported ? warnings : errors).push(problem);
      return;
    }
    index.set(column.name, i);
    if (column.notImported) notImported.push(name);
  });
  const absent = known.filter((c) => !index.has(c.name));
  const explained = new Set<string>();
  for (const { name, column } of unmatched) {
    const near = nearMiss(name, absent);
    if (near && !near.notImported) {
      explained.add(near.name);
      errors.push({
        ...at,
        message: `column ${column} "${name}" is not a known column: did you mean "${near.name}"? (rename it; its values would otherwise be lost)`,
      });
    } else
      warnings.push({
        ...at,
        message: `unknown column ${column} "${name}"${near ? ` (did you mean "${near.name}"?)` : ''}: not imported`,
      });
  }
  const missing = absent.filter((c) => c.required && !explained.has(c.name)).map((c) => c.name);
  if (missing.length)
    errors.unshift({
      ...at,
      message: `malformed header: missing column${missing.length > 1 ? 's' : ''} ${quoted(missing)} (found ${quoted(header.map((h) => h.trim()).filter(Boolean))})`,
    });
  return { index, errors, warnings, notImported };
}
