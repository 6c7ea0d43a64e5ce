/**
 * Coordinates for the plan picture: a small layered (Sugiyama-style) drawing, left to right.
 * The layers are given, not computed: the plan's steps fix the columns, and an award earned in
 * a step sits in its own layer right after that step's cards. What is left to the layout is
 * the order within each layer, chosen by barycentre sweeps to reduce crossings (Sugiyama,
 * Tagawa and Toda 1981; the barycentre heuristic of Warfield 1977), the vertical placement,
 * and orthogonal edge routes through the gaps between layers. Written here rather than taken
 * from a general layout library, which would be most of the page's JavaScript for this one
 * picture. Pure and synchronous.
 */
import type { GraphEdge, GraphNode, PlanGraph } from './graph.js';

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

const MARGIN = 16;
const HEADING = 28;
/** Vertical space between two nodes of a layer. */
const NODE_GAP = 24;
/** Horizontal space between layers, where the edges turn. */
const LAYER_GAP = 64;
/** Down-and-up sweeps of the barycentre ordering; more rarely changes a plan's picture. */
const SWEEPS = 4;

const same = (p: Point, q: Point) => p.x === q.x && p.y === q.y;

/** A node's layer key: its step's column, awards just after the cards. */
const layerKey = (n: GraphNode) => n.column * 2 + (n.kind === 'milestone' ? 1 : 0);

/** A node of the layered drawing: a plan node, or a point where a long arrow crosses a layer. */
interface Slot {
  id: string;
  height: number;
  node?: GraphNode;
}

export function layOut(graph: PlanGraph): LaidOut {
  const keys = [...new Set(graph.nodes.map(layerKey))].sort((a, b) => a - b);
  const layerOf = new Map(graph.nodes.map((n) => [n.id, keys.indexOf(layerKey(n))]));
  const layers: Slot[][] = keys.map(() => []);
  for (const n of graph.nodes)
    layers[layerOf.get(n.id)!]!.push({ id: n.id, height: n.height, node: n });

  // An arrow spanning several layers gets a slot in each layer it crosses, so it is ordered
  // with the boxes and passes between them rather than through them (Sugiyama's dummy nodes).
  const route = new Map<string, string[]>();
  const before = new Map<string, string[]>();
  const after = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    before.set(to, [...(before.get(to) ?? []), from]);
    after.set(from, [...(after.get(from) ?? []), to]);
  };
  for (const e of graph.edges) {
    const [lf, lt] = [layerOf.get(e.from)!, layerOf.get(e.to)!];
    const path = [e.from];
    for (let l = lf + 1; l < lt; l++) {
      const id = `${e.id}@${l}`;
      layers[l]!.push({ id, height: 0 });
      path.push(id);
    }
    path.push(e.to);
    route.set(e.id, path);
    if (lf < lt) for (let i = 1; i < path.length; i++) link(path[i - 1]!, path[i]!);
  }

  const position = new Map<string, number>();
  const index = (layer: Slot[]) => {
    layer.forEach((n, i) => position.set(n.id, i));
  };
  layers.forEach(index);
  // Each slot moves to the mean position of its neighbours in the layer just ordered; a slot
  // without such neighbours keeps its place. The sort is stable, so ties keep the plan's order.
  const sweep = (layer: Slot[], neighbours: Map<string, string[]>) => {
    const centre = (n: Slot) => {
      const near = neighbours.get(n.id) ?? [];
      return near.length === 0
        ? position.get(n.id)!
        : near.reduce((s, m) => s + position.get(m)!, 0) / near.length;
    };
    const at = new Map(layer.map((n) => [n.id, centre(n)]));
    layer.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
    index(layer);
  };
  for (let i = 0; i < SWEEPS; i++) {
    for (const layer of layers.slice(1)) sweep(layer, before);
    for (const layer of layers.slice(0, -1).reverse()) sweep(layer, after);
  }

  const heights = layers.map(
    (l) => l.reduce((s, n) => s + n.height, 0) + NODE_GAP * Math.max(0, l.length - 1),
  );
  const tallest = Math.max(0, ...heights);
  const placed = new Map<string, GraphNode & Point>();
  /** The height at which each slot's middle sits. */
  const middle = new Map<string, number>();
  const lefts: number[] = [];
  const rights: number[] = [];
  let x = MARGIN;
  layers.forEach((layer, i) => {
    const width = Math.max(...layer.flatMap((n) => (n.node ? [n.node.width] : [])));
    lefts.push(x);
    rights.push(x + width);
    // Each layer is centred vertically, so short layers sit level with the tall ones.
    let y = MARGIN + HEADING + (tallest - heights[i]!) / 2;
    for (const n of layer) {
      if (n.node) placed.set(n.id, { ...n.node, x, y });
      middle.set(n.id, y + n.height / 2);
      y += n.height + NODE_GAP;
    }
    x += width + LAYER_GAP;
  });

  // Arrows leave a box on its right, enter on its left, and turn in the gap before each layer
  // they reach; the turning lines are spread apart so that parallel arrows stay readable. An
  // arrow within a layer (co-requisites share a step) loops round the layer's right side.
  const turns = new Map<number, number>();
  const lane = (gap: number) => {
    const k = turns.get(gap) ?? 0;
    turns.set(gap, k + 1);
    return ((k % 7) - 3) * 6;
  };
  const edges = graph.edges.map((e) => {
    const from = placed.get(e.from)!;
    const to = placed.get(e.to)!;
    const lf = layerOf.get(e.from)!;
    const lt = layerOf.get(e.to)!;
    const start = { x: from.x + from.width, y: middle.get(e.from)! };
    if (lt <= lf) {
      const side = rights[lf]! + LAYER_GAP / 4 + lane(-lf - 1) / 3;
      const end = { x: to.x + to.width, y: middle.get(e.to)! };
      return { ...e, points: [start, { x: side, y: start.y }, { x: side, y: end.y }, end] };
    }
    const points = [start];
    route
      .get(e.id)!
      .slice(1)
      .forEach((slot, i) => {
        const layer = lf + 1 + i;
        const turn = lefts[layer]! - LAYER_GAP / 2 + lane(layer);
        const y = middle.get(slot)!;
        points.push({ x: turn, y: points[points.length - 1]!.y }, { x: turn, y });
        points.push({ x: layer === lt ? lefts[layer]! : rights[layer]!, y });
      });
    return { ...e, points: points.filter((p, i) => i === 0 || !same(p, points[i - 1]!)) };
  });
  const nodes = graph.nodes.map((n) => placed.get(n.id)!);
  const columns = graph.columns.map((step) => ({
    step,
    x: Math.min(...nodes.filter((n) => n.column === step).map((n) => n.x)),
  }));
  return {
    width: Math.max(x - LAYER_GAP, 0) + MARGIN,
    height: tallest + 2 * MARGIN + HEADING,
    nodes,
    edges,
    columns,
  };
}
