/**
 * Coordinates for the plan picture from ELK's layered algorithm. The bundled build runs in
 * the page itself (no web worker, nothing fetched), so it works under the strict CSP.
 */
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { elkGraph, type GraphEdge, type GraphNode, type PlanGraph } from './graph';

export interface Point {
  x: number;
  y: number;
}

export interface LaidOut {
  width: number;
  height: number;
  nodes: (GraphNode & Point)[];
  edges: (GraphEdge & { points: Point[] })[];
  /** Left edge of each step's column, for its heading. */
  columns: { step: number; x: number }[];
}

const elk = new ELK();
const MARGIN = 16;
const HEADING = 28;

export async function layOut(graph: PlanGraph): Promise<LaidOut> {
  const laid: ElkNode = await elk.layout(elkGraph(graph));
  const at = new Map((laid.children ?? []).map((c) => [c.id, c]));
  const nodes = graph.nodes.map((n) => {
    const p = at.get(n.id);
    return { ...n, x: (p?.x ?? 0) + MARGIN, y: (p?.y ?? 0) + MARGIN + HEADING };
  });
  const edges = graph.edges.map((e) => {
    const section = laid.edges?.find((l) => l.id === e.id)?.sections?.[0];
    const shift = (p: Point) => ({ x: p.x + MARGIN, y: p.y + MARGIN + HEADING });
    const points = section
      ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(shift)
      : [];
    return { ...e, points };
  });
  const columns = graph.columns.map((step) => ({
    step,
    x: Math.min(
      ...nodes.filter((n) => n.column === step && n.kind === 'card').map((n) => n.x),
      ...nodes.filter((n) => n.column === step).map((n) => n.x),
    ),
  }));
  return {
    width: (laid.width ?? 0) + 2 * MARGIN,
    height: (laid.height ?? 0) + 2 * MARGIN + HEADING,
    nodes,
    edges,
    columns,
  };
}
