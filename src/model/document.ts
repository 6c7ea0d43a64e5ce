import { z } from 'zod';
import { CatalogueShape, type CatalogueDocument } from './catalogue.js';
import { addReferenceIssues, type CatalogueIssue } from './references.js';

/**
 * The native catalogue document: the schema checks each object, the refinement checks the
 * document as a whole (references, duplicates, cycles).
 */
export const CatalogueDocumentSchema = CatalogueShape.superRefine(addReferenceIssues).meta({
  id: 'CatalogueDocument',
  title: 'Pathways catalogue document',
  description:
    'Providers, credentials (with award and entry rules), learning outcomes, ESCO skills and occupations, recognition agreements and pseudonymous learners.',
});

/** Renders a JSON path the way people read it: `credentials[3].awardRule.children[0].n`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(document)';
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: CatalogueIssue[] };

/** Validates any value against a schema and returns every issue with its path. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
): ParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({
      path: i.path.map((k) => (typeof k === 'symbol' ? String(k) : k)),
      message: i.message,
    })),
  };
}

export function parseCatalogue(input: unknown): ParseResult<CatalogueDocument> {
  return parseWith(CatalogueDocumentSchema, input);
}

/** Thrown when a document is rejected; carries every issue. */
export class CatalogueValidationError extends Error {
  constructor(readonly issues: CatalogueIssue[]) {
    super(
      `catalogue rejected, ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n` +
        issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`).join('\n'),
    );
    this.name = 'CatalogueValidationError';
  }
}
