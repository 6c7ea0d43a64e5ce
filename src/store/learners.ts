import { Neo4jError, type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { z } from 'zod';
import { Learner, type Holding } from '../model/index.js';
import { cypher } from './cypher.js';
import { defined, inTransaction, readOnce } from './driver.js';
import { priorLearningOf, priorLearningRow } from './priorLearning.js';

/** A learner as callers give one (prior learning may be left out: see putLearner). */
export type LearnerInput = z.input<typeof Learner>;

/**
 * The learner repository. A learner is a pseudonymous id and the credentials they hold; nothing
 * else about the person is stored, and deleting a learner removes every trace of them.
 */

/** Holdings that name credentials the catalogue does not hold: nothing was written. */
export class UnknownCredentialsError extends Error {
  constructor(readonly missing: { index: number; id: string }[]) {
    super(
      `unknown credential${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m.id}"`).join(', ')}`,
    );
    this.name = 'UnknownCredentialsError';
  }
}

export interface LearnerStoreOptions {
  database?: string | undefined;
}

/**
 * Creates the learner or replaces their holdings with `learner.holdings` (and their prior
 * learning with `learner.priorLearning` when given; left out, the stored records stay), in one
 * transaction that first checks every credential id (an unknown one writes nothing). Returns
 * whether the learner is new.
 */
export async function putLearner(
  driver: Driver,
  input: LearnerInput,
  options: LearnerStoreOptions = {},
): Promise<{ created: boolean }> {
  const learner = Learner.parse(input); // the model's rules hold whoever the caller is
  return inTransaction(
    driver,
    'write',
    async (tx) => {
      await refuseUnknownCredentials(tx, learner);
      const existing = await tx.run(cypher('learners/learner-exists'), { id: learner.id });
      await writeHoldings(tx, learner);
      if (input.priorLearning !== undefined) await writePriorLearning(tx, learner);
      return { created: existing.records.length === 0 };
    },
    options,
  );
}

/** A learner created under an id that is already stored: nothing was written. */
export class LearnerExistsError extends Error {
  constructor(readonly id: string) {
    super(`learner "${id}" already exists`);
    this.name = 'LearnerExistsError';
  }
}

/**
 * Creates a new learner with their holdings, in one transaction; LearnerExistsError when the
 * id is taken, also by a creation running at the same moment (the uniqueness constraint
 * decides, not an earlier read).
 */
export async function createLearner(
  driver: Driver,
  input: LearnerInput,
  options: LearnerStoreOptions = {},
): Promise<void> {
  const learner = Learner.parse(input);
  try {
    await inTransaction(
      driver,
      'write',
      async (tx) => {
        await refuseUnknownCredentials(tx, learner);
        await tx.run(cypher('learners/create-learner'), { id: learner.id });
        await writeHoldings(tx, learner);
        await writePriorLearning(tx, learner);
      },
      options,
    );
  } catch (err) {
    if (
      err instanceof Neo4jError &&
      err.code === 'Neo.ClientError.Schema.ConstraintValidationFailed'
    )
      throw new LearnerExistsError(learner.id);
    throw err;
  }
}

async function refuseUnknownCredentials(tx: ManagedTransaction, learner: Learner): Promise<void> {
  const missing = await tx.run(cypher('learners/missing-credentials'), {
    ids: learner.holdings.map((h) => h.credential),
  });
  if (missing.records.length > 0)
    throw new UnknownCredentialsError(
      missing.records.map((r) => ({
        index: r.get('index') as number,
        id: r.get('id') as string,
      })),
    );
}

async function writeHoldings(tx: ManagedTransaction, learner: Learner): Promise<void> {
  await tx.run(cypher('learners/put-learner'), {
    id: learner.id,
    holdings: learner.holdings.map(holdingRow),
  });
}

async function writePriorLearning(tx: ManagedTransaction, learner: Learner): Promise<void> {
  await tx.run(cypher('learners/put-prior-learning'), { rows: [priorLearningRow(learner)] });
}

/** The learner with this id, or undefined. */
export async function getLearner(
  driver: Driver,
  id: string,
  options: LearnerStoreOptions = {},
): Promise<Learner | undefined> {
  // A single read: plans and audits of stored learners make it on every request.
  const records = await readOnce(
    driver,
    cypher('learners/read-holdings'),
    { id },
    options.database,
  );
  const record = records[0];
  if (!record) return undefined;
  return Learner.parse({
    id,
    holdings: record.get('holdings') as unknown,
    priorLearning: priorLearningOf(record.get('priorLearning')),
  });
}

/** Deletes the learner and their holdings; false when there was no such learner. */
export async function deleteLearner(
  driver: Driver,
  id: string,
  options: LearnerStoreOptions = {},
): Promise<boolean> {
  return inTransaction(
    driver,
    'write',
    async (tx) => {
      const result = await tx.run(cypher('learners/delete-learner'), { id });
      return (result.records[0]?.get('deleted') as number) > 0;
    },
    options,
  );
}

function holdingRow(h: Holding): Record<string, unknown> {
  const { credential, ...rest } = h;
  return { credential, props: defined(rest) };
}

/** Every stored learner with their holdings, in id order (for analyses over all learners). */
export async function listLearners(
  driver: Driver,
  options: LearnerStoreOptions = {},
): Promise<Learner[]> {
  const records = await readOnce(driver, cypher('catalogue/read-learners'), {}, options.database);
  return records.map((r) =>
    Learner.parse({
      id: r.get('id') as unknown,
      holdings: r.get('holdings') as unknown,
      priorLearning: priorLearningOf(r.get('priorLearning')),
    }),
  );
}
