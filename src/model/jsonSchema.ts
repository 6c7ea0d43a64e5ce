import { z } from 'zod';
import { CatalogueDocumentSchema } from './document.js';
import { CatalogueDraft } from './draft.js';

/**
 * The catalogue document as JSON Schema (draft 2020-12), for people writing catalogues in
 * other tools. Generated from the zod schema, so it cannot drift from what the importer accepts.
 */
export function catalogueJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://pathways.dev/schema/catalogue.schema.json',
    ...z.toJSONSchema(CatalogueDocumentSchema, { io: 'input', unrepresentable: 'any' }),
  };
}

/** A catalogue draft (what-if, apply) as JSON Schema, generated the same way. */
export function draftJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://pathways.dev/schema/draft.schema.json',
    ...z.toJSONSchema(CatalogueDraft, { io: 'input', unrepresentable: 'any' }),
  };
}
