import { describe, expect, it } from 'vitest';
import { cannotTellCategoriesApart, categoriesWithoutExamples } from './categories.js';

describe('cannotTellCategoriesApart (the offline model, start-up and eval ask this one function)', () => {
  const configured = ['shipping', 'return', 'warranty-claim', 'other'];
  const apart = (labels: string[]) => cannotTellCategoriesApart(configured, categoriesWithoutExamples(configured, labels.map((category) => ({ category }))));

  it('is true with examples for fewer than two configured categories', () => {
    expect(apart([])).toBe(true);
    expect(apart(['other', 'other'])).toBe(true);
    // Examples of a category that is not configured (the sample tickets' bug-report) do not count.
    expect(apart(['other', 'bug-report', 'refund-request'])).toBe(true);
  });

  it('is false once two configured categories have examples', () => {
    expect(apart(['other', 'shipping'])).toBe(false);
    expect(apart(configured)).toBe(false);
  });
});
