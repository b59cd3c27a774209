import { describe, expect, it } from 'vitest';
import { describeDatabaseStartError } from './database-error.js';

const url = 'postgres://triage:s3cr%40t-pass@db.internal:6543/chatwoot';

describe('describeDatabaseStartError', () => {
  it('names DATABASE_URL, where it points and what to fix, never the password', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:6543'), { code: 'ECONNREFUSED' });
    const text = describeDatabaseStartError(refused, url);
    expect(text).toBe(
      'the database at DATABASE_URL (host db.internal:6543, database "chatwoot", user "triage"): nothing listens there: start Postgres or correct the host and port in DATABASE_URL (ECONNREFUSED)',
    );
    for (const code of ['28P01', '3D000', 'ENOTFOUND']) {
      const t = describeDatabaseStartError(Object.assign(new Error('x'), { code }), url);
      expect(t).toMatch(/DATABASE_URL/);
      expect(t).not.toMatch(/s3cr|pass@/);
    }
    expect(describeDatabaseStartError(Object.assign(new Error('password authentication failed for user "triage"'), { code: '28P01' }), url)).toContain(
      'the password of user "triage" was rejected: correct the password in DATABASE_URL',
    );
  });

  it('keeps an unknown error short and still names the variable', () => {
    expect(describeDatabaseStartError(new Error('Connection terminated due to connection timeout'), url)).toMatch(/^the database at DATABASE_URL .* no answer in time/);
    expect(describeDatabaseStartError(Object.assign(new Error('too many clients already'), { code: '53300' }), url)).toMatch(/DATABASE_URL .*too many clients already \(53300\)$/);
  });
});
