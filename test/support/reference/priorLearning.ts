/**
 * Reference semantics of recognition of prior learning (docs/engine-semantics.md, "Prior
 * learning"), for learners who hold nothing (so no transfer fills the share cap): which
 * credentials may be granted by exemption, which sets of them the awarding provider's share
 * cap allows, its minimum of credits taken with it, and what an exemption step weighs.
 * Independent of src/engine: only model types are imported. Rules accepting learning outcomes
 * are not modelled here (the prior-learning catalogues' rules accept credentials only).
 */
import type {
  CatalogueDocument,
  Credential,
  PriorLearningPolicy,
} from '../../../src/model/catalogue.js';
import type { ObjectiveName, PriorLearningRecord } from '../../../src/model/index.js';
import { RefModel, acceptedIds } from './semantics.js';

export interface RefExemptions {
  /** Every set of credentials that may be granted by exemption together ([] first). */
  sets: Credential[][];
  /**
   * With `exempted` granted, does taking `taken` meet the awarding provider's minimum: at least
   * its credits taken with it among the credentials that can count towards the qualification
   * (reachable from its rule through award rules, entry rules and co-requisites, past what is
   * had)? A credential of the provider that counts towards nothing does not.
   */
  minimumMet: (taken: readonly string[], exempted: readonly Credential[]) => boolean;
  /** What the step "apply for recognition of c" weighs under a criterion (not time). */
  stepValue: (c: Credential, name: ObjectiveName) => number;
  /** The weeks from applying for the recognition of c to its decision. */
  weeks: (c: Credential) => number;
}

const EPS = 1e-9;

/**
 * Exemptions towards `qualification` for a learner with `records` on `asOf`: a credential is
 * exemptable when its provider's policy allows exemption and every learning outcome it
 * certifies (at least one) is established by an outcome record that counts (verified,
 * validated on or before `asOf`, not self-declared); a set is allowed when its credits are at
 * most the share cap of the qualification's provider times the qualification's credits.
 */
export function refExemptions(
  doc: CatalogueDocument,
  records: readonly PriorLearningRecord[],
  asOf: string,
  qualification: string,
): RefExemptions {
  const policyOf = (c: Credential): PriorLearningPolicy | undefined =>
    doc.providers.find((p) => p.id === c.provider)?.priorLearningPolicy;
  const established = new Set(
    records
      .filter((r) => r.verified && r.method !== 'self-declared' && r.validatedOn <= asOf)
      .flatMap((r) => (r.outcome === undefined ? [] : [r.outcome])),
  );
  const model = new RefModel(doc, asOf);
  const q = model.credential(qualification);
  const caps = policyOf(q);
  const exemptable = doc.credentials.filter(
    (c) =>
      c.id !== qualification &&
      policyOf(c)?.exemption === true &&
      c.learningOutcomes.length > 0 &&
      c.learningOutcomes.every((o) => established.has(o)),
  );
  const credits = (set: readonly Credential[]) => set.reduce((t, c) => t + c.credits, 0);
  const sets: Credential[][] = [];
  for (let mask = 0; mask < 1 << exemptable.length; mask++) {
    const set = exemptable.filter((_, i) => mask & (1 << i));
    const share = caps?.maxShareOfQualification;
    if (set.length > 0 && share !== undefined && credits(set) > share * q.credits + EPS) continue;
    sets.push(set);
  }
  return {
    sets,
    minimumMet: (taken, exempted) => {
      const minimum = caps?.minCreditsWithProvider;
      if (exempted.length === 0 || minimum === undefined) return true;
      const had = model.closure(exempted.map((c) => c.id));
      const towards = new Set<string>();
      const visit = (id: string) => {
        if (towards.has(id)) return;
        towards.add(id);
        const c = model.credentials.get(id);
        if (!c || had.has(id)) return;
        for (const rule of [c.awardRule, c.entryRule])
          if (rule) for (const accepted of acceptedIds(rule)) visit(accepted);
        for (const co of [...c.corequisites, ...(c.strictCorequisites ?? [])]) visit(co);
      };
      visit(qualification);
      const own = taken
        .filter((id) => towards.has(id))
        .map((id) => model.credential(id))
        .filter((c) => c.provider === q.provider);
      return credits(own) >= minimum - EPS;
    },
    stepValue: (c, name) => {
      if (name === 'count') return 1;
      if (name === 'cost') return policyOf(c)?.cost ?? 0;
      return 0;
    },
    weeks: (c) => policyOf(c)?.weeks ?? 0,
  };
}
