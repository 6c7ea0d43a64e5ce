import { readFileSync } from 'node:fs';
import { catalogueJsonSchema } from '../../src/model/jsonSchema.js';

describe('exported JSON Schema', () => {
  it('schema/catalogue.schema.json is the one generated from the zod model (run `npm run schema`)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../schema/catalogue.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(catalogueJsonSchema());
  });
});
