/**
 * The baseline for the webhook bench: a bare express app on the same machine that reads the body and answers
 * 200, nothing else. Run as its own process: `PORT=… node --import tsx scripts/src/bench/bare-server.ts`.
 */
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.post('/webhook', express.raw({ type: () => true, limit: '1mb' }), (_req, res) => {
  res.status(200).json({ status: 'ok' });
});
app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});
app.listen(Number(process.env.PORT), '127.0.0.1');
// A normal exit on SIGTERM, so `--cpu-prof` (npm run bench -- --cpu-prof DIR) writes its profile.
process.on('SIGTERM', () => process.exit(0));
