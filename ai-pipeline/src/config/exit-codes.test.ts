import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfiguredTriage } from '../rules/configured.js';
import { formatProblem, TriageConfigError } from '../rules/load.js';
import { EXIT_CONFIG, startFailureExitCode } from './exit-codes.js';

async function failureOf(env: { TRIAGE_CONFIG?: string; ROUTING_CONFIG?: string }): Promise<unknown> {
  try {
    await loadConfiguredTriage({ ...env, AUTO_ASSIGN_THRESHOLD: 0.8 } as never);
  } catch (e) {
    return e;
  }
  throw new Error('expected the configuration file to be rejected');
}

describe('start-up exit codes', () => {
  it('a TRIAGE_CONFIG or ROUTING_CONFIG file with a typo, or missing, exits 78 like a bad variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exit-codes-'));
    writeFileSync(join(dir, 'triage.yaml'), 'categories:\n  - name: billing\n    descripton: x\n');
    writeFileSync(join(dir, 'routing.yaml'), 'routes:\n  bug-report: { team_idd: 3 }\n');
    for (const env of [
      { TRIAGE_CONFIG: join(dir, 'triage.yaml') },
      { TRIAGE_CONFIG: join(dir, 'missing.yaml') },
      { ROUTING_CONFIG: join(dir, 'routing.yaml') },
      { ROUTING_CONFIG: join(dir, 'missing.yaml') },
    ]) {
      expect(startFailureExitCode(await failureOf(env))).toBe(EXIT_CONFIG);
    }
    expect(startFailureExitCode(new Error('TICKETS_DIR: the offline model could not load its training tickets from "x": ENOENT'))).toBe(EXIT_CONFIG);
  });

  it('a TRIAGE_CONFIG whose sla.business_hours lacks a key is the same "is required" problem and exits 78', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exit-codes-'));
    const path = join(dir, 'triage.yaml');
    writeFileSync(path, 'sla:\n  business_hours:\n    days: mon-fri\n    from: "09:00"\n    to: "18:00"\n');
    const e = await failureOf({ TRIAGE_CONFIG: path });
    expect(e).toBeInstanceOf(TriageConfigError);
    expect((e as TriageConfigError).problems.map((p) => formatProblem('triage.yaml', p))).toEqual(['triage.yaml:2: sla.business_hours.tz: is required (string)']);
    expect(startFailureExitCode(e)).toBe(EXIT_CONFIG);
  });

  it('anything else is 1', () => {
    expect(startFailureExitCode(new Error('the database at DATABASE_URL (host db:5432): nothing listens there'))).toBe(1);
    expect(startFailureExitCode(new TypeError('x is undefined'))).toBe(1);
  });
});
