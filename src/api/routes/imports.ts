import { z } from 'zod';
import { HeldCredentialInput, heldCredential, Holding, Id } from '../../model/index.js';
import {
  AchievementMapping,
  catalogueFormats,
  EscoShrinkError,
  importCatalogueFiles,
  importLearnerCredentials,
  matchCredentials,
  SHRINKING_FORMATS,
  type InputFile,
} from '../../service/imports.js';
import { errorResponses } from '../openapi.js';
import { HttpProblem } from '../problems.js';
import { route } from '../route.js';

/**
 * The importers over HTTP, for admins (catalogue formats) and for writers (a learner's
 * credentials): the same code paths as `pathways import`, fed with file contents from the body.
 */

const UploadedFile = z
  .object({
    name: z.string().min(1).max(500).describe('File name, used in reports and to namespace ids.'),
    content: z.string().describe('The file, as text or base64 (see encoding).'),
    encoding: z
      .enum(['utf8', 'base64'])
      .default('utf8')
      .describe('base64 for files that are not UTF-8 (e.g. Mac Roman curricula).'),
  })
  .strict();

const FormatImport = z
  .object({
    files: z.array(UploadedFile).min(1).max(1000),
    allowShrink: z
      .boolean()
      .optional()
      .describe(
        'ESCO only (as `--allow-shrink`): write even when the import would leave far fewer concepts or links of a kind than the graph holds (at least 10% and at least 100 fewer); without it such an import is refused with 409 and writes nothing.',
      ),
  })
  .strict()
  .meta({ id: 'FormatImport' });

const ImportReport = z
  .looseObject({})
  .describe('What was imported and what was rejected, with reasons (format-specific).')
  .meta({ id: 'ImportReport' });

const CredentialsImport = z
  .object({
    credentials: z
      .array(z.looseObject({}))
      .min(1)
      .max(200)
      .describe('Open Badges 3.0 or Europass (ELM 3) verifiable credentials, as JSON objects.'),
    mapping: AchievementMapping.optional(),
  })
  .strict()
  .meta({ id: 'CredentialsImport' });

export const HoldingsMatch = z
  .object({
    holdings: z
      .array(HeldCredentialInput)
      .describe('The matched credentials as holdings to send inline with an audit or a plan.'),
    accepted: z
      .array(
        z.object({
          file: z.string(),
          achievement: z.string(),
          name: z.string().optional(),
          credential: Id,
          by: z.enum(['mapping', 'id', 'alignment']),
          holding: Holding,
        }),
      )
      .describe('Achievements matched to a catalogue credential, with the holding each gives.'),
    unmatched: z
      .array(
        z.object({
          file: z.string(),
          achievement: z.string(),
          name: z.string().optional(),
          reason: z.string(),
          candidates: z.array(z.object({ id: Id, title: z.string(), score: z.number() })),
          mappingEntry: z.record(z.string(), z.string()),
          suggestion: z.string().optional(),
        }),
      )
      .describe('Achievements that match no catalogue credential, with similar titles.'),
    rejected: z.array(z.object({ file: z.string(), errors: z.array(z.string()) })),
    warnings: z.array(z.object({ file: z.string(), at: z.string(), message: z.string() })),
  })
  .meta({ id: 'HoldingsMatch' });

/**
 * An ESCO import that would shrink the graph (a file cut short looks like that), refused: 409,
 * since it conflicts with what is stored, each kind named with its file and numbers.
 */
const shrinkRefused = (err: EscoShrinkError) =>
  new HttpProblem(
    409,
    'import-would-shrink',
    'The import would shrink the graph; nothing was written',
    `${err.shrinks.map((s) => `${s.files.join(', ') || s.kind}: ${s.message}`).join('; ')}. Was a file cut short? If the download is meant to hold fewer, send allowShrink: true.`,
    {
      errors: err.shrinks.map((s) => ({
        in: 'body',
        path: 'allowShrink',
        message: `${s.files.join(', ') || s.kind}: ${s.message}`,
      })),
    },
  );

const credentialFiles = (body: z.output<typeof CredentialsImport>) =>
  body.credentials.map((c, i) => ({
    name: `credentials[${i}]`,
    bytes: Buffer.from(JSON.stringify(c)),
  }));

const toFile = (f: z.output<typeof UploadedFile>): InputFile => ({
  name: f.name,
  bytes:
    f.encoding === 'base64' ? Buffer.from(f.content, 'base64') : Buffer.from(f.content, 'utf8'),
});

export const importRoutes = [
  route({
    method: 'post',
    path: '/v1/catalogue/imports/:format',
    operationId: 'importCatalogueFormat',
    tag: 'Catalogue',
    summary: 'Import catalogue files of an external format',
    description:
      'Formats: `ctdl` (CTDL JSON-LD pathways), `curricular` (CurricularAnalytics CSV; base64 for Mac Roman files), `esco` (the CSV files of the ESCO download, by their file names). Each file is validated and written on its own, all or nothing, exactly as `pathways import <format>` does; the report says per file what was imported, rejected (with reasons) or could not be mapped. An ESCO download that would leave far fewer concepts or links of a kind than the graph holds is refused with 409, naming the files and numbers, unless `allowShrink` is true (as `--allow-shrink`).',
    access: 'admin',
    params: z.object({ format: z.string().min(1).max(50) }).strict(),
    body: FormatImport,
    bodyLimit: 'import',
    responses: {
      200: { description: 'The import report', schema: ImportReport },
      ...errorResponses(400, 404, 409, 413, 422),
    },
    handle: async ({ params, body }, ctx) => {
      // Own keys only: a format named "constructor" or "toString" is unknown, not Object's.
      const known = catalogueFormats();
      if (!known.includes(params.format))
        throw new HttpProblem(404, 'not-found', 'Not found', `unknown format "${params.format}"`, {
          errors: [
            {
              in: 'path',
              path: 'format',
              message: `supported: ${known.join(', ')}`,
            },
          ],
        });
      if (body.allowShrink !== undefined && !SHRINKING_FORMATS.has(params.format))
        throw new HttpProblem(
          400,
          'invalid-request',
          'The request is not valid',
          `allowShrink applies to the esco format only, not "${params.format}"`,
          {
            errors: [
              {
                in: 'body',
                path: 'allowShrink',
                message: `only for ${[...SHRINKING_FORMATS].join(', ')}`,
              },
            ],
          },
        );
      try {
        return {
          body: await importCatalogueFiles(ctx.store, params.format, body.files.map(toFile), {
            allowShrink: body.allowShrink,
          }),
        };
      } catch (err) {
        if (err instanceof EscoShrinkError) throw shrinkRefused(err);
        throw err;
      }
    },
  }),
  route({
    method: 'post',
    path: '/v1/learners/:id/credentials',
    operationId: 'importLearnerCredentials',
    tag: 'Learners',
    summary: "Add a learner's Open Badges 3.0 / Europass credentials to their holdings",
    description:
      'Each achievement is matched to a catalogue credential (by id, then alignment, or the mapping given); matched ones become holdings (recorded as unverified), the rest are reported with candidates. Creates the learner if needed.',
    access: 'write',
    params: z.object({ id: Id }).strict(),
    body: CredentialsImport,
    responses: {
      200: { description: 'The import report', schema: ImportReport },
      ...errorResponses(404),
    },
    handle: async ({ params, body }, ctx) => {
      const report = await importLearnerCredentials(
        ctx.store,
        params.id,
        credentialFiles(body),
        body.mapping,
      );
      ctx.learners.forget(params.id);
      return { body: report };
    },
  }),
  route({
    method: 'post',
    path: '/v1/holdings/matches',
    operationId: 'matchHoldings',
    tag: 'Learners',
    summary: 'Match Open Badges 3.0 / Europass credentials to catalogue holdings, storing nothing',
    description:
      'The matching of `POST /v1/learners/{id}/credentials` without a learner: the holdings the credentials give (to send inline with an audit or a plan), and what matched nothing, with candidates. Nothing is written.',
    access: 'plan',
    body: CredentialsImport,
    responses: {
      200: { description: 'What matched and what did not', schema: HoldingsMatch },
    },
    handle: async ({ body }, ctx) => {
      const match = await matchCredentials(ctx.store, credentialFiles(body), body.mapping);
      const holdings = match.accepted.map((a) => heldCredential(a.holding));
      return { body: { holdings, ...match } };
    },
  }),
];
