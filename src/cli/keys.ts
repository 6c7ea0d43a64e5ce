import { Command, Option } from 'commander';
import { z } from 'zod';
import { createApiKey, listKeys, revokeKey, Role } from '../service/apiKeys.js';
import { EXIT, guarded, withStore } from './run.js';

const CreateOptions = z.object({
  name: z.string().trim().min(1).max(200),
  role: Role,
  rateLimit: z.coerce.number().int().positive().optional(),
});

const instanceOption = () =>
  new Option('--instance <name>', 'local Neo4j instance when NEO4J_URI is not set').default(
    'default',
  );

/** `pathways keys create|list|revoke`: API keys, stored hashed; a secret is shown only once. */
export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description('Manage API keys (roles: read < plan < write < admin; only hashes are stored).');

  keys
    .command('create')
    .description('Create a key and print it once (it cannot be shown again).')
    .requiredOption('--name <name>', 'who or what the key is for, e.g. "guidance portal"')
    .addOption(
      new Option('--role <role>', 'what the key may do').choices(Role.options).default('plan'),
    )
    .option('--rate-limit <n>', 'requests per minute for this key (default: the server setting)')
    .addOption(instanceOption())
    .option('--json', 'print the key record and token as JSON')
    .action(
      guarded(
        'keys',
        async (o: {
          name: string;
          role: string;
          rateLimit?: string;
          instance: string;
          json?: boolean;
        }) => {
          const spec = CreateOptions.parse(o);
          const { token, key } = await withStore(o.instance, (_store, driver, db) =>
            createApiKey(driver, spec, db),
          );
          process.stdout.write(
            o.json
              ? `${JSON.stringify({ ...key, token })}\n`
              : `Created key ${key.id} ("${key.name}", role ${key.role}). Store it now; it is not shown again:\n${token}\n`,
          );
          return EXIT.ok;
        },
      ),
    );

  keys
    .command('list')
    .description('List keys (never their secrets).')
    .addOption(instanceOption())
    .option('--json', 'print JSON')
    .action(
      guarded('keys', async (o: { instance: string; json?: boolean }) => {
        const all = await withStore(o.instance, (_store, driver, db) => listKeys(driver, db));
        if (o.json) process.stdout.write(`${JSON.stringify(all)}\n`);
        else if (all.length === 0) process.stdout.write('No API keys.\n');
        else
          for (const k of all)
            process.stdout.write(
              `${k.id}  ${k.role.padEnd(5)}  ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.name}${k.rateLimit ? `  (${k.rateLimit}/min)` : ''}\n`,
            );
        return EXIT.ok;
      }),
    );

  keys
    .command('revoke')
    .description('Revoke a key by id (running servers stop accepting it within seconds).')
    .argument('<id>', 'the key id (as `keys list` shows it)')
    .addOption(instanceOption())
    .action(
      guarded('keys', async (id: string, o: { instance: string }) => {
        const key = await withStore(o.instance, (_store, driver, db) => revokeKey(driver, id, db));
        if (!key) {
          process.stderr.write(`pathways keys: no key "${id}"\n`);
          return EXIT.usage;
        }
        process.stdout.write(`Revoked key ${key.id} ("${key.name}").\n`);
        return EXIT.ok;
      }),
    );
}
