import { z } from 'zod';
import { currentCatalogueVersion } from '../../service/catalogueQueries.js';
import { errorResponses } from '../openapi.js';
import { HttpProblem } from '../problems.js';
import { route } from '../route.js';

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const Readiness = z
  .object({
    status: z.literal('ready'),
    catalogueVersion: z.number().int().describe('Bumped by every catalogue write.'),
  })
  .meta({ id: 'Readiness' });

/** Liveness and readiness, for load balancers and orchestrators. */
export const systemRoutes = [
  route({
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tag: 'System',
    summary: 'Liveness: the process is up (does not touch the database)',
    access: 'public',
    responses: { 200: { description: 'Alive', schema: Health } },
    handle: () =>
      Promise.resolve({ body: { status: 'ok' }, headers: { 'Cache-Control': 'no-store' } }),
  }),
  route({
    method: 'get',
    path: '/readyz',
    operationId: 'ready',
    tag: 'System',
    summary: 'Readiness: Neo4j answers and the schema is migrated',
    access: 'public',
    responses: { 200: { description: 'Ready', schema: Readiness }, ...errorResponses(503) },
    handle: async (_input, ctx) => {
      try {
        const version = await currentCatalogueVersion(ctx.store);
        return {
          body: { status: 'ready', catalogueVersion: version },
          headers: { 'Cache-Control': 'no-store' },
        };
      } catch (err) {
        ctx.log.warn({ err: (err as Error).message }, 'not ready');
        throw new HttpProblem(503, 'not-ready', 'Not ready', 'Neo4j cannot be reached yet.', {
          headers: { 'Retry-After': '5' },
        });
      }
    },
  }),
];
