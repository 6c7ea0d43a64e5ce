import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Express } from 'express';
import { createApp } from '../../src/api/app.js';
import {
  apiContext,
  closeApiContext,
  defaultApiConfig,
  type ApiConfig,
  type ApiContext,
} from '../../src/api/context.js';
import { connectStore, type Store } from '../../src/service/store.js';
import { readSettings } from '../../src/settings.js';

/** The API over the test Neo4j, with its log lines kept for inspection. */
export interface TestApi {
  app: Express;
  ctx: ApiContext;
  store: Store;
  logs: string[];
  close(): Promise<void>;
}

export async function testApi(
  config: Partial<ApiConfig> = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<TestApi> {
  const store = await connectStore(readSettings(env));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const ctx = apiContext(
    store,
    // The API shares the test's event loop: shedding on its delay would measure the test's own
    // synchronous work (test/api/resilience.test.ts sheds on delay with a server of its own).
    defaultApiConfig({ anonymousRoles: ['read', 'plan'], maxEventLoopLagMs: 0, ...config }),
    pino({ level: 'info' }, sink),
  );
  return {
    app: createApp(ctx),
    ctx,
    store,
    logs,
    close: async () => {
      await closeApiContext(ctx);
      await store.close();
    },
  };
}

/** The secret part of a `pw_<16 hex id>_<secret>` token (the secret may itself hold `_`). */
export const secretOf = (token: string): string => token.slice('pw_0123456789abcdef_'.length);
