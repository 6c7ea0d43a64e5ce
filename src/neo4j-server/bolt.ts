import neo4j from 'neo4j-driver';

import type { Neo4jConnection } from '../settings.js';

/**
 * True when a Bolt server answers at `connection.uri` with these credentials (the driver's
 * verifyConnectivity). Never throws: an unreachable or refusing server is simply `false`.
 */
export async function boltReachable(
  connection: Pick<Neo4jConnection, 'uri' | 'user' | 'password' | 'database'>,
  timeoutMs = 3000,
): Promise<boolean> {
  return (await boltProbe(connection, timeoutMs)) === undefined;
}

/** Like boltReachable, but returns the driver's error message when the server does not answer. */
export async function boltProbe(
  connection: Pick<Neo4jConnection, 'uri' | 'user' | 'password' | 'database'>,
  timeoutMs = 3000,
): Promise<string | undefined> {
  const driver = neo4j.driver(
    connection.uri,
    neo4j.auth.basic(connection.user, connection.password),

    {
      disableLosslessIntegers: true,
      connectionTimeout: timeoutMs,
      connectionAcquisitionTimeout: timeoutMs,
    },
  );
  try {
    await driver.verifyConnectivity(
      connection.database ? { database: connection.database } : undefined,
    );
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await driver.close();
  }
}
