import type { Learner } from '../model/index.js';
import type { LearnerInput } from '../store/learners.js';
import {
  createLearner,
  deleteLearner,
  getLearner,
  LearnerExistsError,
  putLearner,
} from '../store/index.js';
import { ConflictError } from './errors.js';
import { withCatalogueStore, type Store } from './store.js';

/**
 * Stored, pseudonymous learners: the use cases the API offers over the learner repository
 * (src/store/learners.ts). Each answers with the learner as stored after the write.
 */

/** Stores a new learner; ConflictError when the id is taken. */
export function addLearner(store: Store, learner: LearnerInput): Promise<Learner | undefined> {
  return withCatalogueStore(store, async (driver, options) => {
    try {
      await createLearner(driver, learner, options);
    } catch (err) {
      if (err instanceof LearnerExistsError)
        throw new ConflictError(
          `learner "${learner.id}" already exists; PUT /v1/learners/${learner.id} replaces their holdings`,
        );
      throw err;
    }
    return getLearner(driver, learner.id, options);
  });
}

/**
 * Creates the learner or replaces their holdings (and their prior learning when given); says
 * whether the learner is new.
 */
export function replaceLearner(
  store: Store,
  learner: LearnerInput,
): Promise<{ created: boolean; learner: Learner | undefined }> {
  return withCatalogueStore(store, async (driver, options) => {
    const { created } = await putLearner(driver, learner, options);
    return { created, learner: await getLearner(driver, learner.id, options) };
  });
}

/** The stored learner, or undefined. */
export const learnerRecord = (store: Store, id: string): Promise<Learner | undefined> =>
  withCatalogueStore(store, (driver, options) => getLearner(driver, id, options));

/** Deletes the learner and every trace of them; false when there was no such learner. */
export const removeLearner = (store: Store, id: string): Promise<boolean> =>
  withCatalogueStore(store, (driver, options) => deleteLearner(driver, id, options));
