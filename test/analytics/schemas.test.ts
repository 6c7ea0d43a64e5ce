/**
 * The analytics results are published later by the API, whose OpenAPI document is generated
 * from zod schemas: every result and options schema must convert to JSON Schema, and the
 * seed catalogue's real results must validate against the converted result schemas.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { z } from 'zod';
import {
  ComplexityOptions,
  CoverageOptions,
  CoverageReport,
  CurricularComplexity,
  DemandOptions,
  DemandReport,
  OverlapOptions,
  OverlapReport,
  QualityOptions,
  QualityReport,
  StackabilityOptions,
  StackabilityReport,
  credentialDemand,
  credentialOverlap,
  credentialQuality,
  curricularComplexity,
  skillCoverage,
  stackability,
} from '../../src/analytics/index.js';
import { buildCatalogueGraph } from '../../src/graph/index.js';
import { seedCatalogue } from '../support/seed.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const doc = seedCatalogue();
const graph = buildCatalogueGraph(doc);
const occupation = doc.occupations[0]!.id;

describe('analytics schemas', () => {
  it.each([
    ['ComplexityOptions', ComplexityOptions],
    ['OverlapOptions', OverlapOptions],
    ['StackabilityOptions', StackabilityOptions],
    ['CoverageOptions', CoverageOptions],
    ['QualityOptions', QualityOptions],
    ['DemandOptions', DemandOptions],
  ])('%s converts to JSON Schema', (_name, schema) => {
    expect(z.toJSONSchema(schema, { io: 'input' })).toHaveProperty('type', 'object');
  });

  it.each([
    [
      'CurricularComplexity',
      CurricularComplexity,
      () => curricularComplexity(graph, { qualification: 'smtu:msc-data-analytics' }),
    ],
    ['OverlapReport', OverlapReport, () => credentialOverlap(graph, { threshold: 0.3 })],
    ['StackabilityReport', StackabilityReport, () => stackability(graph)],
    ['CoverageReport', CoverageReport, () => skillCoverage(graph, { occupation })],
    [
      'QualityReport',
      QualityReport,
      () => credentialQuality(graph, { kinds: ['micro-credential', 'diploma'] }),
    ],
    [
      'DemandReport',
      DemandReport,
      () =>
        credentialDemand(
          graph,
          [
            {
              learner: 'l1',
              target: { qualification: 'smtu:cert-data-analytics' },
              status: 'planned',
              steps: [{ take: [{ credential: 'smtu:mc-statistics' }] }],
            },
            {
              learner: 'l2',
              target: { qualification: 'smtu:cert-data-analytics' },
              status: 'infeasible',
              steps: [],
            },
          ],
          { listLearners: true },
        ),
    ],
    [
      'DemandReport per intake',
      DemandReport,
      () =>
        credentialDemand(
          graph,
          [
            {
              learner: 'l1',
              target: { qualification: 'smtu:cert-data-analytics' },
              status: 'planned',
              steps: [
                {
                  take: [
                    { credential: 'smtu:mc-statistics', start: '2027-02-01', offering: 0 },
                    { credential: 'bzn:safety-first-aid', start: '2027-02-01' },
                  ],
                },
              ],
              calendar: { start: '2027-02-01', status: 'dated' },
            },
          ],
          { listLearners: true, calendar: { start: '2027-02-01', maxCreditsPerTerm: 30 } },
        ),
    ],
  ])('%s converts to JSON Schema and validates the seed catalogue result', (_name, schema, run) => {
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    const validate = ajv.compile(z.toJSONSchema(schema as z.ZodType, { io: 'output' }));
    const result = run();
    expect(validate(JSON.parse(JSON.stringify(result)))).toBe(true);
    expect(validate.errors ?? null).toBeNull();
  });
});
