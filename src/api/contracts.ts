import type { z } from 'zod';
import type { Audit } from '../engine/audit.js';
import type { Ladder } from '../engine/ladder.js';
import type { Plan } from '../engine/planner/index.js';
import type {
  AuditResponse,
  CredentialDetail,
  heldCredential,
  LadderResponse,
  PlanResponse,
} from '../model/index.js';
import type { credentialDetail } from '../service/catalogue.js';
import type { catalogueInfo } from '../service/catalogueQueries.js';
import type { importCatalogueDocument, matchCredentials } from '../service/imports.js';
import type { applyWhatIfDraft } from '../service/whatIf.js';
import type { CatalogueInfo, ImportSummary } from './routes/catalogue.js';
import type { HoldingsMatch } from './routes/imports.js';
import type { DraftApplied } from './routes/whatIf.js';

/**
 * Compile-time contracts between what the engine returns and the response schemas the API
 * publishes (OpenAPI is generated from them), both ways: a field the engine adds without its
 * schema, or a schema field the engine does not fill, fails `npm run typecheck`
 * (test/model/responseContracts.test.ts shows each direction failing).
 *
 * Two checks, since the JSON on the wire is not quite the engine's value: every engine value
 * fits its schema (`Fits`), and both sides have the same fields, at every depth (`SameFields`).
 * Value types are compared one way only because JSON widens some on purpose: a plan's
 * lowerBound is Infinity when infeasible, which JSON writes as null, so the schema says
 * `number | null` where the engine says `number`.
 */
export type Fits<Actual, Schema extends z.ZodType> = [Actual] extends [z.output<Schema>]
  ? true
  : false;

/** Whether two key sets are the same (never when both are empty). */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Depth guard: rule trees and causes nest recursively, their fields once checked suffice. */
type Deeper = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/**
 * True when `A` and `B` have the same fields (names, optionality aside) at every depth:
 * arrays by their elements, objects key by key, unions of objects by their common keys.
 * Leaves (strings, numbers, literals) are not compared here (see Fits).
 */
export type SameFields<A, B, Depth extends number = 10> = [Depth] extends [never]
  ? true
  : [NonNullable<A>] extends [readonly (infer EA)[]]
    ? [NonNullable<B>] extends [readonly (infer EB)[]]
      ? SameFields<EA, EB, Deeper[Depth]>
      : false
    : [NonNullable<A>] extends [object]
      ? [NonNullable<B>] extends [object]
        ? SameKeys<keyof NonNullable<A>, keyof NonNullable<B>> extends true
          ? false extends {
              [K in keyof NonNullable<A> & keyof NonNullable<B>]-?: SameFields<
                NonNullable<A>[K],
                NonNullable<B>[K],
                Deeper[Depth]
              >;
            }[keyof NonNullable<A> & keyof NonNullable<B>]
            ? false
            : true
          : false
        : false
      : [NonNullable<B>] extends [object]
        ? false
        : true;

/** An engine result type and the schema the API publishes it with, checked both ways. */
export type Contract<Actual, Schema extends z.ZodType> =
  Fits<Actual, Schema> extends true
    ? SameFields<Actual, z.output<Schema>> extends true
      ? true
      : false
    : false;

/** What a service use case resolves to. */
type Answer<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

/**
 * Every result the API publishes that is not already typed from its schema (the analyses,
 * what-if and demand reports are: their types are `z.infer` of the schemas routes document;
 * learners are the model's Learner): the engine's, and those of the store and the importers
 * as the service hands them over.
 */
export const responseContracts: [
  Contract<Audit, typeof AuditResponse>,
  Contract<Plan, typeof PlanResponse>,
  Contract<Ladder, typeof LadderResponse>,
  Contract<ReturnType<typeof credentialDetail>, typeof CredentialDetail>,
  Contract<Answer<typeof catalogueInfo>, typeof CatalogueInfo>,
  Contract<Answer<typeof importCatalogueDocument>, typeof ImportSummary>,
  Contract<
    Answer<typeof matchCredentials> & { holdings: ReturnType<typeof heldCredential>[] },
    typeof HoldingsMatch
  >,
  Contract<Answer<typeof applyWhatIfDraft>, typeof DraftApplied>,
] = [true, true, true, true, true, true, true, true];
