import { describe, expect, it } from 'vitest';
import { draftLanguageMismatch, unsupportedReferences } from './draft-check.js';

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

describe('draftLanguageMismatch', () => {
  it('names the language of a draft written in another language than asked', () => {
    const english = 'Hello Kim, thank you for your message. We are looking into the crash when exporting and will get back to you soon.';
    expect(draftLanguageMismatch(english, 'de')).toBe('en');
  });

  it('accepts a draft in the asked language, and cannot tell for unknown or very short text', () => {
    const german = 'Hallo Kim, vielen Dank für Ihre Nachricht. Bitte öffnen Sie Settings > Restore Purchases in der App, dann melden wir uns.';
    expect(draftLanguageMismatch(german, 'de')).toBeNull();
    expect(draftLanguageMismatch(german, 'unknown')).toBeNull();
    expect(draftLanguageMismatch('Thanks!', 'de')).toBeNull();
  });
});
