import type { z } from 'zod';
import type { Audit } from '../engine/audit.js';
import type { Ladder } from '../engine/ladder.js';
import type { Plan } from '../engine/planner/index.js';
import type { AuditResponse, LadderResponse, PlanResponse } from '../model/index.js';

/**
 * Compile-time contracts: the engine's result types must fit the response schemas the API
 * documents, so a field added to the engine without its schema fails `npm run typecheck`.
 */
type Fits<Actual, Schema extends z.ZodType> = [Actual] extends [z.output<Schema>] ? true : never;

export const responseContracts: [
  Fits<Audit, typeof AuditResponse>,
  Fits<Plan, typeof PlanResponse>,
  Fits<Ladder, typeof LadderResponse>,
] = [true, true, true];
