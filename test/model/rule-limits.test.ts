/**
 * Rule-tree limits in the model and the readers in front of it, without a database: the
 * iterative size check agrees with a recursive count on generated deep and wide trees
 * (fast-check), the catalogue schema refuses a tree over the limits at its path however deep
 * it nests (no stack overflow), the JSON file reader refuses nesting past its limit instead of
 * overflowing, the API's body check names the field, and the CTDL importer rejects conditions
 * that contain themselves or nest too deep, naming the component.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { excessNesting, MAX_BODY_NESTING } from '../../src/api/limits.js';
import { prepareCtdl } from '../../src/importers/ctdl/import.js';
import { MAX_JSON_NESTING, readJson } from '../../src/importers/json.js';
import {
  formatPath,
  parseCatalogue,
  RULE_TREE_LIMITS,
  ruleTreeLimitProblem,
  type RequirementNode,
} from '../../src/model/index.js';

const fixture = (name: string) => new URL(`../fixtures/rule-limits/${name}`, import.meta.url);

/** The reference: depth and entries (nodes and accepted ids) counted recursively. */
function measured(tree: RequirementNode): { depth: number; size: number } {
  const below = (tree.children ?? []).map(measured);
  return {
    depth: 1 + Math.max(0, ...below.map((b) => b.depth)),
    size: 1 + (tree.accepts?.length ?? 0) + below.reduce((sum, b) => sum + b.size, 0),
  };
}

/** A chain `levels` deep built without recursion (a recursive builder would overflow). */
function chain(levels: number): RequirementNode {
  let node: RequirementNode = { op: 'ALL', accepts: ['fx:module'] };
  for (let i = 1; i < levels; i++) node = { op: 'ALL', children: [node] };
  return node;
}

describe('ruleTreeLimitProblem', () => {
  // Trees around the limits: a random spine up to 40 deep, random fan-out and accepts.
  const tree: fc.Arbitrary<RequirementNode> = fc
    .record({
      spine: fc.array(
        fc.record({
          siblings: fc.integer({ min: 0, max: 300 }),
          accepts: fc.integer({ min: 0, max: 200 }),
        }),
        { minLength: 0, maxLength: 40 },
      ),
      leafAccepts: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ spine, leafAccepts }) => {
      let node: RequirementNode = {
        op: 'ALL',
        accepts: Array.from({ length: leafAccepts }, (_, i) => `m${i}`),
      };
      for (const level of spine)
        node = {
          op: 'ANY',
          ...(level.accepts
            ? { accepts: Array.from({ length: level.accepts }, (_, i) => `a${i}`) }
            : {}),
          children: [
            node,
            ...Array.from({ length: level.siblings }, () => ({
              op: 'ALL' as const,
              accepts: ['x'],
            })),
          ],
        };
      return node;
    });

  test('agrees with a recursive count on generated trees', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const { depth, size } = measured(t);
        const problem = ruleTreeLimitProblem(t);
        if (depth > RULE_TREE_LIMITS.depth) expect(problem).toMatch(/nests more than 32 levels/);
        else if (size > RULE_TREE_LIMITS.size) expect(problem).toMatch(/more than 2000 entries/);
        else expect(problem).toBeUndefined();
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  test('exactly at the limits is within them', () => {
    expect(ruleTreeLimitProblem(chain(32))).toBeUndefined();
    expect(ruleTreeLimitProblem(chain(33))).toMatch(/32 levels/);
    const wide = (accepts: number): RequirementNode => ({
      op: 'ANY',
      accepts: Array.from({ length: accepts }, (_, i) => `a${i}`),
    });
    expect(ruleTreeLimitProblem(wide(1999))).toBeUndefined();
    expect(ruleTreeLimitProblem(wide(2000))).toMatch(/2000 entries/);
  });

  test('a deep tree hidden behind many non-tree children is still found', () => {
    const children: unknown[] = Array.from({ length: 4000 }, () => 7);
    children.push(chain(40));
    expect(ruleTreeLimitProblem({ op: 'ALL', children })).toMatch(/32 levels/);
  });
});

describe('the catalogue schema', () => {
  test('refuses the 33-level fixture at the rule, naming the limit', () => {
    const parsed = parseCatalogue(
      JSON.parse(readFileSync(fixture('deep-award-rule.json'), 'utf8')),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues.map((i) => `${formatPath(i.path)}: ${i.message}`)).toEqual([
      'credentials[1].awardRule: nests more than 32 levels deep; a rule tree may have at most 32 levels and 2000 entries (nodes and accepted ids)',
    ]);
  });

  test.each([800, 100_000])('refuses a rule %i levels deep without overflowing', (levels) => {
    const parsed = parseCatalogue({
      credentials: [
        { id: 'fx:module', title: 'M', kind: 'module', credits: 5 },
        { id: 'fx:deep', title: 'D', kind: 'course', credits: 5, entryRule: chain(levels) },
      ],
    });
    expect(parsed.ok ? [] : parsed.issues.map((i) => formatPath(i.path))).toEqual([
      'credentials[1].entryRule',
    ]);
  });
});

describe('JSON readers', () => {
  const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

  test('the file reader refuses nesting past its limit with a position, not a crash', () => {
    expect(readJson(nested(MAX_JSON_NESTING)).ok).toBe(true);
    for (const levels of [MAX_JSON_NESTING + 1, 200_000]) {
      const read = readJson(nested(levels));
      expect(read).toMatchObject({
        ok: false,
        error: {
          line: 1,
          column: MAX_JSON_NESTING + 1,
          message: expect.stringMatching(/nested more than 512 levels/) as string,
        },
      });
    }
  });

  test('the API body check finds the first value too deep, iteratively', () => {
    expect(excessNesting(JSON.parse(nested(MAX_BODY_NESTING)))).toBeUndefined();
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i++) deep = { children: [deep] };
    const path = excessNesting({ id: 'x', awardRule: deep });
    expect(path?.slice(0, 3)).toEqual(['awardRule', 'children', 0]);
    expect(path).toHaveLength(MAX_BODY_NESTING);
  });
});

describe('CTDL conditions', () => {
  test('a condition that contains itself rejects the file, naming the component', () => {
    const prepared = prepareCtdl({
      name: 'self-containing-condition.jsonld',
      bytes: readFileSync(fixture('self-containing-condition.jsonld')),
    });
    expect(prepared.ok).toBe(false);
    expect(prepared.report.errors).toEqual([
      expect.stringMatching(
        /^self-containing-condition\.jsonld: component https:\/\/example\.edu\/c\/cert: its conditions contain themselves \(condition https:\/\/example\.edu\/cond\/loop\); a rule tree may have at most 32 levels/,
      ),
    ]);
  });

  test('conditions nested 40 deep reject the file; 32 deep import', () => {
    const file = (levels: number) => {
      const conditions = Array.from({ length: levels }, (_, i) => ({
        '@id': `https://example.edu/cond/${i}`,
        '@type': 'ceterms:ComponentCondition',
        'ceterms:requiredNumber': 1,
        'ceterms:targetComponent': ['https://example.edu/c/course'],
        ...(i + 1 < levels
          ? { 'ceterms:hasCondition': [`https://example.edu/cond/${i + 1}`] }
          : {}),
      }));
      const graph = [
        {
          '@id': 'https://example.edu/c/cert',
          '@type': 'ceterms:CredentialComponent',
          'ceterms:name': { en: 'Certificate' },
          'ceterms:credentialType': 'ceterms:Certificate',
          'ceterms:hasCondition': ['https://example.edu/cond/0'],
        },
        {
          '@id': 'https://example.edu/c/course',
          '@type': 'ceterms:CourseComponent',
          'ceterms:name': { en: 'Course' },
        },
        ...conditions,
      ];
      return {
        name: `chain-${levels}.jsonld`,
        bytes: Buffer.from(JSON.stringify({ '@graph': graph })),
      };
    };
    const deep = prepareCtdl(file(40));
    expect(deep.ok).toBe(false);
    expect(deep.report.errors).toEqual([
      expect.stringMatching(
        /component https:\/\/example\.edu\/c\/cert: its conditions nest more than 32 levels deep/,
      ),
    ]);
    const within = prepareCtdl(file(32));
    expect(within.report.errors).toEqual([]);
    expect(within.ok).toBe(true);
  });
});
