import { z } from 'zod';
import { numberText } from '../../src/model/index.js';

describe('numberText', () => {
  const Level = numberText(z.number().int().min(0).max(10).optional());

  test.each([
    ['3', 3],
    [' 7 ', 7],
    ['0', 0],
    [undefined, undefined],
    [4, 4],
  ])('reads %j as %j', (text, value) => {
    expect(Level.parse(text)).toBe(value);
  });

  test.each(['', '   ', 'two', '1.5', '11', '-1'])('refuses %j', (text) => {
    expect(Level.safeParse(text).success).toBe(false);
  });

  test('a default still applies when the value is absent', () => {
    expect(numberText(z.number().default(50)).parse(undefined)).toBe(50);
  });

  test('is documented as the number it wraps, not as text', () => {
    const schema = z.toJSONSchema(Level, { io: 'input' });
    expect(schema).toMatchObject({ type: 'integer', minimum: 0, maximum: 10 });
  });
});
