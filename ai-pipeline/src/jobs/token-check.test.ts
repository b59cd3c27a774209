import { describe, expect, it } from 'vitest';
import { ChatwootApiError } from '../chatwoot/http.js';
import { TokenCheck } from './token-check.js';

const refused = () => Promise.reject(new ChatwootApiError('getProfile', 401, 'Invalid Access Token', false));

describe('TokenCheck', () => {
  it('one probe for the askers within the minute, then a fresh one; a refusal is reported once per probe', async () => {
    let t = 0;
    let probes = 0;
    const reported: unknown[] = [];
    const check = new TokenCheck(
      () => {
        probes += 1;
        return refused();
      },
      { now: () => t, onRefused: (e) => reported.push(e) },
    );
    expect(await Promise.all([check.verdict(), check.verdict(), check.verdict()])).toEqual(['refused', 'refused', 'refused']);
    t = 59_999;
    expect(await check.verdict()).toBe('refused');
    expect(probes).toBe(1);
    t = 60_000;
    expect(await check.verdict()).toBe('refused');
    expect(probes).toBe(2);
    expect(reported).toHaveLength(2);
  });

  it("keeps an 'accepted' only 5 s: a token revoked just after it is seen as refused within seconds, not a minute", async () => {
    let t = 0;
    let answer: () => Promise<unknown> = () => Promise.resolve({ id: 1 });
    const check = new TokenCheck(() => answer(), { now: () => t });
    expect(await check.verdict()).toBe('accepted');
    answer = refused;
    t = 4_999;
    expect(await check.verdict()).toBe('accepted');
    t = 5_000;
    expect(await check.verdict()).toBe('refused');
    answer = () => Promise.resolve({ id: 1 });
    t = 30_000;
    expect(await check.verdict()).toBe('refused'); // a refusal is kept the whole minute
  });

  it('accepted, refused (401/403) or unknown (no answer, 5xx); forget() drops the kept answer', async () => {
    expect(await new TokenCheck(() => Promise.resolve({ id: 1 })).verdict()).toBe('accepted');
    expect(await new TokenCheck(() => Promise.reject(new ChatwootApiError('getProfile', 403, 'Forbidden', false))).verdict()).toBe('refused');
    expect(await new TokenCheck(() => Promise.reject(new ChatwootApiError('getProfile', null, 'ECONNREFUSED', true))).verdict()).toBe('unknown');
    expect(await new TokenCheck(() => Promise.reject(new ChatwootApiError('getProfile', 502, 'Bad Gateway', true))).verdict()).toBe('unknown');
    let answer: () => Promise<unknown> = refused;
    const check = new TokenCheck(() => answer());
    expect(await check.verdict()).toBe('refused');
    answer = () => Promise.resolve({ id: 1 });
    expect(await check.verdict()).toBe('refused');
    check.forget();
    expect(await check.verdict()).toBe('accepted');
  });
});
