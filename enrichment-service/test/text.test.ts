import { describe, expect, it } from 'vitest';
import { truncateText } from '../src/text.js';

describe('truncateText', () => {
  it('never cuts an emoji in half (no lone surrogate)', () => {
    const title = `${'x'.repeat(298)}😀😀😀`; // the first emoji occupies units 298-299
    const out = truncateText(title, 300);
    expect(out).toBe(`${'x'.repeat(298)}…`);
    expect(out).not.toMatch(/[\uD800-\uDFFF]/);
    expect(out.length).toBeLessThanOrEqual(300);
  });

  it('keeps short text and cuts plain text at max-1 plus an ellipsis', () => {
    expect(truncateText('short', 300)).toBe('short');
    expect(truncateText('x'.repeat(5000), 300)).toBe(`${'x'.repeat(299)}…`);
    expect(truncateText('a😀b', 3)).toBe('a…');
  });
});
