/**
 * The offline model's own thread (started by model/offline-thread.ts): reads the tickets named in `workerData`, trains
 * on them (at once with `trainNow`, else at the first analysis), and answers analyze/draft requests. Its classifying and drafting (a few ms of CPU per ticket, tens of ms for a long
 * one) and its training at start-up run here, not on the event loop that answers webhooks; its heap is collected apart.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadOfflineProvider, type OfflineProvider } from './index.js';
import type { OfflineThreadData, OfflineThreadReply, OfflineThreadRequest } from './thread-protocol.js';

const port = parentPort;
if (!port) throw new Error('thread-entry.ts runs as a worker thread (model/offline-thread.ts starts it)');

const data = workerData as OfflineThreadData;
let ready: Promise<OfflineProvider> | null = null;
/** The model; a failed load (the tickets gone since start-up) is answered to the request and tried again at the next. */
const provider = (): Promise<OfflineProvider> =>
  (ready ??= loadOfflineProvider(data.paths, { categories: data.categories, sensitive: data.sensitive, trainNow: data.trainNow }).catch((e: unknown) => {
    ready = null;
    throw e;
  }));
// Reading the tickets (and training, with trainNow) starts with the thread, before the first request.
provider().catch(() => undefined);

async function answer(request: OfflineThreadRequest): Promise<OfflineThreadReply> {
  try {
    const model = await provider();
    const value = request.method === 'analyze' ? await model.analyze(request.input) : await model.draft(request.input);
    return { id: request.id, ok: true, value };
  } catch (e) {
    return { id: request.id, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

port.on('message', (request: OfflineThreadRequest) => {
  void answer(request).then((reply) => port.postMessage(reply));
});
