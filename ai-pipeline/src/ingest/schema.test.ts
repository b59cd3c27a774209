import { describe, expect, it } from 'vitest';
import { describeIssue, ingestTicketSchema } from './schema.js';

const ticket = { external_id: 'T-1', source: 'shop', email: 'a@example.com', body: 'Hallo' };
const problem = (body: Record<string, unknown>) => {
  const r = ingestTicketSchema.safeParse(body);
  if (r.success) throw new Error('expected a problem');
  return describeIssue(r.error);
};

describe('describeIssue for unknown fields', () => {
  it('names one or a few unknown fields as they are', () => {
    expect(problem({ ...ticket, priority: 'urgent' })).toBe('(body): unknown field "priority" (see docs/ingest.openapi.yaml)');
    expect(problem({ ...ticket, a: 1, b: 2 })).toBe('(body): unknown fields "a", "b" (see docs/ingest.openapi.yaml)');
  });

  it('shows at most 5 keys, each cut at 40 characters, and counts the rest', () => {
    const long = 'k'.repeat(5000);
    const extra = Object.fromEntries([long, ...Array.from({ length: 999 }, (_, i) => `field_${i}`)].map((k) => [k, 1]));
    const text = problem({ ...ticket, ...extra });
    expect(text).toBe(`(body): unknown fields "${'k'.repeat(40)}…", "field_0", "field_1", "field_2", "field_3" and 995 more (see docs/ingest.openapi.yaml)`);
    expect(text).not.toContain('k'.repeat(41));
    expect(text).not.toContain('field_4');
  });
});
