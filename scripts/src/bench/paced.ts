import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { RoundFigures } from './rounds.js';

/** One request of a paced run: its conversation id (to check the answer against the jobs table), body and headers. */
export interface PacedRequest {
  id: number;
  body: string;
  headers: Record<string, string>;
}

export interface PacedRun {
  sent: number;
  /** Conversation id → HTTP status of the answer. */
  answered: Map<number, number>;
  errors: number;
  figures: RoundFigures;
  /** Every answered request's latency in ms, ascending (to pool several rounds). */
  latencies: number[];
}

/** Several paced rounds of one side as one: p50/p99 over all their requests pooled, and the per-round p99 range. */
export function poolRounds(runs: readonly PacedRun[]): RoundFigures & { rounds: number; latencyP99MsRange: [number, number] } {
  const all = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const p99s = runs.map((r) => r.figures.latencyP99Ms);
  return {
    rounds: runs.length,
    requestsPerSecond: Math.round(runs.reduce((a, r) => a + r.figures.requestsPerSecond, 0) / Math.max(runs.length, 1)),
    latencyP50Ms: quantile(all, 0.5),
    latencyP99Ms: quantile(all, 0.99),
    latencyP99MsRange: [Math.min(...p99s), Math.max(...p99s)],
  };
}

/** The value at quantile q (0..1) of ascending `sorted`, rounded to 0.1 ms; 0 when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const v = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return Math.round(v * 10) / 10;
}

/**
 * POSTs `rate` webhooks per second to /webhook, evenly spaced (one every 1000/rate ms; autocannon's rate limit sends
 * each second's requests as one burst, which measures queueing, not the webhook), over at most `connections` keep-alive
 * sockets, for `durationSeconds`. Each latency runs from the request's scheduled time, so a send delayed by a slow
 * server counts against it (no coordinated omission).
 */
export async function pacedLoad(
  port: number,
  next: () => PacedRequest,
  options: { rate: number; connections: number; durationSeconds: number },
): Promise<PacedRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const answered = new Map<number, number>();
  let errors = 0;
  let sent = 0;
  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.durationSeconds);
  const pending: Array<Promise<void>> = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    const { id, body, headers } = next();
    sent++;
    pending.push(
      new Promise<void>((done) => {
        const req = request(
          { host: '127.0.0.1', port, method: 'POST', path: '/webhook', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(performance.now() - due);
              answered.set(id, res.statusCode ?? 0);
              done();
            });
          },
        );
        req.on('error', () => {
          errors++;
          done();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent,
    answered,
    errors,
    figures: { requestsPerSecond: Math.round(answered.size / Math.max(seconds, 0.001)), latencyP50Ms: quantile(latencies, 0.5), latencyP99Ms: quantile(latencies, 0.99) },
    latencies,
  };
}

/** What a paced round in its own process needs: the server, the webhook to sign and number from firstId, the pace. */
export const pacedSpec = z.object({
  port: z.number().int().positive(),
  secret: z.string(),
  template: z.record(z.string(), z.unknown()),
  firstId: z.number().int(),
  rate: z.number().positive(),
  connections: z.number().int().positive(),
  durationSeconds: z.number().positive(),
});
export type PacedSpec = z.infer<typeof pacedSpec>;

/** A PacedRun as the child writes it (JSON has no Map). */
const pacedRunWire = z.object({
  sent: z.number().int(),
  answered: z.array(z.tuple([z.number(), z.number()])),
  errors: z.number().int(),
  figures: z.object({ requestsPerSecond: z.number(), latencyP50Ms: z.number(), latencyP99Ms: z.number() }),
  latencies: z.array(z.number()),
});

export function toWire(run: PacedRun): z.infer<typeof pacedRunWire> {
  return { ...run, answered: [...run.answered] };
}

/**
 * One paced round sent by a fresh child process (bench/paced-child.ts) rather than by the bench's own: the load
 * generator's pauses count against whichever server it measures, and the bench process's heap is large by then.
 */
export async function pacedRoundInChild(spec: PacedSpec): Promise<PacedRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'paced-child.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  child.stdin.end(JSON.stringify(spec));
  const code = await exited;
  if (code !== 0) throw new Error(`the paced load process exited with ${code}`);
  const wire = pacedRunWire.parse(JSON.parse(out));
  return { ...wire, answered: new Map(wire.answered) };
}
