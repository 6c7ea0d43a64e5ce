/**
 * The exhaustive reference for dated plans (docs/engine-semantics.md, "Dated plans"), shared by
 * the time tests (test/engine/fastest.test.ts, test/engine/priorLearningCalendar.test.ts).
 *
 * Unlike the rest of the reference it reads what an offering allows (its start days and when
 * it ends) and the day arithmetic from the engine (offerings.ts), as the dated tests always
 * have; the rules of a dated plan are written here again. It is therefore not re-exported by
 * index.ts, whose modules import nothing from src/engine.
 */
import { addMonths, optionsOf, toDay } from '../../../src/engine/planner/index.js';
import { buildCatalogueGraph, credentialOf } from '../../../src/graph/index.js';
import type { CatalogueDocument, Credential } from '../../../src/model/catalogue.js';

/** What the reference needs of a dated plan's request. */
export interface RefCalendar {
  start: string;
  maxCreditsPerTerm?: number | undefined;
  maxCreditsPerMonth?: number | undefined;
}

export interface DatedReference {
  /** The catalogue's credentials that are not qualifications, in document order. */
  courses: Credential[];
  ids: string[];
  /**
   * The earliest completion (its first day after) of a schedule of `set` (indexes into
   * `courses`, ascending) that finishes before `beat`, or undefined. `heldFrom` gives the
   * courses held from a day on without being studied (exemptions, from the day after their
   * decision): entry rules count them from that day, a co-requisite held is met, and the plan
   * finishes no earlier than the last of those days.
   */
  earliest: (
    set: readonly number[],
    beat: number,
    heldFrom?: ReadonlyMap<number, number>,
  ) => number | undefined;
}

/**
 * The dated reference for a catalogue whose courses have entry rules (ALL or ANY of courses)
 * naming earlier courses only, and co-requisites. Every schedule is tried: each course on each
 * of its offerings and each start day of a set that holds every day an earliest schedule can
 * start something on (from the calendar's start, every first of a month, every day something
 * held starts to count, and every day an offering started on one of those ends, closed under
 * that), within `horizonMonths`.
 */
export function datedReference(
  doc: CatalogueDocument,
  calendar: RefCalendar,
  horizonMonths = 48,
): DatedReference {
  const graph = buildCatalogueGraph(doc);
  const courses = doc.credentials.filter((c) => !c.qualification);
  const ids = courses.map((c) => c.id);
  const options = courses.map((c) => optionsOf(credentialOf(graph, c.id)!, {}).options);
  const first = toDay(calendar.start);
  const horizon = addMonths(first, horizonMonths);
  const cap = calendar.maxCreditsPerMonth ?? Infinity;
  const perTerm =
    calendar.maxCreditsPerMonth === undefined ? (calendar.maxCreditsPerTerm ?? Infinity) : Infinity;
  const termOf = (day: number) => {
    let k = 0;
    while (addMonths(first, 6 * (k + 1)) <= day) k++;
    return k;
  };
  const firsts: number[] = [];
  for (let m = 0; m < horizonMonths; m++) firsts.push(addMonths(first, m));

  /**
   * Candidate start days: a start is either forced by an offering's start day (at or after an
   * event) or an event itself (the start, a day a holding counts from, an end), and every end
   * is an offering's end after such a start. With the firsts of months (the default's start
   * days) this is closed by a breadth-first pass.
   */
  const daysFrom = (heldDays: readonly number[]): number[] => {
    const all = [...options.flat()];
    const seen = new Set<number>();
    const queue: number[] = [];
    const add = (day: number | undefined) => {
      if (day === undefined || day >= horizon || day < first || seen.has(day)) return;
      seen.add(day);
      queue.push(day);
    };
    for (const d of [first, ...firsts, ...heldDays]) add(d);
    for (let head = 0; head < queue.length; head++) {
      const day = queue[head]!;
      for (const o of all) {
        add(o.nextStart(day));
        if (o.startsOn(day)) add(o.endAfter(day));
      }
    }
    return [...seen].sort((a, b) => a - b);
  };
  const dayMemo = new Map<string, number[]>();

  const earliest = (
    set: readonly number[],
    beat: number,
    heldFrom: ReadonlyMap<number, number> = new Map(),
  ): number | undefined => {
    const heldDays = [...new Set(heldFrom.values())].sort((a, b) => a - b);
    const key = heldDays.join();
    let days = dayMemo.get(key);
    if (!days) dayMemo.set(key, (days = daysFrom(heldDays)));
    const inSet = new Set(set);
    // A course whose entry rule or co-requisite the set and the holdings cannot meet at all is
    // never dated: said at once, rather than after trying every start of every other course.
    const had = (x: string) => inSet.has(ids.indexOf(x)) || heldFrom.has(ids.indexOf(x));
    for (const i of set) {
      const entry = courses[i]!.entryRule;
      if (entry && !(entry.op === 'ALL' ? entry.accepts!.every(had) : entry.accepts!.some(had)))
        return undefined;
      if (!courses[i]!.corequisites.every(had)) return undefined;
    }
    const start = new Map<number, number>();
    const end = new Map<number, number>();
    const rate = new Map<number, number>();
    // Co-requisites of each other (transitively) may start together over a load.
    const reach = new Map(set.map((i) => [i, new Set([i])]));
    for (const i of set)
      for (const co of courses[i]!.corequisites) {
        const j = ids.indexOf(co);
        if (inSet.has(j)) reach.get(i)!.add(j);
      }
    for (let grew = true; grew;) {
      grew = false;
      for (const r of reach.values())
        for (const x of [...r])
          for (const y of reach.get(x)!)
            if (!r.has(y)) {
              r.add(y);
              grew = true;
            }
    }
    const together = (a: number, b: number) => reach.get(a)!.has(b) && reach.get(b)!.has(a);
    /**
     * Do the first `placed` courses of the set keep the rules among themselves? Placing more
     * only adds load to a day or credits to a term and never makes a group of co-requisites
     * of each other, so a partial schedule that breaks one can be abandoned.
     */
    const valid = (placed: number): boolean => {
      const members = set.slice(0, placed);
      const here = new Set(members);
      for (const j of members) {
        for (const co of courses[j]!.corequisites) {
          const k = ids.indexOf(co);
          if (heldFrom.has(k)) continue;
          if (!inSet.has(k)) return false;
          if (here.has(k) && start.get(k)! > start.get(j)!) return false;
        }
        const running = members.filter(
          (k) => start.get(k)! <= start.get(j)! && start.get(j)! < end.get(k)!,
        );
        const load = running.reduce((s, k) => s + rate.get(k)!, 0);
        if (load > cap + 1e-6 && !running.every((k) => together(k, running[0]!))) return false;
      }
      if (Number.isFinite(perTerm)) {
        const terms = new Map<number, number[]>();
        for (const j of members)
          terms.set(termOf(start.get(j)!), [...(terms.get(termOf(start.get(j)!)) ?? []), j]);
        for (const group of terms.values()) {
          const credits = group.reduce((s, j) => s + courses[j]!.credits, 0);
          if (credits > perTerm + 1e-6 && !group.every((k) => together(k, group[0]!))) return false;
        }
      }
      return true;
    };
    let best: number | undefined;
    // Courses in id order: entry rules name earlier courses only, so they are checked at once.
    const assign = (k: number, finish: number) => {
      if (k === set.length) {
        if (finish < (best ?? beat)) best = finish;
        return;
      }
      const i = set[k]!;
      const entry = courses[i]!.entryRule;
      for (const o of options[i]!)
        for (const day of days) {
          if (!o.startsOn(day)) continue;
          const e = o.endAfter(day);
          if (Math.max(finish, e) >= (best ?? beat)) break;
          if (entry) {
            const ended = entry.accepts!.filter((x) => {
              const j = ids.indexOf(x);
              return (inSet.has(j) && end.get(j)! <= day) || (heldFrom.get(j) ?? Infinity) <= day;
            });
            if (entry.op === 'ALL' ? ended.length < entry.accepts!.length : ended.length === 0)
              continue;
          }
          start.set(i, day);
          end.set(i, e);
          rate.set(i, courses[i]!.credits / o.months);
          if (valid(k + 1)) assign(k + 1, Math.max(finish, e));
          start.delete(i);
          end.delete(i);
        }
    };
    // The plan finishes no earlier than the last day a holding waits for.
    assign(0, Math.max(first, ...heldDays));
    return best;
  };

  return { courses, ids, earliest };
}
