/**
 * One paced round in a process of its own (bench/paced.ts `pacedRoundInChild`): reads a PacedSpec as JSON on stdin,
 * signs all the round's webhooks before the first is due, sends them with `pacedLoad`, and writes the PacedRun as JSON
 * on stdout. A small, fresh heap: the bench's own process holds every saturating round's results by then, and its
 * garbage collection pauses landed in the measured latencies (one 19.5 ms major GC in a pipeline round).
 */
import { text } from 'node:stream/consumers';
import { pacedLoad, pacedSpec, toWire } from './paced.js';
import { signedWebhook } from './signed-webhook.js';

const spec = pacedSpec.parse(JSON.parse(await text(process.stdin)));
const total = Math.round(spec.rate * spec.durationSeconds);
const requests = Array.from({ length: total }, (_, i) => signedWebhook(spec.secret, spec.template, spec.firstId + i));
let next = 0;
const run = await pacedLoad(spec.port, () => requests[next++]!, spec);
process.stdout.write(JSON.stringify(toWire(run)));
