import type { CatalogueGraph, RuleNode } from '../graph/index.js';
import { credentialOf } from '../graph/index.js';
import type { Target } from '../model/index.js';
import { EngineInputError } from './errors.js';

/** Shares across branches are unlimited in a goal: one course may cover several skills. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

export interface Goal {
  /** A virtual rule over what must be obtained; satisfied means the target is reached. */
  rule: RuleNode;
  /** Credentials named by the target (empty for an occupation). */
  credentials: string[];
  /** Human description, e.g. "Diploma in Data Analytics" or "any of A, B". */
  title: string;
  /** Essential (and chosen optional) skills that no learning outcome in the catalogue develops. */
  uncoverable: string[];
}

const leaf = (
  id: string,
  op: RuleNode['op'],
  accepts: string[],
  label: string,
  n = 1,
): RuleNode => ({
  id,
  op,
  n: op === 'ALL' ? accepts.length : n,
  credits: 0,
  label,
  maxShared: UNLIMITED,
  accepts,
  children: [],
});

function credentialTitle(graph: CatalogueGraph, id: string, path: (string | number)[]): string {
  const c = credentialOf(graph, id);
  if (!c) throw new EngineInputError('goal', `unknown credential "${id}"`, path, 'unknown-id');
  return c.title;
}

/** Turns a request's target into a goal rule the engine can satisfy and explain. */
export function goalOf(graph: CatalogueGraph, target: Target): Goal {
  if ('qualification' in target) {
    const title = credentialTitle(graph, target.qualification, ['target', 'qualification']);
    return {
      rule: leaf('goal', 'ALL', [target.qualification], title),
      credentials: [target.qualification],
      title,
      uncoverable: [],
    };
  }
  if ('anyOf' in target || 'allOf' in target) {
    const any = 'anyOf' in target;
    const ids = [...new Set(any ? target.anyOf : target.allOf)];
    const titles = ids.map((id, i) =>
      credentialTitle(graph, id, ['target', any ? 'anyOf' : 'allOf', i]),
    );
    const title = `${any ? 'any' : 'all'} of ${titles.join(', ')}`;
    return {
      rule: leaf('goal', any ? 'ANY' : 'ALL', ids, title),
      credentials: ids,
      title,
      uncoverable: [],
    };
  }
  const occupation = graph.hasNode(target.occupation)
    ? graph.getNodeAttributes(target.occupation)
    : undefined;
  if (occupation?.type !== 'occupation')
    throw new EngineInputError(
      'goal',
      `unknown occupation "${target.occupation}"`,
      ['target', 'occupation'],
      'unknown-id',
    );
  const uncoverable: string[] = [];
  const skillNode = (skill: string, i: number, kind: string): RuleNode => {
    const outcomes = graph.hasNode(skill)
      ? graph.inNeighbors(skill).filter((n) => graph.getNodeAttribute(n, 'type') === 'outcome')
      : [];
    if (outcomes.length === 0) uncoverable.push(skill);
    const node = graph.hasNode(skill) ? graph.getNodeAttributes(skill) : undefined;
    const label = node?.type === 'skill' ? node.label : skill;
    // An uncoverable skill keeps an ANY over nothing-reachable: the id of the skill itself,
    // which no item can stand for, so the planner reports it rather than ignoring it.
    return leaf(`goal.${kind}.${i}`, 'ANY', outcomes.length ? outcomes.sort() : [skill], label);
  };
  const essential = occupation.essentialSkills.map((s, i) => skillNode(s, i, 'essential'));
  const children = [...essential];
  if (target.optionalSkills > 0) {
    const optional = occupation.optionalSkills.map((s, i) => skillNode(s, i, 'optional'));
    const n = Math.min(target.optionalSkills, optional.length);
    children.push({
      ...leaf('goal.optional', 'N_OF', [], `${n} optional skills`, n),
      children: optional,
      n,
    });
  }
  return {
    rule: { ...leaf('goal', 'ALL', [], occupation.label), children, n: children.length },
    credentials: [],
    title: occupation.label,
    uncoverable: [...new Set(uncoverable)],
  };
}
