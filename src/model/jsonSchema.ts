import { z } from 'zod';
import { CatalogueDocumentSchema } from './document.js';

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
