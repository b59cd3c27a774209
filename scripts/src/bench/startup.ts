/**
 * The start-up baseline: plain `node` running a minimal http server that answers /health, spawned and polled
 * exactly like the pipeline (spawn → first 200), so the ratio shows what the pipeline adds on this machine.
 * The median of three spawns (the machine is shared; one sample is noise).
 */
import { spawn } from 'node:child_process';
import { pollUntilOk } from '../../../testkit/child-pipeline.js';
import { freePort } from '../../../testkit/postgres.js';

const SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`;

async function once(): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', SERVER], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  try {
    const deadline = Date.now() + 30_000;
    if (!(await pollUntilOk(`http://127.0.0.1:${port}/health`, () => Date.now() > deadline))) throw new Error('the bare node server did not start');
    return Math.round(performance.now() - started);
  } finally {
    child.kill('SIGKILL');
  }
}

export async function measureBareNodeStartup(): Promise<number> {
  const samples = [await once(), await once(), await once()].sort((a, b) => a - b);
  return samples[1]!;
}
