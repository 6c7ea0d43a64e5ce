// Writes schema/catalogue.schema.json and schema/draft.schema.json from the zod model
// (`npm run schema`).
import { writeFileSync } from 'node:fs';
import { catalogueJsonSchema, draftJsonSchema } from '../src/model/jsonSchema.js';

for (const [file, schema] of [
  ['catalogue.schema.json', catalogueJsonSchema()],
  ['draft.schema.json', draftJsonSchema()],
] as const) {
  const target = new URL(`../schema/${file}`, import.meta.url);
  writeFileSync(target, JSON.stringify(schema, null, 2) + '\n');
  console.log(`wrote ${target.pathname}`);
}
