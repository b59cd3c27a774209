import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import { computeInsights } from './insights.js';
import { INSIGHTS_CSP, INSIGHTS_HTML, INSIGHTS_SCRIPT, INSIGHTS_STYLES } from './insights-page.js';
import type { PipelineMetrics } from './metrics.js';

export interface TelemetryRoutesOptions {
  pool: pg.Pool;
  metrics: PipelineMetrics;
  /** GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>` when set; open otherwise. */
  metricsToken?: string;
  /** The insights page's data needs `Authorization: Bearer <SIDEBAR_TOKEN>`; without it the page is off. */
  insightsToken?: string;
}

function bearerMatches(req: Request, token: string): boolean {
  const got = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
  const a = Buffer.from(got);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

let chartJs: Buffer | null = null;
/** Chart.js's UMD build, straight from node_modules (served locally: the page loads nothing from a CDN). */
function chartBundle(): Buffer {
  chartJs ??= readFileSync(join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js'));
  return chartJs;
}

const insightsQuery = z.object({ days: z.coerce.number({ error: 'days must be a number' }).int().min(1, 'days must be at least 1').max(366, 'days must be at most 366').default(30) });

/**
 * GET /metrics and the insights page (GET /insights and its assets and data). The webhook outcome counter is kept by
 * the webhook itself (ingress/webhook.ts `countOutcome`), which answers without express.
 */
export function telemetryRouter(o: TelemetryRoutesOptions): Router {
  const router = express.Router();

  router.get('/metrics', async (req, res) => {
    if (o.metricsToken && !bearerMatches(req, o.metricsToken)) {
      res.status(401).json({ error: 'missing or wrong Authorization: Bearer <METRICS_TOKEN>' });
      return;
    }
    res.type(o.metrics.registry.contentType).send(await o.metrics.registry.metrics());
  });

  const insightsOff = (res: Response) => res.status(404).json({ error: 'the insights page is off: set SIDEBAR_TOKEN' });
  const page = (type: string, content: string | Buffer, csp = false) => (_req: Request, res: Response) => {
    if (!o.insightsToken) return void insightsOff(res);
    res.set('Cache-Control', type === 'html' ? 'no-store' : 'public, max-age=3600');
    res.set('X-Content-Type-Options', 'nosniff');
    if (csp) res.set('Content-Security-Policy', INSIGHTS_CSP);
    res.type(type).send(content);
  };
  router.get('/insights', page('html', INSIGHTS_HTML, true));
  router.get('/insights/app.js', page('js', INSIGHTS_SCRIPT));
  router.get('/insights/app.css', page('css', INSIGHTS_STYLES));
  router.get('/insights/chart.umd.min.js', (req, res) => page('js', chartBundle())(req, res));
  router.get('/insights/data', async (req, res) => {
    if (!o.insightsToken) return void insightsOff(res);
    if (!bearerMatches(req, o.insightsToken)) {
      res.status(401).json({ error: 'missing or wrong Authorization: Bearer <SIDEBAR_TOKEN>' });
      return;
    }
    const q = insightsQuery.safeParse(req.query);
    if (!q.success) {
      res.status(400).json({ error: q.error.issues[0]?.message ?? 'bad query' });
      return;
    }
    res.set('Cache-Control', 'no-store');
    res.json(await computeInsights(o.pool, q.data.days));
  });
  return router;
}
