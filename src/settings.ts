import { z } from 'zod';

/**
 * Process settings, read once from the environment. `NEO4J_URI` points the product at an
 * existing server (a cluster or Aura with `neo4j://`); without it the product runs its own
 * local Neo4j (see src/neo4j-server).
 */
const Env = z.object({
  NEO4J_URI: z.string().min(1).optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().min(1).optional(),
  PATHWAYS_HOME: z.string().min(1).optional(),
  PATHWAYS_DATA: z.string().min(1).optional(),
});

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  database?: string | undefined;
  /** True when the product started this server itself (no NEO4J_URI given). */
  embedded: boolean;
}

export interface Settings {
  /** NEO4J_URI and friends when set; undefined means "use the embedded server". */
  external?: Neo4jConnection | undefined;
  /** Root of the project checkout (cypher/, seed/, neo4j/ live here). */
  home: string;
  /** Folder of shared reference data (../shared/data by default). */
  referenceData: string;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const e = Env.parse(env);
  // src/settings.ts and dist/settings.js both sit one level below the project root.
  const projectRoot =
    e.PATHWAYS_HOME ?? new URL('../', import.meta.url).pathname.replace(/\/$/, '');
  return {
    external: e.NEO4J_URI
      ? {
          uri: e.NEO4J_URI,
          user: e.NEO4J_USER,
          password: e.NEO4J_PASSWORD,
          database: e.NEO4J_DATABASE,
          embedded: false,
        }
      : undefined,
    home: projectRoot,
    referenceData: e.PATHWAYS_DATA ?? `${projectRoot}/../shared/data`,
  };
}
