import type { ComponentChildren } from 'preact';

/** A data table whose head is a row of column names; the caller writes the body's rows. */
export function DataTable(p: { label: string; columns: string[]; children: ComponentChildren }) {
  return (
    <table class="data" aria-label={p.label}>
      <thead>
        <tr>
          {p.columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{p.children}</tbody>
    </table>
  );
}
