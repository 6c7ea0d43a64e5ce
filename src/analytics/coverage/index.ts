import { z } from 'zod';
import { credentialOf, ruleAccepts, type CatalogueGraph } from '../../graph/index.js';
import { Id } from '../../model/index.js';
import { AnalyticsInputError, parseOptions } from '../errors.js';

const MODULE = 'coverage';

export const CoverageOptions = z
  .object({
    occupation: Id.describe('The ESCO occupation whose skills are to be covered.'),
    by: z
      .union([
        z.object({ qualification: Id }).strict(),
        z.object({ credentials: z.array(Id).min(1) }).strict(),
      ])
      .optional()
      .describe(
        "What covers them: a qualification (its own outcomes and those its award rule can take in), a set of credentials, or (default) the whole catalogue.",
      ),
    includeOptional: z.boolean().default(true).describe("Also the occupation's optional skills."),
    narrowerLevels: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(1)
      .describe(
        'A skill is also covered by an outcome developing a narrower skill up to this many levels down the ESCO hierarchy (0: the skill itself only).',
      ),
  })
  .strict();
export type CoverageOptions = z.input<typeof CoverageOptions>;

export const SkillCoverage = z
  .object({
    skill: Id,
    label: z.string(),
    relation: z.enum(['essential', 'optional']),
    coveredBy: z.array(
      z.object({
        credential: Id,
        outcome: Id,
        developed: Id.describe('The skill the outcome develops: this one or a narrower one.'),
      }),
    ),
  })
  .meta({ id: 'SkillCoverage' });
export type SkillCoverage = z.infer<typeof SkillCoverage>;

export const CoverageReport = z
  .object({
    occupation: Id,
    label: z.string(),
    subject: z.object({
      kind: z.enum(['catalogue', 'qualification', 'credentials']),
      credentials: z.number().int().describe('Credentials whose outcomes were counted.'),
    }),
    skills: z.array(SkillCoverage),
    essential: z.object({ total: z.number().int(), covered: z.number().int(), share: z.number().nullable() }),
    optional: z.object({ total: z.number().int(), covered: z.number().int(), share: z.number().nullable() }),
    gaps: z.array(Id).describe('Essential skills nothing in the subject covers.'),
  })
  .meta({ id: 'CoverageReport' });
export type CoverageReport = z.infer<typeof CoverageReport>;

/**
 * Which of an occupation's ESCO skills a qualification, a set of credentials or the whole
 * catalogue covers, through the skills their learning outcomes develop (narrower skills
 * counting for broader ones up to `narrowerLevels`), and the essential skills left as gaps.
 */
export function skillCoverage(graph: CatalogueGraph, options: CoverageOptions): CoverageReport {
  const opts = parseOptions(MODULE, CoverageOptions, options);
  const occupation = graph.hasNode(opts.occupation) ? graph.getNodeAttributes(opts.occupation) : undefined;
  if (occupation?.type !== 'occupation')
    throw new AnalyticsInputError(
      MODULE,
      `"${opts.occupation}" is not an occupation of the catalogue`,
      ['occupation'],
      'unknown-id',
    );

  // (credential, outcome) pairs of the subject.
  const pairs: { credential: string; outcome: string }[] = [];
  let kind: CoverageReport['subject']['kind'] = 'catalogue';
  let count = 0;
  const addCredential = (id: string) => {
    count++;
    for (const lo of credentialOf(graph, id)!.learningOutcomes) pairs.push({ credential: id, outcome: lo });
  };
  if (opts.by === undefined) {
    graph.forEachNode((id, node) => {
      if (node.type === 'credential') addCredential(id);
    });
  } else if ('credentials' in opts.by) {
    kind = 'credentials';
    for (const [i, id] of [...new Set(opts.by.credentials)].entries()) {
      if (!credentialOf(graph, id))
        throw new AnalyticsInputError(MODULE, `"${id}" is not a credential of the catalogue`, ['by', 'credentials', i], 'unknown-id');
      addCredential(id);
    }
  } else {
    kind = 'qualification';
    const q = credentialOf(graph, opts.by.qualification);
    if (!q)
      throw new AnalyticsInputError(MODULE, `"${opts.by.qualification}" is not a credential of the catalogue`, ['by', 'qualification'], 'unknown-id');
    // Its own outcomes, and what its award rule takes in (stacked awards opened up): the
    // outcomes it accepts directly (credited to the qualification) and those of the
    // credentials it accepts.
    const seen = new Set<string>();
    const visit = (id: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      addCredential(id);
      const c = credentialOf(graph, id)!;
      if (!c.awardRule) return;
      for (const accepted of ruleAccepts(c.awardRule)) {
        const node = graph.getNodeAttributes(accepted);
        if (node.type === 'credential') visit(accepted);
        else if (node.type === 'outcome') pairs.push({ credential: id, outcome: accepted });
      }
    };
    visit(q.id);
  }

  // Skill → (credential, outcome, developed skill), climbing broader links from each
  // developed skill up to narrowerLevels.
  const covers = new Map<string, SkillCoverage['coveredBy']>();
  const seenPair = new Set<string>();
  for (const { credential, outcome } of pairs) {
    if (!graph.hasNode(outcome)) continue;
    graph.forEachOutEdge(outcome, (_e, attrs, _s, developed) => {
      if (attrs.type !== 'develops') return;
      const seen = new Set([developed]);
      let level = [developed];
      for (let i = 0; level.length; i++) {
        for (const s of level) {
          const key = `${s}\u0000${credential}\u0000${outcome}\u0000${developed}`;
          if (!seenPair.has(key)) {
            seenPair.add(key);
            covers.set(s, [...(covers.get(s) ?? []), { credential, outcome, developed }]);
          }
        }
        if (i === opts.narrowerLevels) break;
        const next: string[] = [];
        for (const s of level)
          graph.forEachOutEdge(s, (_e2, a2, _s2, broader) => {
            if (a2.type === 'broader' && !seen.has(broader)) {
              seen.add(broader);
              next.push(broader);
            }
          });
        level = next;
      }
    });
  }

  const skills: SkillCoverage[] = [];
  const seenSkill = new Set<string>();
  graph.forEachOutEdge(opts.occupation, (_e, attrs, _s, skill) => {
    if (attrs.type !== 'needs' || seenSkill.has(skill)) return;
    if (attrs.relation === 'optional' && !opts.includeOptional) return;
    seenSkill.add(skill);
    const node = graph.getNodeAttributes(skill);
    skills.push({
      skill,
      label: node.type === 'skill' ? node.label : skill,
      relation: attrs.relation,
      coveredBy: covers.get(skill) ?? [],
    });
  });
  const tally = (relation: 'essential' | 'optional') => {
    const of = skills.filter((s) => s.relation === relation);
    const covered = of.filter((s) => s.coveredBy.length > 0).length;
    return { total: of.length, covered, share: of.length ? covered / of.length : null };
  };
  return {
    occupation: opts.occupation,
    label: occupation.label,
    subject: { kind, credentials: count },
    skills,
    essential: tally('essential'),
    optional: tally('optional'),
    gaps: skills.filter((s) => s.relation === 'essential' && s.coveredBy.length === 0).map((s) => s.skill),
  };
}
