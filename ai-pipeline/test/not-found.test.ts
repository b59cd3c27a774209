import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createServer } from '../src/server.js';

const readiness = { report: async () => ({ ready: true }) as never, database: async () => 'ok' as const };
/** The web side (a webhook configured; its options do not matter here), with or without the sidebar router. */
const app = (sidebar?: express.Router) =>
  createServer({ readiness, logger: pino({ level: 'silent' }), webhook: { maxBodyBytes: 1024 } as never, ...(sidebar ? { sidebar } : {}) });

describe('404 answers of an optional feature say how to turn it on', () => {
  it('POST /ingest when ingest is off names INGEST_TOKEN and INGEST_INBOX_ID', async () => {
    const web = app();
    for (const path of ['/ingest', '/ingest/zendesk/ZD-1/messages']) {
      const res = await request(web).post(path).send({});
      expect(res.status).toBe(404);
      expect(res.body.error).toBe(
        'not found: the ingest API is POST /ingest and POST /ingest/{source}/{external_id}/messages, and is on only when INGEST_TOKEN and INGEST_INBOX_ID are set',
      );
    }
  });

  it('GET /sidebar when SIDEBAR_TOKEN is unset says so; with it, an unknown sidebar path lists the sidebar routes', async () => {
    const off = await request(app()).get('/sidebar/context?conversation_id=1');
    expect([off.status, off.body.error]).toEqual([404, 'the sidebar is off: set SIDEBAR_TOKEN (16+ characters; scripts/bootstrap-chatwoot registers the dashboard app with it)']);
    const on = await request(app(express.Router())).get('/sidebar/other');
    expect(on.body.error).toBe('not found: the sidebar is GET /sidebar and GET /sidebar/context?conversation_id=N');
  });

  it('any other path keeps the general answer', async () => {
    const res = await request(app()).get('/nope');
    expect([res.status, res.body.error]).toEqual([404, 'not found: the webhook is POST /webhook, liveness GET /health, readiness GET /ready']);
  });
});
