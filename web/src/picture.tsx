/**
 * What the plan picture and the curriculum picture share: the SVG frame with its accessible
 * title, the arrowhead, the column heads and the edges of a layered layout, and titles broken
 * over two lines. Each picture draws its own cards as the frame's children.
 */
import type { ComponentChildren } from 'preact';
import type { LaidOut } from './layout';

/** Splits a title into at most two lines of about `width` characters. */
function lines(text: string, width: number): string[] {
  const out: string[] = [''];
  for (const w of text.split(/\s+/)) {
    const last = out.length - 1;
    if ((out[last]! + ' ' + w).trim().length <= width) out[last] = (out[last]! + ' ' + w).trim();
    else if (out.length < 2) out.push(w);
    else {
      out[last] = `${out[last]!.slice(0, width - 1)}…`;
      break;
    }
  }
  return out;
}

/** A title on at most two lines, 16 px apart, starting at (x, y). */
export function TitleLines(p: {
  text: string;
  width: number;
  x: number;
  y: number;
  class: string;
}) {
  return (
    <>
      {lines(p.text, p.width).map((l, i) => (
        <text key={i} x={p.x} y={p.y + i * 16} class={p.class}>
          {l}
        </text>
      ))}
    </>
  );
}

/**
 * The frame of a layered picture. `id` names the title and the arrowhead (two pictures on one
 * page must not share them); `columnHead` is the word before each column's number, unless `columnLabel` names the column.
 */
export function PictureFrame(p: {
  laid: LaidOut;
  id: string;
  class: string;
  title: string;
  columnHead: string;
  /** What a column's head says instead of "columnHead step" (a dated plan's start days). */
  columnLabel?: ((step: number) => string | undefined) | undefined;
  children: ComponentChildren;
}) {
  const { laid, id } = p;
  return (
    <svg
      class={p.class}
      role="img"
      aria-labelledby={`${id}-title`}
      viewBox={`0 0 ${laid.width} ${laid.height}`}
      width={laid.width}
      height={laid.height}
    >
      <title id={`${id}-title`}>{p.title}</title>
      <defs>
        <marker
          id={`${id}-arrow`}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
        </marker>
      </defs>
      {laid.columns.map((c) => (
        <text key={c.step} x={c.x} y={20} class="column-head">
          {p.columnLabel?.(c.step) ?? `${p.columnHead} ${c.step}`}
        </text>
      ))}
      {laid.edges.map((e) => (
        <polyline
          key={e.id}
          class={`edge ${e.kind}`}
          points={e.points.map((q) => `${q.x},${q.y}`).join(' ')}
          marker-end={`url(#${id}-arrow)`}
        />
      ))}
      {p.children}
    </svg>
  );
}
