import type { Command } from 'commander';
import { AuditRequest, MatchRequest, PlanRequest } from '../model/index.js';
import { runAudit, runLadder, runMatch, runPlan } from '../service/planning.js';
import { loadHighs } from '../engine/planner/mip.js';
import type { Store } from '../service/store.js';
import {
  isMatchFormat,
  isPlanFormat,
  MATCH_FORMATS,
  PLAN_FORMATS,
  renderMatches,
  renderPlan,
} from '../export/index.js';
import { formatAudit } from '../export/text.js';
import { EXIT, guarded, withStore } from './run.js';

interface LearnerOptions extends PriorLearningOptions {
  learner?: string;
  holding: string[];
  qualification?: string;
  anyOf?: string;
  allOf?: string;
  occupation?: string;
  optionalSkills?: string;
  asOf?: string;
  json?: boolean;
  instance: string;
}

/** The prior-learning flags of audit, plan and match. */
interface PriorLearningOptions {
  asOf?: string;
  priorOutcome: string[];
  priorSkill: string[];
  countUnverified?: boolean;
}

/** The options every plan respects (plan and match alike). */
interface ConstraintOptions {
  excludeCredential: string[];
  excludeProvider: string[];
  language?: string;
  mode?: string;
  maxEqf?: string;
  budget?: string;
}

interface PlanOptions extends LearnerOptions, ConstraintOptions {
  format?: string;
  objective?: string;
  alternatives?: string;
  maxCreditsPerTerm?: string;
  start?: string;
  maxCreditsPerMonth?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];
const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const num = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/** `objective` of a request from --objective (one name, or a comma list: lexicographic). */
function objectiveOf(names: string | undefined) {
  const objective = list(names);
  return objective ? { objective: objective.length === 1 ? objective[0] : objective } : {};
}

/** `calendar` of a request from --start and a study load; nothing without --start. */
function calendarOf(o: {
  start?: string;
  maxCreditsPerTerm?: string;
  maxCreditsPerMonth?: string;
}) {
  if (o.start === undefined) return {};
  return {
    calendar: {
      start: o.start,
      ...(o.maxCreditsPerTerm ? { maxCreditsPerTerm: num(o.maxCreditsPerTerm) } : {}),
      ...(o.maxCreditsPerMonth ? { maxCreditsPerMonth: num(o.maxCreditsPerMonth) } : {}),
    },
  };
}

function constraintOptions(command: Command): Command {
  return command
    .option('--exclude-credential <id>', 'never plan this credential (repeatable)', collect, [])
    .option(
      '--exclude-provider <id>',
      'never plan credentials of this provider (repeatable)',
      collect,
      [],
    )
    .option('--language <codes>', 'allowed languages, e.g. en,nl')
    .option('--mode <modes>', 'allowed modes: online,in-person,blended')
    .option('--max-eqf <level>', 'highest EQF level to plan')
    .option('--budget <eur>', 'maximum total cost');
}

/** `constraints` of a request from the constraint options (and a plan's term size). */
function constraintsOf(o: ConstraintOptions, maxCreditsPerTerm?: string) {
  return {
    excludeCredentials: o.excludeCredential,
    excludeProviders: o.excludeProvider,
    ...(o.language ? { languages: list(o.language) } : {}),
    ...(o.mode ? { modes: list(o.mode) } : {}),
    ...(o.maxEqf ? { maxEqfLevel: num(o.maxEqf) } : {}),
    ...(o.budget ? { budget: num(o.budget) } : {}),
    ...(maxCreditsPerTerm ? { maxCreditsPerTerm: num(maxCreditsPerTerm) } : {}),
  };
}

/** `--holding id@2024-06-30` -> { credential, awardedOn } */
function holdingOf(text: string) {
  const at = text.lastIndexOf('@');
  return at < 0
    ? { credential: text, awardedOn: '' }
    : { credential: text.slice(0, at), awardedOn: text.slice(at + 1) };
}

/**
 * `--prior-outcome id[@2024-06-30]` and `--prior-skill uri[@date]`: prior learning the adviser
 * has validated, recorded as verified on that date (by default the reference date, or today).
 */
function priorLearningOf(o: PriorLearningOptions) {
  const on = o.asOf ?? new Date().toISOString().slice(0, 10);
  const record = (kind: 'outcome' | 'skill') => (text: string) => {
    // An ESCO URI holds no '@'; a date follows the last one.
    const at = text.lastIndexOf('@');
    const [id, date] = at < 0 ? [text, on] : [text.slice(0, at), text.slice(at + 1)];
    return { [kind]: id, method: 'validation', validatedOn: date, verified: true };
  };
  const records = [...o.priorOutcome.map(record('outcome')), ...o.priorSkill.map(record('skill'))];
  return {
    ...(records.length ? { priorLearning: records } : {}),
    ...(o.countUnverified ? { countUnverified: true } : {}),
  };
}

function baseRequest(o: LearnerOptions) {
  const target = o.qualification
    ? { qualification: o.qualification }
    : o.anyOf
      ? { anyOf: list(o.anyOf) }
      : o.allOf
        ? { allOf: list(o.allOf) }
        : o.occupation
          ? { occupation: o.occupation, optionalSkills: num(o.optionalSkills) ?? 0 }
          : undefined;
  return {
    target,
    ...(o.learner !== undefined ? { learner: o.learner } : {}),
    ...(o.learner === undefined || o.holding.length ? { holdings: o.holding.map(holdingOf) } : {}),
    ...(o.asOf ? { asOf: o.asOf } : {}),
    ...priorLearningOf(o),
  };
}

/** `--prior-outcome`, `--prior-skill` and `--count-unverified` (read by priorLearningOf). */
function priorLearningOptions(command: Command): Command {
  return command
    .option(
      '--prior-outcome <outcome@date>',
      'a learning outcome validated as prior learning, verified, on the date (default --as-of; repeatable)',
      collect,
      [],
    )
    .option(
      '--prior-skill <skill@date>',
      'an ESCO skill validated as prior learning, verified, on the date (default --as-of; repeatable)',
      collect,
      [],
    )
    .option(
      '--count-unverified',
      "count a stored learner's unverified and self-declared prior learning too",
    );
}

function learnerOptions(command: Command): Command {
  return priorLearningOptions(
    command
      .option('--learner <id>', 'a stored pseudonymous learner')
      .option(
        '--holding <credential@date>',
        'a held credential with its award date (repeatable)',
        collect,
        [],
      ),
  )
    .option('--qualification <id>', 'target: one qualification')
    .option('--any-of <ids>', 'target: the nearest of several (comma-separated)')
    .option('--all-of <ids>', 'target: all of several, a double award (comma-separated)')
    .option('--occupation <uri>', "target: an ESCO occupation's essential skills")
    .option('--optional-skills <n>', 'with --occupation: also cover n optional skills')
    .option('--as-of <date>', 'reference date YYYY-MM-DD (default today)')
    .option('--json', 'print JSON instead of text')
    .option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set', 'default');
}

/**
 * The store for one engine job. The solver (HiGHS, a WebAssembly module every job waits for)
 * is compiled meanwhile, while the process waits for Neo4j, instead of after.
 */
function withPlanningStore<T>(instance: string, work: (store: Store) => Promise<T>): Promise<T> {
  loadHighs().catch(() => undefined); // a failure shows in the job itself
  return withStore(instance, work);
}

interface MatchOptions extends PriorLearningOptions, ConstraintOptions {
  learner?: string;
  holding: string[];
  objective?: string;
  provider?: string;
  occupations?: boolean;
  limit?: string;
  offset?: string;
  start?: string;
  maxCreditsPerTerm?: string;
  maxCreditsPerMonth?: string;
  format?: string;
  instance: string;
}

/** `pathways audit`, `pathways plan`, `pathways ladder` and `pathways match`. */
export function register(program: Command): void {
  priorLearningOptions(
    constraintOptions(
      program
        .command('match')
        .description(
          'Every qualification (and with --occupations every ESCO occupation) ranked by what is left for the learner, with exact plans for the page and the awards earned on the way.',
        ),
    )
      .option('--learner <id>', 'a stored pseudonymous learner')
      .option(
        '--holding <credential@date>',
        'a held credential with its award date (repeatable)',
        collect,
        [],
      ),
  )
    .option('--as-of <date>', 'reference date YYYY-MM-DD (default today)')
    .option(
      '--objective <names>',
      'credits (default), cost, hours, count, or a comma list (lexicographic)',
    )
    .option('--provider <id>', 'only qualifications awarded by this provider')
    .option('--occupations', 'also rank every ESCO occupation of the catalogue')
    .option('--limit <n>', 'matches on the page (default 10)')
    .option('--offset <n>', 'matches ranked before the page (default 0)')
    .option('--start <date>', 'date the plans from this day: completion then breaks ties')
    .option('--max-credits-per-term <n>', 'with --start: credits started per six-month term')
    .option('--max-credits-per-month <n>', 'with --start: credits a month over what runs at once')
    .option('--format <format>', `output: ${MATCH_FORMATS.join(', ')}`, 'text')
    .option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set', 'default')
    .action(
      guarded('match', async (o: MatchOptions) => {
        const format = o.format ?? 'text';
        if (!isMatchFormat(format)) {
          process.stderr.write(
            `pathways match: --format must be one of ${MATCH_FORMATS.join(', ')}\n`,
          );
          return EXIT.usage;
        }
        if (o.start === undefined && (o.maxCreditsPerTerm ?? o.maxCreditsPerMonth) !== undefined) {
          process.stderr.write('pathways match: a study load needs --start\n');
          return EXIT.usage;
        }
        const request = MatchRequest.parse({
          ...(o.learner !== undefined ? { learner: o.learner } : {}),
          ...(o.learner === undefined || o.holding.length
            ? { holdings: o.holding.map(holdingOf) }
            : {}),
          ...(o.asOf ? { asOf: o.asOf } : {}),
          ...priorLearningOf(o),
          ...objectiveOf(o.objective),
          ...(o.provider !== undefined ? { provider: o.provider } : {}),
          ...(o.occupations ? { occupations: true } : {}),
          ...(o.limit !== undefined ? { limit: num(o.limit) } : {}),
          ...(o.offset !== undefined ? { offset: num(o.offset) } : {}),
          ...calendarOf(o),
          constraints: constraintsOf(o),
        });
        const report = await withPlanningStore(o.instance, (store) => runMatch(store, request));
        process.stdout.write(renderMatches(report, format));
        return EXIT.ok;
      }),
    );

  learnerOptions(
    program
      .command('ladder')
      .description(
        'The shortest chain of stacked awards to a qualification (certificate, diploma, ...).',
      ),
  ).action(
    guarded('ladder', async (o: LearnerOptions) => {
      const request = AuditRequest.parse(baseRequest(o));
      const ladder = await withPlanningStore(o.instance, (store) => runLadder(store, request));
      if (o.json) process.stdout.write(`${JSON.stringify(ladder, null, 2)}\n`);
      else if (ladder.rungs.length === 0)
        process.stdout.write(`No chain of awards reaches ${ladder.target}.\n`);
      else
        process.stdout.write(
          ladder.rungs
            .map(
              (r, i) =>
                `${i + 1}. ${r.title}: +${r.additionalCredits} ECTS${r.take.length ? ` (${r.take.join(', ')})` : ''}`,
            )
            .join('\n') + `\nTotal: ${ladder.totalCredits} ECTS\n`,
        );
      return ladder.rungs.length === 0 ? EXIT.unsatisfied : EXIT.ok;
    }),
  );

  learnerOptions(
    program
      .command('audit')
      .description("What is left: the target's rules annotated with what the learner holds."),
  ).action(
    guarded('audit', async (o: LearnerOptions) => {
      const request = AuditRequest.parse(baseRequest(o));
      const audit = await withPlanningStore(o.instance, (store) => runAudit(store, request));
      process.stdout.write(
        o.json ? `${JSON.stringify(audit, null, 2)}\n` : `${formatAudit(audit)}\n`,
      );
      return EXIT.ok;
    }),
  );

  constraintOptions(
    learnerOptions(
      program
        .command('plan')
        .description('The cheapest credit-weighted way from what the learner holds to the target.'),
    ),
  )
    .option(
      '--objective <names>',
      'credits (default), cost, hours, count, time (earliest completion; needs --start), or a comma list (lexicographic), e.g. time,credits',
    )
    .option('--alternatives <k>', 'also show k next-best distinct plans')
    .option(
      '--max-credits-per-term <n>',
      'turn steps into terms of at most n credits (with --start: the study load, n per six-month term)',
    )
    .option(
      '--start <date>',
      "date the plan from this day (YYYY-MM-DD) on the credentials' offerings: start and end of each, earliest completion",
    )
    .option(
      '--max-credits-per-month <n>',
      'with --start: the study load, n credits a month over what runs at once',
    )
    .option('--format <format>', `output: ${PLAN_FORMATS.join(', ')} (--json is --format json)`)
    .action(
      guarded('plan', async (o: PlanOptions) => {
        const format = o.format ?? (o.json ? 'json' : 'text');
        if (!isPlanFormat(format) || (o.json && format !== 'json')) {
          process.stderr.write(
            `pathways plan: --format must be one of ${PLAN_FORMATS.join(', ')}${o.json ? ' (and agree with --json)' : ''}\n`,
          );
          return EXIT.usage;
        }
        if (o.maxCreditsPerMonth !== undefined && o.start === undefined) {
          process.stderr.write('pathways plan: --max-credits-per-month needs --start\n');
          return EXIT.usage;
        }
        const request = PlanRequest.parse({
          ...baseRequest(o),
          ...objectiveOf(o.objective),
          ...(o.alternatives !== undefined ? { alternatives: num(o.alternatives) } : {}),
          constraints: constraintsOf(o, o.maxCreditsPerTerm),
          ...calendarOf(o),
        });
        const plan = await withPlanningStore(o.instance, (store) => runPlan(store, request));
        process.stdout.write(renderPlan(plan, format));
        return plan.status === 'infeasible' ? EXIT.unsatisfied : EXIT.ok;
      }),
    );
}
