import { z } from 'zod';
import {
  CatalogueDocumentSchema,
  Credential,
  CredentialDetail,
  CredentialKind,
  Id,
  OccupationSummary,
  pageOf,
  Provider,
  SkillSummary,
  CredentialSummary,
  numberText,
} from '../../model/index.js';
import { canonicalCatalogue } from '../../export/index.js';
import { credentialDetail, removeCredential, upsertCredential } from '../../service/catalogue.js';
import {
  catalogueDocument,
  catalogueInfo,
  conceptsPage,
  credentialsPage as searchCredentialsPage,
  providersPage,
  type Page,
  type Position,
} from '../../service/catalogueQueries.js';
import { importCatalogueDocument } from '../../service/imports.js';
import { catalogueGraph } from '../../service/store.js';
import type { ApiContext } from '../context.js';
import { errorResponses } from '../openapi.js';
import { HttpProblem } from '../problems.js';
import { route } from '../route.js';

/** Keyset cursors travel as opaque base64url JSON: clients pass back what they were given. */
const Cursor = z
  .string()
  .max(2000)
  .transform((text, ctx): Position => {
    try {
      const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
      const parsed = z
        .object({ id: z.string(), score: z.number().optional() })
        .strict()
        .parse(value);
      return parsed;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a cursor this API returned' });
      return z.NEVER;
    }
  })
  .describe('The `next` value of the previous page.');

const encodeCursor = (p: Position | undefined) =>
  p ? Buffer.from(JSON.stringify(p)).toString('base64url') : null;

const Paging = {
  limit: numberText(z.number().int().min(1).max(200).default(50)).describe(
    'Items per page (1-200).',
  ),
  cursor: Cursor.optional(),
};

const Text = z.string().trim().min(1).max(200).describe('Words to look for (prefixes match).');

const CredentialQuery = z
  .object({
    q: Text.optional(),
    kind: CredentialKind.optional(),
    provider: Id.optional(),
    eqfLevel: numberText(z.number().int().min(1).max(8).optional()),
    skill: Id.optional().describe('ESCO skill URI the credential develops.'),
    ...Paging,
  })
  .strict();

const ConceptQuery = z.object({ q: Text.optional(), ...Paging }).strict();
const PageQuery = z.object(Paging).strict();
const IdParam = z.object({ id: Id }).strict();

const CredentialPage = pageOf(CredentialSummary, 'CredentialPage');

const page = <T>(p: Page<T>) => ({ items: p.items, next: encodeCursor(p.next) });

async function credentialsPage(
  ctx: ApiContext,
  query: z.output<typeof CredentialQuery>,
  qualification?: boolean,
) {
  return page(
    await searchCredentialsPage(
      ctx.store,
      {
        text: query.q,
        kind: query.kind,
        provider: query.provider,
        eqfLevel: query.eqfLevel,
        skill: query.skill,
        qualification,
      },
      { limit: query.limit, after: query.cursor },
    ),
  );
}

export const CatalogueInfo = z
  .object({
    version: z.number().int().describe('Bumped by every catalogue write.'),
    epoch: z
      .string()
      .describe(
        'Renewed when the database is cleared (the version then starts again): a catalogue is the same one only when both agree. Empty before the first write.',
      ),
  })
  .meta({ id: 'CatalogueInfo' });

export const ImportSummary = z
  .object({
    providers: z.number().int(),
    credentials: z.number().int(),
    qualifications: z.number().int(),
    requirements: z.number().int(),
    learningOutcomes: z.number().int(),
    skills: z.number().int(),
    occupations: z.number().int(),
    iscoGroups: z.number().int(),
    recognitions: z.number().int(),
    learners: z.number().int(),
    holdings: z.number().int(),
    stacksInto: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'ImportSummary' });

const WriteResult = z.object({ id: Id, version: z.number().int() }).meta({ id: 'WriteResult' });

/** GET /v1/skills and /v1/occupations: ESCO look-up by label or alternative label, paged. */
function conceptRoute(
  kind: 'skills' | 'occupations',
  operationId: string,
  what: string,
  item: z.ZodType,
  pageId: string,
  tool: string,
) {
  return route({
    method: 'get',
    path: `/v1/${kind}`,
    operationId,
    mcp: { name: tool },
    tag: 'Catalogue',
    summary: `${what}, by label or alternative label`,
    access: 'read',
    query: ConceptQuery,
    responses: {
      200: { description: `A page of ${kind}`, schema: pageOf(item, pageId) },
      ...errorResponses(400),
    },
    handle: async ({ query }, ctx) => {
      const p = await conceptsPage(ctx.store, kind, query.q, {
        limit: query.limit,
        after: query.cursor,
      });
      return { body: page(p) };
    },
  });
}

export const catalogueRoutes = [
  route({
    method: 'get',
    path: '/v1/credentials',
    operationId: 'listCredentials',
    mcp: { name: 'search_credentials' },
    tag: 'Catalogue',
    summary: 'Search credentials',
    description:
      'By text (title and description), kind, provider, EQF level or skill; paged with a cursor.',
    access: 'read',
    query: CredentialQuery,
    responses: {
      200: { description: 'A page of credentials', schema: CredentialPage },
      ...errorResponses(400),
    },
    handle: async ({ query }, ctx) => ({ body: await credentialsPage(ctx, query) }),
  }),
  route({
    method: 'get',
    path: '/v1/qualifications',
    operationId: 'listQualifications',
    mcp: { name: 'search_qualifications' },
    tag: 'Catalogue',
    summary: 'Search full qualifications',
    access: 'read',
    query: CredentialQuery,
    responses: {
      200: { description: 'A page of qualifications', schema: CredentialPage },
      ...errorResponses(400),
    },
    handle: async ({ query }, ctx) => ({ body: await credentialsPage(ctx, query, true) }),
  }),
  route({
    method: 'get',
    path: '/v1/credentials/:id',
    operationId: 'getCredential',
    mcp: { name: 'get_credential' },
    tag: 'Catalogue',
    summary: 'One credential with its rule trees, what it stacks into and its recognitions',
    access: 'read',
    params: IdParam,
    responses: {
      200: { description: 'The credential', schema: CredentialDetail },
      ...errorResponses(404),
    },
    handle: async ({ params }, ctx) => {
      return { body: credentialDetail(await catalogueGraph(ctx.store), params.id) };
    },
  }),
  route({
    method: 'put',
    path: '/v1/credentials/:id',
    operationId: 'putCredential',
    tag: 'Catalogue',
    summary: 'Add or replace one credential',
    description:
      'Validated against the whole catalogue (references, entry-rule cycles) before anything is written; bumps the catalogue version.',
    access: 'write',
    params: IdParam,
    body: Credential,
    responses: {
      200: { description: 'Replaced', schema: WriteResult },
      201: { description: 'Created', schema: WriteResult },
      ...errorResponses(400, 422),
    },
    handle: async ({ params, body }, ctx) => {
      if (body.id !== params.id)
        throw new HttpProblem(
          400,
          'invalid-request',
          'The request is not valid',
          'the body id differs from the path id',
          {
            errors: [{ in: 'body', path: 'id', message: `must equal the path id "${params.id}"` }],
          },
        );
      const { created, version } = await upsertCredential(ctx.store, body);
      return { status: created ? 201 : 200, body: { id: params.id, version } };
    },
  }),
  route({
    method: 'delete',
    path: '/v1/credentials/:id',
    operationId: 'deleteCredential',
    tag: 'Catalogue',
    summary: 'Delete one credential',
    description: 'Refused (409) while a rule, a recognition or a learner still refers to it.',
    access: 'write',
    params: IdParam,
    responses: { 204: { description: 'Deleted' }, ...errorResponses(404, 409) },
    handle: async ({ params }, ctx) => {
      await removeCredential(ctx.store, params.id);
      return { status: 204 };
    },
  }),
  conceptRoute(
    'skills',
    'listSkills',
    'ESCO skills and skill groups',
    SkillSummary,
    'SkillPage',
    'search_skills',
  ),
  conceptRoute(
    'occupations',
    'listOccupations',
    'ESCO occupations',
    OccupationSummary,
    'OccupationPage',
    'search_occupations',
  ),
  route({
    method: 'get',
    path: '/v1/providers',
    operationId: 'listProviders',
    mcp: { name: 'list_providers' },
    tag: 'Catalogue',
    summary: 'Awarding providers',
    access: 'read',
    query: PageQuery,
    responses: {
      200: { description: 'A page of providers', schema: pageOf(Provider, 'ProviderPage') },
      ...errorResponses(400),
    },
    handle: async ({ query }, ctx) => {
      const p = await providersPage(ctx.store, { limit: query.limit, after: query.cursor });
      return { body: page(p) };
    },
  }),
  route({
    method: 'get',
    path: '/v1/catalogue',
    operationId: 'getCatalogueInfo',
    tag: 'Catalogue',
    summary: 'The catalogue version (bumped by every write) and epoch (renewed by a clear)',
    access: 'read',
    responses: { 200: { description: 'Catalogue information', schema: CatalogueInfo } },
    handle: async (_input, ctx) => {
      return { body: await catalogueInfo(ctx.store) };
    },
  }),
  route({
    method: 'get',
    path: '/v1/catalogue/export',
    operationId: 'exportCatalogue',
    tag: 'Catalogue',
    summary: 'The whole catalogue as a native document (learners included)',
    description:
      'The same document as `pathways export catalogue`, sorted by id, so that exporting and importing it into an empty database gives the same graph. Admin only: it includes the stored learners.',
    access: 'admin',
    responses: { 200: { description: 'The catalogue document', schema: CatalogueDocumentSchema } },
    handle: async (_input, ctx, _req, res) => {
      const doc = await catalogueDocument(ctx.store, (message) => {
        res.locals.log.warn(message);
      });
      return { body: canonicalCatalogue(doc) };
    },
  }),
  route({
    method: 'post',
    path: '/v1/catalogue/imports',
    operationId: 'importCatalogue',
    tag: 'Catalogue',
    summary: 'Import a whole catalogue document',
    description:
      'The native `pathways-catalogue/1` document, validated exactly as `pathways import catalogue` does: every problem is reported with its path and nothing is written unless all is valid; written in one transaction, idempotent.',
    access: 'admin',
    body: z.unknown(),
    documentedBody: CatalogueDocumentSchema,
    bodyLimit: 'import',
    responses: {
      200: { description: 'Imported', schema: ImportSummary },
      ...errorResponses(400, 413, 422),
    },
    handle: async ({ body }, ctx) => {
      const summary = await importCatalogueDocument(ctx.store, body);
      // A catalogue document may carry learners.
      ctx.learners.clear();
      return { body: summary };
    },
  }),
];
