import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Store } from '../service/store.js';
import { routes } from './app.js';
import { verifiedKey, type Caller } from './auth.js';
import { apiContext, closeApiContext, type ApiConfig } from './context.js';
import { TokenBuckets, spendRequest } from './limits.js';
import { mcpServer, mcpTools, newRequestId } from './mcp.js';
import { apiLogger } from './server.js';

/**
 * The MCP tools over stdin/stdout until the client closes stdin (or SIGINT/SIGTERM). Stdout
 * carries the protocol only: logs go to stderr. The session is one caller on this machine:
 * the anonymous roles of `config`, or the key `token` names (checked at every call, so a
 * revoked key stops working), with the same per-key or anonymous rate limit as over HTTP.
 */
export async function serveStdio(
  store: Store,
  config: ApiConfig,
  token: string | undefined,
): Promise<void> {
  const log = apiLogger().child({ transport: 'stdio' });
  const ctx = apiContext(store, config, log);
  const buckets = new TokenBuckets();
  const server = mcpServer(ctx, mcpTools(routes), {
    caller: async (): Promise<Caller> => ({
      key: token === undefined || token === '' ? undefined : await verifiedKey(ctx, token),
      anonymousApplies: true,
    }),
    spend: (caller) => {
      spendRequest(buckets, ctx, { key: caller.key, address: 'stdio' }, Date.now());
    },
    log,
    requestId: newRequestId,
  });
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    process.stdin.once('end', resolve);
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.connect(new StdioServerTransport());
  log.info('MCP server on stdio');
  await closed;
  await server.close();
  await closeApiContext(ctx);
  await new Promise<void>((resolve) => {
    log.flush(() => {
      resolve();
    });
  });
}
