import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { pino } from 'pino';
import { parseConfig as parseEnrichmentConfig } from '../../enrichment-service/src/config.js';
import { createApp as createEnrichmentApp } from '../../enrichment-service/src/server.js';
import { createSources } from '../../enrichment-service/src/sources/index.js';

/** One row of the small fake product database the real enrichment service reads. */
export interface ProductCustomer {
  email: string;
  plan: string;
  createdAt: Date;
  country?: string;
}

/** The real enrichment service, in process, on loopback. */
export interface EnrichmentService {
  url: string;
  token: string;
  close(): Promise<void>;
}

/** Creates the `users` table the enrichment service's account source reads, with `customers` in it. */
export async function seedProductDatabase(url: string, customers: readonly ProductCustomer[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE users (email text PRIMARY KEY, plan text NOT NULL, created_at timestamptz NOT NULL, country text)');
    for (const c of customers) {
      await client.query('INSERT INTO users VALUES ($1, $2, $3, $4)', [c.email.toLowerCase(), c.plan, c.createdAt, c.country ?? null]);
    }
  } finally {
    await client.end();
  }
}

/** Starts the real enrichment service (account data from `productDbUrl`; Sentry and PostHog not configured). */
export async function startEnrichmentService(productDbUrl: string, token: string): Promise<EnrichmentService> {
  const parsed = parseEnrichmentConfig({ ENRICHMENT_TOKEN: token, INTERNAL_DB_URL: productDbUrl, LOG_LEVEL: 'silent', SOURCE_TIMEOUT_MS: '2000' });
  if (!parsed.ok) throw new Error(`enrichment config: ${parsed.errors.join('; ')}`);
  const logger = pino({ level: 'silent' });
  const { sources, close } = createSources(parsed.config, logger);
  const app = createEnrichmentApp({ token, sources, sourceTimeoutMs: parsed.config.sourceTimeoutMs, cacheTtlSeconds: 60, logger });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await close();
    },
  };
}
