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
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let thread: Worker | null = null;

  const failAll = (e: Error): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  const start = (): Worker => {
    const t = startThread(threadData);
    // The thread alone never keeps the process alive (a stopping pipeline does not wait for it).
    t.unref();
    t.on('message', (reply: OfflineThreadReply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      p?.resolve(reply);
    });
    t.on('error', (e) => failAll(new Error(`the offline model's thread failed: ${e.message}`, { cause: e })));
    t.on('exit', (code) => {
      if (thread === t) thread = null;
      failAll(new Error(`the offline model's thread stopped (exit code ${code})`));
    });
    return t;
  };
  thread = start();

  const call = async (request: Omit<OfflineThreadRequest, 'id'>): Promise<ModelResult<Analysis> | DraftResult> => {
    const id = nextId++;
    thread ??= start();
    const reply = await new Promise<OfflineThreadReply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      thread!.postMessage({ ...request, id });
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
      const t = thread;
      thread = null;
      if (t) await t.terminate();
    },
  };
}
