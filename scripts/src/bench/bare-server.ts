/**
 * The baselines for the webhook bench, each run as its own process:
 * `PORT=… node --import tsx scripts/src/bench/bare-server.ts` — a bare express app that reads the body and answers 200,
 * nothing else (the baseline);
 * `PORT=… BARE_FRAMEWORK=none node --import tsx scripts/src/bench/bare-server.ts` — the same with Node's own http server
 * and no framework: the fastest any server can answer this load on this machine (the floor under every latency figure).
 */
import { createServer } from 'node:http';
import express from 'express';

const OK = '{"status":"ok"}';
const port = Number(process.env.PORT);

if (process.env.BARE_FRAMEWORK === 'none') {
  createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': OK.length });
      res.end(OK);
    });
  }).listen(port, '127.0.0.1');
} else {
  const app = express();
  app.disable('x-powered-by');
  app.post('/webhook', express.raw({ type: () => true, limit: '1mb' }), (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.listen(port, '127.0.0.1');
}
// A normal exit on SIGTERM, so `--cpu-prof` (npm run bench -- --cpu-prof DIR) writes its profile.
process.on('SIGTERM', () => process.exit(0));
