/**
 * The start-up baseline: plain `node` running a minimal http server that answers /health, spawned and polled
 * exactly like the pipeline (spawn → first 200), so the ratio shows what the pipeline adds on this machine.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../../testkit/postgres.js';

const SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`;

export async function measureBareNodeStartup(): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', SERVER], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  try {
    for (let i = 0; i < 3000; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return Math.round(performance.now() - started);
      } catch {
        await sleep(10);
      }
    }
    throw new Error('the bare node server did not start');
  } finally {
    child.kill('SIGKILL');
  }
}
