import type { Highs } from 'highs';
import { searchCycles } from '../../algorithms/cycles.js';
import { credentialOf, type RuleNode } from '../../graph/index.js';
import { compileRule, type CompiledRule } from '../allocation.js';
import {
  linear as lin,
  sharingRows,
  type MipAllocation,
  type MipLinear as Lin,
  type MipModel,
  type MipTerm as Term,
} from '../operators/index.js';
import { fillersOf, type PlanProblem } from './problem.js';

/**
 * The planning problem as a generic mixed-integer program, solved exactly by HiGHS (compiled
 * to WebAssembly). The planner hands it the cones its branch and bound does not prove quickly
 * (strategy.ts says when, and what each answer leads to); the benchmark also times it alone,
 * as the baseline against the custom branch and bound (search.ts).
 *
 * Variables (names are built from indexes only, never from catalogue ids):
 * - y_c, binary: candidate c is taken; z_q, binary: award q of the cone (not already had)
 *   is earned. Items of `problem.base` are constants 1.
 * - one rule instance per rule that must hold: the goal rule (root fixed to 1), each award's
 *   award rule (z_q ≤ root) and each candidate's entry rule (y_c ≤ root). Per instance, slot
 *   s and possible filler f (an item one of whose identities is the slot's accepted id; a
 *   credential never fills its own rules): a_{s,f} ≤ have_f, Σ_f a_{s,f} ≤ 1.
 * - exclusivity with sharing: the rows of operators/sharing.ts (sharingRows). The goal rule
 *   shares without limit and has none of these rows.
 * - node satisfaction, binary per inner node: each node's operator writes its rows
 *   (operators/: ALL sat ≤ each branch; ANY / N_OF n·sat ≤ Σ branches; MIN_CREDITS
 *   credits·sat ≤ Σ credits(f, s)·a_{s,f}).
 * - co-requisites y_c ≤ have_d; budget Σ cost·y ≤ budget; minimise Σ weight·y.
 *
 * Entry and award rules are required only of the final set, which is exact when the
 * dependency graph (a rule instance's owner → the fillers it may use; co-requisites) has no
 * cycle through an entry rule, an award rule or a co-requisite on an award: then the chosen
 * set can be replayed in a topological order. Mutual co-requisites (same step) are fine.
 * Otherwise the answer is status `unsupported-cycle` and nothing is solved.
 */

export interface MipOptions {
  /** Wall-clock limit for HiGHS, in seconds (default none). */
  timeLimitSeconds?: number;
  /** Return the LP text in the result (for debugging). */
  keepModel?: boolean;
  /** Plans to avoid: the solution may not contain all of any of these (for alternatives). */
  avoid?: readonly (readonly string[])[];
  /**
   * The weight of a plan already in hand: HiGHS prunes with it from the start and keeps only
   * sets weighing no more. When it finds none (HiGHS answers infeasible, or with a set above
   * the cutoff), the status is `cutoff`: no set weighs less than that plan, which proves it.
   * On the 50k's cones the root leaves unproven, 22% less HiGHS time (bench/RESULTS.md,
   * 2026-12-07).
   */
  cutoff?: number;
  /** Further HiGHS options by their native names (override the defaults in mipPlan). */
  highs?: Readonly<Record<string, string | number | boolean>>;
}

export interface MipSize {
  /** Columns of the model. */
  variables: number;
  binaries: number;
  /** Rows of the model. */
  constraints: number;
  /** Nonzero coefficients. */
  nonzeros: number;
  /** Rule instances (goal + award rules + entry rules). */
  instances: number;
  /** Allocation variables a_{s,f}. */
  allocations: number;
}

export type MipStatus =
  | 'optimal'
  | 'infeasible'
  /** Nothing weighs less than the cutoff given (MipOptions.cutoff). */
  | 'cutoff'
  | 'unsupported-cycle'
  | 'time-limit'
  | `highs: ${string}`;

export interface MipResult {
  /** The least-weight set found (sorted), when one was found. */
  chosen?: string[];
  /** Its weight (Infinity when none). */
  value: number;
  status: MipStatus;
  size?: MipSize;
  model?: string;
}

let highsModule: Promise<Highs> | undefined;

type HighsLoader = () => Promise<Highs>;

/**
 * Loads the HiGHS WebAssembly module once per process. The package ships an ES module (a
 * default export) and a CommonJS build; its typings describe the latter, so the default
 * export is read from whichever shape the runtime's resolver picked.
 */
export function loadHighs(): Promise<Highs> {
  highsModule ??= import('highs').then((m: unknown) => {
    const outer = (m as { default: HighsLoader | { default: HighsLoader } }).default;
    return (typeof outer === 'function' ? outer : outer.default)();
  });
  return highsModule;
}

const num = (x: number): string => {
  const s = String(x);
  return s.includes('e') ? x.toFixed(12).replace(/0+$/, '').replace(/\.$/, '') : s;
};

/** Writes a CPLEX LP-format model. */
class LpWriter implements MipModel {
  readonly binaries: string[] = [];
  private continuous = 0;
  private readonly rows: string[] = [];
  private nonzeros = 0;
  /** A row with no variables that cannot hold: the model is infeasible as it stands. */
  contradiction = false;
  private counter = new Map<string, number>();

  variable(prefix: string, binary: boolean): string {
    const k = this.counter.get(prefix) ?? 0;
    this.counter.set(prefix, k + 1);
    const name = `${prefix}${k}`;
    if (binary) this.binaries.push(name);
    else this.continuous++;
    return name;
  }

  /** Adds `left sense right`. */
  row(left: Lin, sense: '<=' | '>=' | '=', right: Lin | number): void {
    const r = typeof right === 'number' ? lin([], right) : right;
    const coef = new Map<string, number>();
    for (const [c, v] of left.terms) coef.set(v, (coef.get(v) ?? 0) + c);
    for (const [c, v] of r.terms) coef.set(v, (coef.get(v) ?? 0) - c);
    const rhs = r.constant - left.constant;
    const terms = [...coef].filter(([, c]) => Math.abs(c) > 1e-12);
    if (terms.length === 0) {
      const ok =
        sense === '<=' ? 0 <= rhs + 1e-9 : sense === '>=' ? 0 >= rhs - 1e-9 : Math.abs(rhs) <= 1e-9;
      if (!ok) this.contradiction = true;
      return;
    }
    this.nonzeros += terms.length;
    this.rows.push(` ${LpWriter.expression(terms)} ${sense} ${num(rhs)}`);
  }

  private static expression(terms: [string, number][]): string {
    const parts = terms.map(([v, c], i) => {
      const sign = c < 0 ? '-' : i === 0 ? '' : '+';
      const abs = Math.abs(c);
      return `${sign}${sign ? ' ' : ''}${abs === 1 ? '' : `${num(abs)} `}${v}`;
    });
    // Keep lines short: LP readers are not required to accept long lines.
    const lines: string[] = [];
    for (let i = 0; i < parts.length; i += 12) lines.push(parts.slice(i, i + 12).join(' '));
    return lines.join('\n  ');
  }

  text(objective: Term[]): string {
    const obj = objective.filter(([c]) => c !== 0).map(([c, v]) => [v, c] as [string, number]);
    const out = ['Minimize', ` obj: ${obj.length > 0 ? LpWriter.expression(obj) : ''}`];
    out.push('Subject To', ...this.rows);
    if (this.binaries.length > 0) {
      out.push('Binary');
      for (let i = 0; i < this.binaries.length; i += 20)
        out.push(` ${this.binaries.slice(i, i + 20).join(' ')}`);
    }
    out.push('End', '');
    return out.join('\n');
  }

  size(): Pick<MipSize, 'variables' | 'binaries' | 'constraints' | 'nonzeros'> {
    return {
      variables: this.binaries.length + this.continuous,
      binaries: this.binaries.length,
      constraints: this.rows.length,
      nonzeros: this.nonzeros,
    };
  }
}

/** Something that may fill a slot: a base item (constant) or a credential of the cone. */
interface Filler {
  id: string;
  /** Variables whose sum says it is had (y and / or z); undefined for a base item. */
  have?: string[];
  /** Dependency-graph nodes it stands for (Y: taken, Z: earned). */
  nodes: number[];
}

interface Instance {
  rule: RuleNode;
  /** Credential that owns the rule (never fills it); undefined for the goal. */
  owner?: string;
  /** Satisfaction of the root: the instance's own variable, or 1 for the goal. */
  root: Lin;
  /** Dependency-graph node of the owner. */
  node?: number;
  goal: boolean;
}

/** Builds the model; exported for tests and the benchmark. */
export function buildMip(
  problem: PlanProblem,
  avoid: readonly (readonly string[])[] = [],
): {
  text: string;
  /** A constraint with no variables fails: infeasible without solving. */
  contradiction: boolean;
  y: Map<string, string>;
  size: MipSize;
  cycle: boolean;
} {
  const { graph } = problem;
  const lp = new LpWriter();

  // Dependency graph: node per taking (Y) and earning (Z); strict and weak edges.
  const depNames: string[] = [];
  const strict: [number, number][] = [];
  const weak: [number, number][] = [];
  const depNode = (name: string) => {
    depNames.push(name);
    return depNames.length - 1;
  };

  const y = new Map<string, string>();
  const yNode = new Map<string, number>();
  for (const id of problem.candidates) {
    y.set(id, lp.variable('y', true));
    yNode.set(id, depNode(`Y:${id}`));
  }
  const z = new Map<string, string>();
  const zNode = new Map<string, number>();
  for (const id of problem.awards) {
    if (problem.base.has(id)) continue;
    z.set(id, lp.variable('z', true));
    zNode.set(id, depNode(`Z:${id}`));
  }

  // Fillers from the problem's slot-filler index: one per credential (a candidate that is
  // also an award is had when taken or earned), numbered as the index numbers its items.
  const fillers: Filler[] = problem.fillers.items.map((item, i) => {
    if (i < problem.fillers.baseCount) return { id: item.id, nodes: [] };
    const have = [y.get(item.id), z.get(item.id)].filter((v): v is string => v !== undefined);
    const nodes = [yNode.get(item.id), zNode.get(item.id)].filter(
      (n): n is number => n !== undefined,
    );
    return { id: item.id, have, nodes };
  });
  const haveOf = (id: string): Lin | undefined => {
    if (problem.base.has(id)) return lin([], 1);
    const vars = [y.get(id), z.get(id)].filter((v): v is string => v !== undefined);
    return vars.length > 0 ? lin(vars.map((v) => [1, v] as const)) : undefined;
  };

  const instances: Instance[] = [];
  instances.push({ rule: problem.goal.rule, root: lin([], 1), goal: true });
  for (const [id, v] of z) {
    const rule = credentialOf(graph, id)!.awardRule!;
    instances.push({ rule, owner: id, root: lin([[1, v]]), node: zNode.get(id)!, goal: false });
  }
  for (const [id, v] of y) {
    const rule = credentialOf(graph, id)!.entryRule;
    if (rule)
      instances.push({ rule, owner: id, root: lin([[1, v]]), node: yNode.get(id)!, goal: false });
  }

  let allocations = 0;
  for (const inst of instances) {
    const rule = compileRule(inst.rule);
    // a[s] : filler -> variable, and its credits.
    const alloc = rule.slots.map(() => new Map<number, MipAllocation>());
    rule.slots.forEach((slot, s) => {
      for (const { item: filler, credits } of fillersOf(problem.fillers, slot.accepts)) {
        const f = fillers[filler]!;
        if (f.id === inst.owner) continue;
        const existing = alloc[s]!.get(filler);
        if (existing) {
          existing.credits = Math.max(existing.credits, credits);
          continue;
        }
        const v = lp.variable('a', true);
        allocations++;
        alloc[s]!.set(filler, { v, credits });
        if (f.have) lp.row(lin([[1, v]]), '<=', lin(f.have.map((h) => [1, h] as const)));
        if (inst.node !== undefined) for (const n of f.nodes) strict.push([inst.node, n]);
      }
      if (alloc[s]!.size > 1)
        lp.row(lin([...alloc[s]!.values()].map(({ v }) => [1, v] as const)), '<=', 1);
    });
    if (!inst.goal) sharingRows(lp, rule, alloc);
    satisfaction(lp, rule, alloc, inst.root);
  }

  // Co-requisites: had already, or taken too.
  for (const [id, v] of y) {
    for (const co of credentialOf(graph, id)!.corequisites) {
      if (problem.base.has(co)) continue;
      lp.row(lin([[1, v]]), '<=', haveOf(co) ?? 0);
      if (y.has(co)) weak.push([yNode.get(id)!, yNode.get(co)!]);
      if (z.has(co)) strict.push([yNode.get(id)!, zNode.get(co)!]);
    }
  }

  const budget = problem.constraints.budget;
  if (budget !== undefined) {
    const terms: Term[] = [];
    for (const [id, v] of y) {
      const cost = credentialOf(graph, id)!.cost ?? 0;
      if (cost > 0) terms.push([cost, v]);
    }
    lp.row(lin(terms), '<=', budget);
  }

  // No-good cuts: a plan may not contain every credential of an avoided plan.
  for (const plan of avoid) {
    const terms: Term[] = plan.filter((id) => y.has(id)).map((id) => [1, y.get(id)!]);
    lp.row(lin(terms), '<=', terms.length - 1);
  }

  const objective: Term[] = [...y].map(([id, v]) => [problem.weight.get(id)!, v]);
  const text = lp.text(objective);
  const cycle = strictCycle(depNames.length, strict, weak);
  return {
    text,
    contradiction: lp.contradiction,
    y,
    cycle,
    size: { ...lp.size(), instances: instances.length, allocations },
  };
}

/** The satisfaction rows of every node of an instance, each written by its operator. */
function satisfaction(
  lp: LpWriter,
  rule: CompiledRule,
  alloc: readonly Map<number, MipAllocation>[],
  root: Lin,
): void {
  const sat: Lin[] = rule.nodes.map((_n, i) =>
    i === 0 ? root : lin([[1, lp.variable('s', true)]]),
  );
  rule.nodes.forEach((node, i) => {
    node.operator.mipRows(
      lp,
      sat[i]!,
      node.slots.map((s) => [...alloc[s]!.values()]),
      node.children.map((c) => sat[c]!),
      node.needed,
    );
  });
}

/** Does some strongly connected component contain a strict edge? */
function strictCycle(n: number, strict: [number, number][], weak: [number, number][]): boolean {
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of [...strict, ...weak]) out[a]!.push(b);
  const { component } = searchCycles(out);
  return strict.some(([a, b]) => component[a] === component[b]);
}

const STATUS: Record<string, MipStatus> = {
  Optimal: 'optimal',
  Infeasible: 'infeasible',
  'Time limit reached': 'time-limit',
};

/** The least-weight feasible set by mixed-integer programming (see the module comment). */
export async function mipPlan(problem: PlanProblem, options: MipOptions = {}): Promise<MipResult> {
  return solveMip(problem, await loadHighs(), options);
}

/**
 * The same, synchronously, with a HiGHS module already loaded (the planner's fallback: the
 * engine stays synchronous, the shell loads the module once).
 */
export function solveMip(problem: PlanProblem, highs: Highs, options: MipOptions = {}): MipResult {
  const built = buildMip(problem, options.avoid);
  // A hair above the plan in hand, so that HiGHS's tolerance cannot prune the plan's equals.
  const cutoff =
    options.cutoff !== undefined
      ? options.cutoff + 1e-9 * Math.max(1, Math.abs(options.cutoff))
      : undefined;
  const extra = {
    size: built.size,
    ...(options.keepModel ? { model: built.text } : {}),
  };
  if (built.cycle) return { value: Infinity, status: 'unsupported-cycle', ...extra };
  if (built.contradiction) return { value: Infinity, status: 'infeasible', ...extra };
  const solution = highs.solve(built.text, {
    // The package's option typings list a subset of HiGHS' options; the runtime takes them all.
    output_flag: false,
    mip_rel_gap: 0,
    mip_abs_gap: 1e-9,
    // On these small models HiGHS' feasibility-jump heuristic costs more than the whole search.
    mip_heuristic_run_feasibility_jump: false,
    ...(options.timeLimitSeconds !== undefined ? { time_limit: options.timeLimitSeconds } : {}),
    ...(cutoff !== undefined ? { objective_bound: cutoff } : {}),
    ...options.highs,
  } as Parameters<Highs['solve']>[1]);
  let status: MipStatus = STATUS[solution.Status] ?? `highs: ${solution.Status}`;
  if (status === 'infeasible' && cutoff !== undefined) status = 'cutoff';
  const columns = solution.Columns as Record<string, { Primal?: number } | undefined>;
  const hasPrimal = Object.values(columns).some((c) => c?.Primal !== undefined);
  if ((status !== 'optimal' && status !== 'time-limit') || !hasPrimal)
    return { value: Infinity, status, ...extra };
  const chosen = [...built.y]
    .filter(([, v]) => (columns[v]?.Primal ?? 0) > 0.5)
    .map(([id]) => id)
    .sort();
  const value = chosen.reduce((t, id) => t + problem.weight.get(id)!, 0);
  // HiGHS starts from the cutoff but may still call a set above it optimal, the best of what
  // it did not prune: proven only that nothing weighs no more than the cutoff.
  if (status === 'optimal' && cutoff !== undefined && value > cutoff)
    return { value: Infinity, status: 'cutoff', ...extra };
  return { chosen, value, status, ...extra };
}
