/** One reason a file or a row was turned down, with where it happened. */
export interface ImportProblem {
  /** File name as given to the importer. */
  file: string;
  /** 1-based line of the record in the file, when the problem is in one record. */
  line?: number | undefined;
  message: string;
}

export const formatProblem = (p: ImportProblem): string =>
  `${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`;

/**
 * A whole input was refused (a required file missing, a malformed header, broken CSV):
 * nothing was written. Row-level rejections are reported in summaries instead.
 */
export class ImportRejectedError extends Error {
  constructor(
    readonly format: string,
    readonly problems: ImportProblem[],
  ) {
    super(
      `${format} import rejected, nothing written:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ImportRejectedError';
  }
}

/** Rows turned down for the same reason, counted, with the first few line numbers. */
export interface RejectionGroup {
  reason: string;
  count: number;
  lines: number[];
}

/** Counts rejected rows by reason (a reason names the offending value, e.g. the URI). */
export class Rejections {
  private readonly groups = new Map<string, RejectionGroup>();

  add(reason: string, line: number): void {
    const group = this.groups.get(reason);
    if (group) {
      group.count++;
      if (group.lines.length < 5) group.lines.push(line);
    } else this.groups.set(reason, { reason, count: 1, lines: [line] });
  }

  get count(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.count;
    return n;
  }

  list(): RejectionGroup[] {
    return [...this.groups.values()].sort(
      (a, b) => b.count - a.count || a.reason.localeCompare(b.reason),
    );
  }
}
