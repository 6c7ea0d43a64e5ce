// Writes schema/catalogue.schema.json from the zod model (`npm run schema`).
import { writeFileSync } from 'node:fs';
import { catalogueJsonSchema } from '../src/model/jsonSchema.js';

const target = new URL('../schema/catalogue.schema.json', import.meta.url);
writeFileSync(target, JSON.stringify(catalogueJsonSchema(), null, 2) + '\n');
console.log(`wrote ${target.pathname}`);
