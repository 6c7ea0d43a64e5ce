import { readFileSync } from 'node:fs';
import { catalogueJsonSchema, draftJsonSchema } from '../../src/model/jsonSchema.js';

const committed = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../schema/${file}`, import.meta.url), 'utf8')) as unknown;

describe('exported JSON Schema', () => {
  it('schema/catalogue.schema.json is the one generated from the zod model (run `npm run schema`)', () => {
    expect(committed('catalogue.schema.json')).toEqual(catalogueJsonSchema());
  });

  it('schema/draft.schema.json is the one generated from the zod model (run `npm run schema`)', () => {
    const schema = committed('draft.schema.json') as {
      $defs: { CatalogueDraft: { properties: Record<string, unknown> } };
    };
    expect(schema).toEqual(draftJsonSchema());
    expect(Object.keys(schema.$defs.CatalogueDraft.properties)).toEqual(
      expect.arrayContaining(['credentials', 'recognitions', 'remove']),
    );
  });
});
