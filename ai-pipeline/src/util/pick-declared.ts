import { z } from 'zod';

/**
 * `value` with only the fields `schema` declares, at every depth (objects inside optional, nullable and array schemas
 * too); any other value as it is. For keeping the part of a payload the pipeline reads, with the schema as the one list.
 */
export function pickDeclared(schema: z.ZodType, value: unknown): unknown {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  if (s instanceof z.ZodObject && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(s.shape as Record<string, z.ZodType>)) {
      if (Object.hasOwn(value, key)) out[key] = pickDeclared(field, (value as Record<string, unknown>)[key]);
    }
    return out;
  }
  if (s instanceof z.ZodArray && Array.isArray(value)) return value.map((v) => pickDeclared(s.element as z.ZodType, v));
  return value;
}
