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

describe('describeDatabaseStartError with a password that splits the URL', () => {
  // An unencoded / ? # in the password ends the user-info early: what follows lands in the path, query or fragment.
  const cases = [
    ['postgres://triage:/s3cret@db/x', 's3cret'],
    ['postgres://u:1234/abc@db/x', '1234'],
    ['postgres://u:1234?abc@db/x', '1234'],
    ['postgres://u:12#ab@db/x', '12'],
    ['postgres://triage:?s3cret@db.internal/chatwoot', 's3cret'],
  ] as const;
  const errors = [
    Object.assign(new Error('getaddrinfo ENOTFOUND triage'), { code: 'ENOTFOUND' }),
    Object.assign(new Error('database "s3cret@db/x" does not exist'), { code: '3D000' }),
    Object.assign(new Error('password authentication failed for user ""'), { code: '28P01' }),
    Object.assign(new Error('server at 1234 said no: s3cret@db abc@db ab@db'), { code: 'XX000' }),
    new Error('Connection terminated due to connection timeout'),
  ];

  it('shows no part of the URL, only that it does not parse as intended and what to encode', () => {
    for (const [bad, secret] of cases) {
      for (const err of errors) {
        const text = describeDatabaseStartError(err, bad);
        expect(text).toMatch(/^the database at DATABASE_URL \(it does not parse as intended: percent-encode \/ \? # @ : in the password/);
        expect(text).not.toContain(secret);
        for (const piece of ['abc', 'ab@', '@db', 'triage', '(host', 'database "', 'user "']) expect(text).not.toContain(piece);
      }
    }
  });

  it('names the database only when it is a plain name', () => {
    const text = describeDatabaseStartError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'postgres://u:p@db/we%20ird');
    expect(text).toContain('(host db:5432, user "u")');
    expect(text).not.toContain('we ird');
    expect(describeDatabaseStartError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'postgres://u:p@db/chat_woot-1.x')).toContain(
      'database "chat_woot-1.x"',
    );
  });
});
