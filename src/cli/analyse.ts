import type { Command } from 'commander';
import type { z } from 'zod';
import { AnalyticsInputError } from '../analytics/index.js';
import {
  ANALYSIS_FORMATS,
  complexityTable,
  coverageTable,
  demandTable,
  isAnalysisFormat,
  overlapTable,
  qualityTable,
  renderTable,
  stackabilityTable,
  type ReportTable,
} from '../export/analytics.js';
import {
  ComplexityQuery,
  CoverageQuery,
  DemandQuery,
  OverlapQuery,
  QualityQuery,
  runComplexity,
  runCoverage,
  runOverlap,
  runQuality,
  runStackability,
  StackabilityQuery,
} from '../service/analytics.js';
import { runDemand } from '../service/demand.js';
import type { Store } from '../service/store.js';
import { EXIT, guarded, withStore } from './run.js';

interface Common {
  format: string;
  instance: string;
}

/**
 * One `pathways analyse <name>` command: the flags, as text, go through the same schema as
 * the HTTP query (so a bad value exits 2 naming its field), the analysis runs on the current
 * catalogue and the report is printed in the chosen format.
 */
function analysis<Q extends z.ZodType, R>(
  parent: Command,
  name: string,
  description: string,
  flags: (command: Command) => Command,
  spec: {
    query: Q;
    /** The flags commander parsed, as the query's text fields. */
    fields: (o: Record<string, string | boolean | undefined>) => Record<string, string | undefined>;
    run: (store: Store, options: z.output<Q>) => Promise<R>;
    table: (report: R) => ReportTable;
  },
): void {
  flags(parent.command(name).description(description))
    .option('--format <format>', `output: ${ANALYSIS_FORMATS.join(', ')}`, 'text')
    .option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set', 'default')
    .action(
      guarded(
        `analyse ${name}`,
        async (o: Common & Record<string, string | boolean | undefined>) => {
          if (!isAnalysisFormat(o.format)) {
            process.stderr.write(
              `pathways analyse ${name}: --format must be one of ${ANALYSIS_FORMATS.join(', ')}\n`,
            );
            return EXIT.usage;
          }
          const fields = Object.fromEntries(
            Object.entries(spec.fields(o)).filter(([, v]) => v !== undefined),
          );
          const options = spec.query.parse(fields);
          let report: R;
          try {
            report = await withStore(o.instance, (store) => spec.run(store, options));
          } catch (err) {
            // Unknown ids arrive as NotFoundError (exit 2 like every command); the analysis's
            // other refusals (a requisite cycle, no award rule) are usage errors too.
            if (!(err instanceof AnalyticsInputError)) throw err;
            process.stderr.write(`pathways analyse ${name}: ${err.message}\n`);
            return EXIT.usage;
          }
          process.stdout.write(
            o.format === 'json'
              ? `${JSON.stringify(report, null, 2)}\n`
              : renderTable(spec.table(report), o.format),
          );
          return EXIT.ok;
        },
      ),
    );
}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

/** `pathways analyse stackability|overlap|coverage|complexity|quality|demand`. */
export function register(program: Command): void {
  const analyse = program
    .command('analyse')
    .description('Programme-design analytics over the catalogue.');

  analysis(
    analyse,
    'stackability',
    'What stacks into what: per credential the qualifications it counts towards, orphans, shared modules.',
    (c) =>
      c
        .option('--provider <id>', 'only this provider')
        .option('--qualification <id>', 'only this qualification and what counts towards it')
        .option('--as-of <date>', 'only recognition agreements in force on this date'),
    {
      query: StackabilityQuery,
      fields: (o) => ({
        provider: str(o.provider),
        qualification: str(o.qualification),
        asOf: str(o.asOf),
      }),
      run: runStackability,
      table: stackabilityTable,
    },
  );

  analysis(
    analyse,
    'overlap',
    'Credentials of different providers covering the same outcomes or skills; candidate recognitions.',
    (c) =>
      c
        .option('--provider <id>', 'only pairs with a credential of this provider')
        .option('--basis <basis>', 'outcomes, skills (default) or both')
        .option('--measure <measure>', 'jaccard (default) or overlap-coefficient')
        .option('--threshold <x>', 'report pairs at or above this similarity (default 0.5)')
        .option(
          '--strong-threshold <x>',
          'candidate recognitions from this similarity (default 0.8)',
        )
        .option('--broader-levels <n>', 'ESCO levels a skill also counts as (default 1)')
        .option('--kinds <kinds>', 'only credentials of these kinds (comma-separated)')
        .option('--same-provider', 'also pairs of the same provider'),
    {
      query: OverlapQuery,
      fields: (o) => ({
        provider: str(o.provider),
        basis: str(o.basis),
        measure: str(o.measure),
        threshold: str(o.threshold),
        strongThreshold: str(o.strongThreshold),
        broaderLevels: str(o.broaderLevels),
        kinds: str(o.kinds),
        acrossProviders: o.sameProvider ? 'false' : undefined,
      }),
      run: runOverlap,
      table: overlapTable,
    },
  );

  analysis(
    analyse,
    'coverage',
    "How much of an occupation's skills the catalogue, a qualification or some credentials cover.",
    (c) =>
      c
        .option('--occupation <uri>', 'the ESCO occupation (required)')
        .option('--qualification <id>', 'covered by this qualification')
        .option('--credentials <ids>', 'covered by these credentials (comma-separated)')
        .option('--essential-only', "leave out the occupation's optional skills")
        .option(
          '--narrower-levels <n>',
          'ESCO levels down a skill is also covered from (default 1)',
        ),
    {
      query: CoverageQuery,
      fields: (o) => ({
        occupation: str(o.occupation),
        qualification: str(o.qualification),
        credentials: str(o.credentials),
        includeOptional: o.essentialOnly ? 'false' : undefined,
        narrowerLevels: str(o.narrowerLevels),
      }),
      run: runCoverage,
      table: coverageTable,
    },
  );

  analysis(
    analyse,
    'complexity',
    "A qualification's curricular complexity: blocking and delay factors, centrality, per course.",
    (c) =>
      c
        .option('--qualification <id>', 'the qualification (required)')
        .option('--term-system <system>', 'semester or quarter (default: its credit system)')
        .option('--reference-layout', 'also measure its reference plan per term'),
    {
      query: ComplexityQuery,
      fields: (o) => ({
        qualification: str(o.qualification),
        termSystem: str(o.termSystem),
        layout: o.referenceLayout ? 'reference' : undefined,
      }),
      run: runComplexity,
      table: complexityTable,
    },
  );

  analysis(
    analyse,
    'quality',
    'Credentials against the EU micro-credential standard: missing elements, failed criteria, per provider.',
    (c) =>
      c
        .option('--provider <id>', 'only the credentials of this provider')
        .option('--kinds <kinds>', 'only these kinds (comma-separated; default micro-credential)'),
    {
      query: QualityQuery,
      fields: (o) => ({ provider: str(o.provider), kinds: str(o.kinds) }),
      run: runQuality,
      table: qualityTable,
    },
  );

  analysis(
    analyse,
    'demand',
    "Per credential, how many stored learners' plans take it next and in all (with a calendar, per intake); modules nobody needs.",
    (c) =>
      c
        .option('--qualification <id>', 'plan every stored learner towards this qualification')
        .option('--provider <id>', "only this provider's credentials (and qualifications)")
        .option('--kinds <kinds>', 'only credentials of these kinds (comma-separated)')
        .option('--learners', 'also name the learners (pseudonymous ids)')
        .option(
          '--start <date>',
          'count the seats per intake: date every plan from this day, YYYY-MM-DD (default with a study load: today)',
        )
        .option(
          '--max-credits-per-term <n>',
          'count the seats per intake under this study load: n credits started per six-month term',
        )
        .option(
          '--max-credits-per-month <n>',
          'count the seats per intake under this study load: n credits a month over what runs at once',
        ),
    {
      query: DemandQuery,
      fields: (o) => ({
        qualification: str(o.qualification),
        provider: str(o.provider),
        kinds: str(o.kinds),
        learners: o.learners ? 'true' : undefined,
        start: str(o.start),
        maxCreditsPerTerm: str(o.maxCreditsPerTerm),
        maxCreditsPerMonth: str(o.maxCreditsPerMonth),
      }),
      run: (store, options) => runDemand(store, options),
      table: demandTable,
    },
  );
}
