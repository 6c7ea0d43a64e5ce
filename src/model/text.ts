import { z } from 'zod';

/**
 * A number written as text: a query parameter, a command-line value. `z.coerce.number()`
 * alone reads a blank value as 0, so `?limit=` would quietly mean "zero"; here blank is not a
 * number and is refused with the field's name. Documented as the number schema it wraps.
 */
export const numberText = <S extends z.ZodType<number | undefined, number | undefined>>(
  schema: S,
) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? Number.NaN : Number(v)) : v),
    schema,
  );
