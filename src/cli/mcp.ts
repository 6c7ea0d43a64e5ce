import type { Command } from 'commander';
import { z } from 'zod';
import { defaultApiConfig, type ApiConfig } from '../api/context.js';
import { numberText } from '../model/index.js';
import { Role } from '../service/apiKeys.js';
import { connectStore } from '../service/store.js';
import { readSettings } from '../settings.js';
import { EXIT, guarded } from './run.js';

interface McpOptions {
  instance: string;
  anonymous: string;
  rateLimit: string;
  anonymousRateLimit: string;
  maxNodes?: string;
}

const McpSettings = z.object({
  anonymous: z.array(Role).refine((roles) => roles.every((r) => r === 'read' || r === 'plan'), {
    message: 'anonymous access can only be read and/or plan, never write or admin',
  }),
  rateLimit: numberText(z.number().int().positive()),
  anonymousRateLimit: numberText(z.number().int().positive()),
  maxNodes: numberText(z.number().int().positive().optional()),
});

/**
 * The settings of a stdio session: the assistant runs on this machine, so it is a caller on
 * loopback, given the anonymous roles (read and plan unless said otherwise); a stored learner
 * needs the key in PATHWAYS_API_KEY, as over HTTP.
 */
export function mcpConfigOf(o: McpOptions): ApiConfig {
  const s = McpSettings.parse({
    ...o,
    anonymous: o.anonymous === 'none' ? [] : o.anonymous.split(',').map((r) => r.trim()),
  });
  return defaultApiConfig({
    anonymousRoles: s.anonymous,
    anonymousLoopbackOnly: false,
    rateLimitPerMinute: s.rateLimit,
    anonymousRateLimitPerMinute: s.anonymousRateLimit,
    maxNodes: s.maxNodes,
  });
}

/** `pathways mcp`: the API's tools for an AI assistant, over stdin and stdout. */
export function register(program: Command): void {
  program
    .command('mcp')
    .description(
      'Serve the API operations as Model Context Protocol tools over stdin/stdout, for AI assistants (logs go to stderr). A stored learner needs an API key with the "plan" role in PATHWAYS_API_KEY.',
    )
    .option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set', 'default')
    .option(
      '--anonymous <roles>',
      'roles the session has without PATHWAYS_API_KEY: "read", "plan", "read,plan" or "none"',
      'read,plan',
    )
    .option(
      '--rate-limit <n>',
      'tool calls per minute with a key (keys may carry their own)',
      '6000',
    )
    .option('--anonymous-rate-limit <n>', 'tool calls per minute without a key', '600')
    .option('--max-nodes <n>', 'planner search nodes before the MIP solver takes over')
    .action(
      guarded('mcp', async (o: McpOptions) => {
        const config = mcpConfigOf(o);
        const log = (m: string) => process.stderr.write(`${m}\n`);
        const store = await connectStore(readSettings(), { instance: o.instance, log });
        try {
          // Loaded here, as for `serve`: the MCP SDK and express are for this command only.
          const { serveStdio } = await import('../api/mcpStdio.js');
          await serveStdio(store, config, process.env.PATHWAYS_API_KEY);
        } finally {
          await store.close();
        }
        return EXIT.ok;
      }),
    );
}
