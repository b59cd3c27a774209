import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('enrichment-service on an ENRICHMENT_PORT that is taken', () => {
  it('never logs "listening"; it names ENRICHMENT_PORT, says what to do and exits 1', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ENRICHMENT_TOKEN: 'enrich-token-0123456789', ENRICHMENT_PORT: String(port) },
        cwd: fileURLToPath(new URL('.', import.meta.url)),
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      expect(code).toBe(1);
      expect(out).not.toContain('enrichment-service listening');
      expect(out).toContain(`cannot listen on ENRICHMENT_PORT=${port}: it is already in use by another process`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 30_000);
});
