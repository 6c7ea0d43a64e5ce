/**
 * The designer views' pure shaping: the qualification-by-qualification matrix of shared
 * modules from the stackability report, and the sequential colour scale (five levels, drawn
 * by the `heat-0` … `heat-4` classes of style.css) shared by the heat map and the curriculum
 * graph. Colour is only an addition: every cell and node also carries its number as text.
 */

/** The steps of the colour scale: 0 is "none", HEAT_LEVELS - 1 the most. */
export const HEAT_LEVELS = 5;

/**
 * The level of `value` on a scale up to `max`: 0 only for nothing (0 or less), the top level
 * only for the maximum; in between, equal-width bands, so a larger value never gets a lighter
 * colour.
 */
export function heatLevel(value: number, max: number): number {
  if (!(value > 0) || !(max > 0)) return 0;
  const top = HEAT_LEVELS - 1;
  return Math.min(top, Math.max(1, Math.ceil((value / max) * top)));
}

/**
 * The range of values each level stands for, for the legend ("over 2 up to 4"); for counts
 * (`integers`), the whole numbers in each band ("3–4"), leaving out a band holding none.
 */
export function heatLegend(max: number, integers = false): { level: number; label: string }[] {
  const top = HEAT_LEVELS - 1;
  const out: { level: number; label: string }[] = [{ level: 0, label: '0' }];
  if (!(max > 0)) return out;
  for (let level = 1; level <= top; level++) {
    // Values v with ceil(v / max * top) = level: (level - 1) * max / top < v ≤ level * max / top.
    const low = ((level - 1) * max) / top;
    const high = (level * max) / top;
    if (!integers) out.push({ level, label: `over ${round(low)} up to ${round(high)}` });
    else {
      const [first, last] = [Math.floor(low) + 1, Math.floor(high)];
      if (first <= last)
        out.push({ level, label: first === last ? `${first}` : `${first}–${last}` });
    }
  }
  return out;
}

const round = (n: number) => String(Math.round(n * 10) / 10);

export interface StackabilityLike {
  qualifications: { qualification: string; title: string; modules: number }[];
  sharedModules: { a: string; b: string; shared: string[] }[];
}

export interface SharedMatrix {
  qualifications: { id: string; title: string; modules: number }[];
  /** counts[i][j]: modules counting towards both i and j; the diagonal holds i's own modules. */
  counts: number[][];
  /** shared[i][j]: the ids of those modules (empty on the diagonal). */
  shared: string[][][];
  /** The largest count off the diagonal (what the colour scale spans). */
  max: number;
}

/**
 * The symmetric matrix of shared modules, in the report's order of qualifications. A pair the
 * report lists with a qualification outside it (a filter's edge) is left out rather than
 * given a row of its own.
 */
export function sharedMatrix(report: StackabilityLike): SharedMatrix {
  const qualifications = report.qualifications.map((q) => ({
    id: q.qualification,
    title: q.title,
    modules: q.modules,
  }));
  const at = new Map(qualifications.map((q, i) => [q.id, i]));
  const n = qualifications.length;
  const counts = qualifications.map((q, i) =>
    qualifications.map((_, j) => (i === j ? q.modules : 0)),
  );
  const shared = qualifications.map(() => qualifications.map((): string[] => []));
  let max = 0;
  for (const pair of report.sharedModules) {
    const i = at.get(pair.a);
    const j = at.get(pair.b);
    if (i === undefined || j === undefined || i === j) continue;
    const ids = [...new Set(pair.shared)].sort();
    counts[i]![j] = counts[j]![i] = ids.length;
    shared[i]![j] = shared[j]![i] = ids;
    max = Math.max(max, ids.length);
  }
  return { qualifications, counts, shared, max: n > 1 ? max : 0 };
}
