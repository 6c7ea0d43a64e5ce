import { z } from 'zod';
import { Problem } from '../model/index.js';
import type { Route } from './route.js';

/**
 * The OpenAPI 3.1 document, generated from the route table and the zod schemas (never
 * written by hand). OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod emits directly;
 * every schema with a `meta({ id })` becomes a component. Where a schema reads differently as
 * input and as output (fields with defaults are optional in a request but always present in a
 * response), the request form is a second component named `<id>Input`.
 */

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid: every invalid field is named in `errors`',
  401: 'No valid API key, where one is needed',
  403: 'The API key lacks the role this needs',
  404: 'An id in the path or the body is unknown (the body field is named in `errors`)',
  409: 'Conflicts with what is stored',
  413: 'The request body is too large',
  415: 'The request body is not JSON',
  422: 'The document is not valid; nothing was written',
  429: 'Rate limit exceeded; see Retry-After',
  500: 'Internal error',
  503: 'Overloaded or the database is unreachable; see Retry-After',
};

type ResponseSpec = Route['responses'][number];

/** Node answers 431 itself (no body) when a query string is too long for its header limit. */
const HEADERS_TOO_LARGE: Record<number, ResponseSpec> = {
  431: { description: 'The request line or headers are too large' },
};

/**
 * Problem responses for the given statuses (401, 403, 429, 500 and 503 are added to every
 * route, 413 and 415 to every route taking a body).
 */
export function errorResponses(...statuses: number[]): Record<number, ResponseSpec> {
  return Object.fromEntries(statuses.map((s) => [s, problemResponse(s)]));
}

const problemResponse = (status: number): ResponseSpec => ({
  description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
  schema: Problem,
  contentType: 'application/problem+json',
});

/** What the description of a route that can read a stored learner says about keys. */
const storedLearnerNote = (r: Route) =>
  `A stored learner is only read with an API key (role \`${r.access}\` or above), whatever anonymous callers may otherwise do here: 401 without one.`;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function idOf(schema: z.ZodType, where: string): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error(`openapi: ${where} needs a schema registered with .meta({ id })`);
  return id;
}

type JsonSchema = Record<string, unknown>;

function components(
  io: 'input' | 'output',
  uri: (id: string) => string,
): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri,
  }) as { schemas: Record<string, JsonSchema> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

/** Output components, plus `<id>Input` for those whose request form differs. */
function allComponents() {
  const output = components('output', (id) => `#/components/schemas/${id}`);
  let differing = new Set<string>();
  let input: Record<string, JsonSchema> = {};
  // A schema that refers to a differing one differs too: repeat until nothing new differs.
  for (;;) {
    const known = differing;
    input = components(
      'input',
      (id) => `#/components/schemas/${known.has(id) ? `${id}Input` : id}`,
    );
    const next = new Set(
      Object.keys(output).filter((id) => JSON.stringify(output[id]) !== JSON.stringify(input[id])),
    );
    if ([...next].every((id) => differing.has(id))) break;
    differing = new Set([...differing, ...next]);
  }
  const schemas: Record<string, JsonSchema> = { ...output };
  for (const id of differing) schemas[`${id}Input`] = input[id]!;
  return { schemas, inputName: (id: string) => (differing.has(id) ? `${id}Input` : id) };
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

/** Express `:id` paths as OpenAPI `{id}` templates. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, '{$1}');

export function openApiDocument(routes: readonly Route[], info: { version: string }) {
  const { schemas, inputName } = allComponents();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const where = `${r.method.toUpperCase()} ${r.path}`;
    const responses: Record<string, unknown> = {};
    const validated = r.params ?? r.query ?? r.body;
    const all: Record<number, ResponseSpec> = {
      ...(validated ? errorResponses(400) : {}),
      // Any route taking a body can meet the body-size limit and a non-JSON body.
      ...(r.body ? errorResponses(413, 415) : {}),
      ...r.responses,
      ...(r.access === 'public' ? {} : errorResponses(401, 403, 429)),
      ...errorResponses(500, 503),
      ...(r.query ? HEADERS_TOO_LARGE : {}),
    };
    for (const [status, spec] of Object.entries(all))
      responses[status] = {
        description: spec.description,
        ...(spec.schema
          ? {
              content: {
                [spec.contentType ?? 'application/json']: { schema: ref(idOf(spec.schema, where)) },
                ...Object.fromEntries(
                  (spec.alsoAs ?? []).map((type) => [type, { schema: { type: 'string' } }]),
                ),
              },
            }
          : {}),
      };
    const body = r.documentedBody ?? r.body;
    (paths[openApiPath(r.path)] ??= {})[r.method] = {
      operationId: r.operationId,
      tags: [r.tag],
      summary: r.summary,
      ...(r.description || r.readsStoredLearner
        ? {
            description: [r.description, r.readsStoredLearner && storedLearnerNote(r)]
              .filter(Boolean)
              .join('\n\n'),
          }
        : {}),
      ...(r.access === 'public' ? { security: [] } : { 'x-required-role': r.access }),
      ...(r.readsStoredLearner ? { 'x-stored-learner-needs-key': true } : {}),
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(body
        ? {
            requestBody: {
              required: r.bodyRequired !== false,
              content: { 'application/json': { schema: ref(inputName(idOf(body, where))) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pathways API',
      version: info.version,
      description:
        'Stackability and pathway planning for micro-credentials. Audits and plans are stateless: holdings given in the request are never stored. Send `Authorization: Bearer <key>` (keys are created with `pathways keys create`); roles are read < plan < write < admin. Errors are RFC 9457 problem+json.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    tags: [
      { name: 'Planning', description: 'Audits, plans and ladders' },
      {
        name: 'Catalogue',
        description: 'Credentials, qualifications, ESCO skills and occupations, providers',
      },
      { name: 'Learners', description: 'Pseudonymous learners and their holdings' },
      {
        name: 'Analytics',
        description:
          'Programme design: stackability, overlap, skill coverage, curricular complexity and quality against the EU standard',
      },
      { name: 'System', description: 'Health, readiness and this document' },
    ],
    paths,
    components: {
      schemas: withoutUnusedInputs(schemas, paths),
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'pw_<id>_<secret>' },
      },
    },
  };
}

/** Drops `<id>Input` components no request body reaches (response-only schemas need none). */
function withoutUnusedInputs(
  schemas: Record<string, JsonSchema>,
  paths: unknown,
): Record<string, JsonSchema> {
  const refsIn = (value: unknown): string[] =>
    [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  const used = new Set<string>();
  const queue = refsIn(paths);
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (used.has(name)) continue;
    used.add(name);
    queue.push(...refsIn(schemas[name]));
  }
  return Object.fromEntries(
    Object.entries(schemas).filter(([name]) => !name.endsWith('Input') || used.has(name)),
  );
}
