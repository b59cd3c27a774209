import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Category } from '../triage/categories.js';
import { TranslationUnavailableError } from './errors.js';
import type { OfflineProvider } from './offline/index.js';
import { OFFLINE_MODEL_ID } from './offline/model-id.js';
import type { OfflineThreadData, OfflineThreadReply, OfflineThreadRequest } from './offline/thread-protocol.js';
import type { Analysis, DraftResult, ModelResult } from './provider.js';

/** The offline model answering from a thread of its own, plus a way to end that thread. */
export type ThreadedOfflineProvider = OfflineProvider & { close(): Promise<void> };

type Pending = { resolve: (value: OfflineThreadReply) => void; reject: (e: Error) => void };

/** A started thread and the requests it holds. */
interface Running {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Starts `offline/thread-entry` in a worker thread. The built service (`.js`) runs it as is; from the TypeScript
 * sources (tests, `tsx` scripts) the thread first registers tsx's loader, as the process that started it did.
 */
function startThread(data: OfflineThreadData): Worker {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new Worker(new URL('./offline/thread-entry.js', here), { workerData: data });
  const tsx = tsxEsmApi(here);
  const entry = new URL('./offline/thread-entry.ts', here).href;
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData: data });
}

/** tsx's ESM API module as a file URL (its `require` entry cannot register the ESM loader). */
function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, { import?: { default?: string } }> };
  const file = pkg.exports?.['./esm/api']?.import?.default;
  if (!file) throw new Error(`tsx (${manifest}) has no ESM "./esm/api" export to load the offline model's thread from TypeScript`);
  return pathToFileURL(join(dirname(manifest), file)).href;
}

/**
 * The offline model in a worker thread: it trains there at once (the webhook's event loop is free meanwhile), and each
 * analysis and draft is a message to it. A thread that dies (an uncaught error, out of memory) fails the requests it
 * held with an error naming it — the jobs are retried — and the next request starts a new one.
 */
export function offlineInThread(data: OfflineThreadData & { categoriesWithoutExamples: readonly Category[] }): ThreadedOfflineProvider {
  const { categoriesWithoutExamples, ...threadData } = data;
  let nextId = 1;
  let thread: Running | null = null;

  const start = (): Running => {
    const worker = startThread(threadData);
    // Each thread fails only the requests it was sent: a new thread's are not touched when an old one ends.
    const running: Running = { worker, pending: new Map() };
    const failAll = (e: Error): void => {
      if (thread === running) thread = null;
      for (const p of running.pending.values()) p.reject(e);
      running.pending.clear();
    };
    // The thread alone never keeps the process alive (a stopping pipeline does not wait for it).
    worker.unref();
    worker.on('message', (reply: OfflineThreadReply) => {
      const p = running.pending.get(reply.id);
      running.pending.delete(reply.id);
      p?.resolve(reply);
    });
    worker.on('error', (e) => failAll(new Error(`the offline model's thread failed: ${e.message}`, { cause: e })));
    worker.on('exit', (code) => failAll(new Error(`the offline model's thread stopped (exit code ${code})`)));
    return running;
  };
  thread = start();

  const call = async (request: Omit<OfflineThreadRequest, 'id'>): Promise<ModelResult<Analysis> | DraftResult> => {
    const id = nextId++;
    const running = (thread ??= start());
    const reply = await new Promise<OfflineThreadReply>((resolve, reject) => {
      running.pending.set(id, { resolve, reject });
      running.worker.postMessage({ ...request, id });
    });
    if (!reply.ok) throw new Error(reply.message);
    return reply.value;
  };

  return {
    kind: 'offline',
    model: OFFLINE_MODEL_ID,
    categoriesWithoutExamples,
    analyze: async (input) => (await call({ method: 'analyze', input })) as ModelResult<Analysis>,
    draft: async (input) => (await call({ method: 'draft', input })) as DraftResult,
    translate: () => Promise.reject(new TranslationUnavailableError()),
    async close() {
      const running = thread;
      thread = null;
      if (running) await running.worker.terminate();
    },
  };
}
