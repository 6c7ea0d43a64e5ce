/**
 * credentialOf, transferOf and providerOf keep each graph's answers (src/graph/catalogueGraph.ts): they
 * must stay the graph's own, for their nodes, other nodes and unknown ids, and a graph still
 * being built must not be answered from what it held before.
 */
import { MultiDirectedGraph } from 'graphology';
import {
  buildCatalogueGraph,
  credentialOf,
  providerOf,
  transferOf,
  type CatalogueGraph,
  type CredentialNode,
} from '../../src/graph/index.js';
import { seedCatalogue } from '../support/seed.js';

const doc = seedCatalogue();
const graph = buildCatalogueGraph(doc);

describe('credentialOf, transferOf and providerOf', () => {
  // The seed has one partial credit transfer (seed/README.md).
  const lookups = [
    { name: 'credentialOf', of: credentialOf, type: 'credential', count: doc.credentials.length },
    { name: 'transferOf', of: transferOf, type: 'transfer', count: 1 },
    { name: 'providerOf', of: providerOf, type: 'provider', count: doc.providers.length },
  ] as const;
  it.each(lookups)(
    '$name answers every node and unknown id as the graph does, asked once or again',
    ({ of, type, count }) => {
      const ids = [...graph.nodes(), 'smtu:no-such-module', ''];
      for (let round = 0; round < 2; round++)
        for (const id of ids) {
          const node = graph.hasNode(id) ? graph.getNodeAttributes(id) : undefined;
          expect(of(graph, id)).toBe(node?.type === type ? node : undefined);
        }
      expect(ids.filter((id) => of(graph, id)).length).toBe(count);
    },
  );

  it('a node added after an answer is found (a graph being built)', () => {
    const building: CatalogueGraph = new MultiDirectedGraph({ allowSelfLoops: false });
    const first = graph.getNodeAttributes(doc.credentials[0]!.id) as CredentialNode;
    const second = graph.getNodeAttributes(doc.credentials[1]!.id) as CredentialNode;
    building.addNode(first.id, first);
    expect(credentialOf(building, first.id)).toBe(first);
    expect(credentialOf(building, second.id)).toBeUndefined();
    building.addNode(second.id, second);
    expect(credentialOf(building, second.id)).toBe(second);
    // Another graph holding the same ids answers from its own nodes.
    const other: CatalogueGraph = new MultiDirectedGraph({ allowSelfLoops: false });
    other.addNode(first.id, { ...first, title: 'Another' });
    expect(credentialOf(other, first.id)!.title).toBe('Another');
  });
});
