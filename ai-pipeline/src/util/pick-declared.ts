import { z } from 'zod';

/** Copies the part of a value a schema declares (see `declaredPicker`). */
export type Picker = (value: unknown) => unknown;

const identity: Picker = (value) => value;
const pickers = new WeakMap<z.ZodType, Picker>();

/**
 * A function giving `value` with only the fields `schema` declares, at every depth (objects inside optional, nullable
 * and array schemas too); any other value as it is. For keeping the part of a payload the pipeline reads, with the
 * schema as the one list. The schema is walked once, here, not on every call (the webhook's copy of each new ticket).
 */
export function declaredPicker(schema: z.ZodType): Picker {
  const known = pickers.get(schema);
  if (known) return known;
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  let compiled: Picker = identity;
  // A schema that contains itself finds this entry while its fields are compiled.
  pickers.set(schema, (value) => compiled(value));
  if (s instanceof z.ZodObject) {
    const fields = Object.entries(s.shape as Record<string, z.ZodType>).map(([key, field]) => [key, declaredPicker(field)] as const);
    compiled = (value) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, pick] of fields) {
        if (Object.hasOwn(value, key)) out[key] = pick((value as Record<string, unknown>)[key]);
      }
      return out;
    };
  } else if (s instanceof z.ZodArray) {
    const element = declaredPicker(s.element as z.ZodType);
    compiled = (value) => (Array.isArray(value) ? value.map((v: unknown) => element(v)) : value);
  }
  pickers.set(schema, compiled);
  return compiled;
}

/** `value` with only the fields `schema` declares, at every depth; any other value as it is (see `declaredPicker`). */
export function pickDeclared(schema: z.ZodType, value: unknown): unknown {
  return declaredPicker(schema)(value);
}
