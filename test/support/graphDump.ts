import type { Driver } from 'neo4j-driver';

export interface GraphDump {
  nodes: string[];
  relationships: string[];
}

/**
 * Every node (labels and properties) and relationship (type, endpoints, properties) as sorted
 * strings, so two states of the database compare with toEqual. The catalogue version node and
 * the change log are left out: they move on with every write by design.
 */
export async function graphDump(driver: Driver): Promise<GraphDump> {
  const nodes = await driver.executeQuery(
    'MATCH (n) WHERE NOT n:CatalogueMeta AND NOT n:CatalogueChange RETURN [labels(n), properties(n)] AS x',
  );
  const rels = await driver.executeQuery(
    `MATCH (a)-[r]->(b) RETURN [type(r), a.id, b.id, properties(r)] AS x`,
  );
  const canon = (v: unknown): string => JSON.stringify(v, (_k, val: unknown) => sortKeys(val));
  return {
    nodes: nodes.records
      .map((r) => {
        const [labels, props] = r.get('x') as [string[], unknown];
        return canon([[...labels].sort(), props]);
      })
      .sort(),
    relationships: rels.records.map((r) => canon(r.get('x'))).sort(),
  };
}

function sortKeys(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  return value;
}
