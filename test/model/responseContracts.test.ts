/**
 * The compile-time contracts of src/api/contracts.ts are only worth having if they fail: each
 * `@ts-expect-error` below is a deliberately wrong shape, and `tsc` (npm run typecheck, which
 * also checks tests) fails if the contract accepts it. The runtime assertions only keep jest
 * aware of the file; the proof is the typecheck.
 */
import { z } from 'zod';
import { responseContracts, type Contract, type SameFields } from '../../src/api/contracts.js';
import type { Audit, AuditNode } from '../../src/engine/audit.js';
import type { Ladder } from '../../src/engine/ladder.js';
import type { Plan } from '../../src/engine/planner/index.js';
import { AuditResponse, LadderResponse, PlanResponse } from '../../src/model/index.js';

// A field the engine adds that the schema lacks, at the top…
type PlanWithNote = Plan & { note: string };
// …inside an array of objects…
type PlanWithStepNote = Omit<Plan, 'steps'> & {
  steps: (Plan['steps'][number] & { note: string })[];
};
// …and inside a recursive rule tree.
type AuditWithNodeNote = Omit<Audit, 'goal'> & { goal: AuditNode & { note: string } };
// A field the schema has (optional, so every engine value still fits) that the engine lacks.
const PlanResponseWithNote = PlanResponse.extend({ note: z.string().optional() });
const LadderResponseWithRungNote = LadderResponse.extend({
  rungs: z.array(
    z.object({
      credential: z.string(),
      title: z.string(),
      additionalCredits: z.number(),
      take: z.array(z.string()),
      note: z.string().optional(),
    }),
  ),
});
// A field the engine dropped that the schema says is optional.
type PlanWithoutTerms = Omit<Plan, 'terms'>;
// A value the schema does not allow.
type LadderWithTextCredits = Omit<Ladder, 'totalCredits'> & { totalCredits: string };

const fine: [
  Contract<Audit, typeof AuditResponse>,
  Contract<Plan, typeof PlanResponse>,
  Contract<Ladder, typeof LadderResponse>,
] = [true, true, true];

// @ts-expect-error the engine adds a top-level field the schema lacks
const engineExtra: Contract<PlanWithNote, typeof PlanResponse> = true;
// @ts-expect-error the engine adds a field to each step
const engineNestedExtra: Contract<PlanWithStepNote, typeof PlanResponse> = true;
// @ts-expect-error the engine adds a field to a rule-tree node
const engineRecursiveExtra: Contract<AuditWithNodeNote, typeof AuditResponse> = true;
// @ts-expect-error the schema documents a field the engine never fills
const schemaExtra: Contract<Plan, typeof PlanResponseWithNote> = true;
// @ts-expect-error the schema documents a field of each rung the engine never fills
const schemaNestedExtra: Contract<Ladder, typeof LadderResponseWithRungNote> = true;
// @ts-expect-error the engine no longer fills an optional field the schema documents
const engineMissing: Contract<PlanWithoutTerms, typeof PlanResponse> = true;
// @ts-expect-error a value of the wrong type
const wrongValue: Contract<LadderWithTextCredits, typeof LadderResponse> = true;
// @ts-expect-error same fields means the same fields, not a subset
const subset: SameFields<{ a: number }, { a: number; b: number }> = true;

describe('engine result contracts', () => {
  it('accept the engine results as they are', () => {
    expect(fine).toEqual([true, true, true]);
    expect(responseContracts).toEqual(Array.from({ length: 8 }, () => true));
  });

  it('are declared for every wrong shape above (the typecheck proves each one fails)', () => {
    expect([
      engineExtra,
      engineNestedExtra,
      engineRecursiveExtra,
      schemaExtra,
      schemaNestedExtra,
      engineMissing,
      wrongValue,
      subset,
    ]).toHaveLength(8);
    // The wider schemas are real schemas: they document the extra field.
    expect(Object.keys(PlanResponseWithNote.shape)).toContain('note');
    expect(LadderResponseWithRungNote.shape.rungs.element.shape).toHaveProperty('note');
  });
});
