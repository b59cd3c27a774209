import { describe, expect, it } from 'vitest';
import { unsupportedReferences } from './draft-check.js';

describe('unsupportedReferences', () => {
  it('flags links and addresses that no input contains', () => {
    const draft = 'Please pay at https://refund-now.example/pay or write to billing@evil.test. See www.studyflash.example too.';
    expect(unsupportedReferences(draft, ['My card was charged twice', 'see www.studyflash.example'])).toEqual([
      'https://refund-now.example/pay',
      'billing@evil.test',
    ]);
  });

  it('accepts links and addresses that come from the inputs', () => {
    const draft = 'We looked at https://sentry.example/issues/1 and will write to anna@example.com.';
    expect(unsupportedReferences(draft, ['anna@example.com', '{"link":"https://sentry.example/issues/1"}'])).toEqual([]);
  });
});
