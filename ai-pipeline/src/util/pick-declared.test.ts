import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { declaredPicker, pickDeclared } from './pick-declared.js';

const schema = z.looseObject({
  id: z.number(),
  meta: z.looseObject({ sender: z.looseObject({ id: z.number(), email: z.string().nullish() }).nullish() }).nullish(),
  messages: z.array(z.looseObject({ id: z.number(), content_attributes: z.unknown().optional() })).nullish(),
  tags: z.record(z.string(), z.unknown()).nullish(),
});

describe('pickDeclared', () => {
  it('keeps the declared fields at every depth and drops the rest', () => {
    const value = {
      id: 1,
      token: 'secret',
      meta: { sender: { id: 2, email: 'a@example.com', pubsub_token: 'secret' }, channel: 'email' },
      messages: [{ id: 3, conversation: { contact_inbox: { pubsub_token: 'secret' } }, content_attributes: { email: { subject: 'Hi' } } }],
      tags: { any: { nested: true } },
    };
    expect(pickDeclared(schema, value)).toEqual({
      id: 1,
      meta: { sender: { id: 2, email: 'a@example.com' } },
      messages: [{ id: 3, content_attributes: { email: { subject: 'Hi' } } }],
      tags: { any: { nested: true } },
    });
  });

  it('leaves out a declared field that is absent, and keeps null and values of another shape as they are', () => {
    expect(pickDeclared(schema, { meta: null, messages: 'x' })).toEqual({ meta: null, messages: 'x' });
    expect(Object.keys(pickDeclared(schema, { id: 1 }) as object)).toEqual(['id']);
    expect(pickDeclared(schema, 'not an object')).toBe('not an object');
  });

  it('walks the schema once per schema (the same function back), a schema that contains itself too', () => {
    expect(declaredPicker(schema)).toBe(declaredPicker(schema));
    interface Node {
      id: number;
      children?: Node[] | null;
    }
    const node: z.ZodType<Node> = z.looseObject({
      id: z.number(),
      get children() {
        return z.array(node).nullish();
      },
    });
    const tree = { id: 1, extra: 'x', children: [{ id: 2, extra: 'y', children: [{ id: 3, extra: 'z' }] }, { id: 4, children: null }] };
    expect(pickDeclared(node, tree)).toEqual({ id: 1, children: [{ id: 2, children: [{ id: 3 }] }, { id: 4, children: null }] });
  });
});
