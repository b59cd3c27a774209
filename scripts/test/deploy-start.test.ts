import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startFakeChatwoot, type FakeChatwoot } from '../../testkit/fakes/chatwoot-server.js';
import { freePort } from '../../testkit/postgres.js';
import { main as bootstrapChatwoot } from '../src/bootstrap-chatwoot.js';

/**
 * `cp .env.example .env` plus only the values chatwoot-config/setup-notes.md asks for starts both services.
 * Both run as child processes (node --import tsx …/main.ts) reading that .env from the folder they are
 * started in; the variables docker-compose.yml sets per container (ports, in-network URLs, DATABASE_URL with
 * the pipeline's own role) come from the real environment, as under compose. Chatwoot is the testkit fake.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const TRIAGE_DB_PASSWORD = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';
const ENRICHMENT_TOKEN = 'f00dfeed0123456789abcdef01234567';

/** The values the guide asks for, step by step (the test checks the guide names each one). Step 4's
 * CHATWOOT_WEBHOOK_SECRET is written into .env by scripts/bootstrap-chatwoot --write-env, as the guide says. */
function guideValues(chatwoot: FakeChatwoot): { step1: Record<string, string>; later: Record<string, string> } {
  return {
    step1: {
      SECRET_KEY_BASE: 'b'.repeat(128),
      POSTGRES_PASSWORD: 'c0ffee0123456789',
      REDIS_PASSWORD: 'decade0123456789',
      TRIAGE_DB_PASSWORD,
      ENRICHMENT_TOKEN,
      SIDEBAR_TOKEN: 'feed0123456789abcdef0123456789ab',
      SIDEBAR_ALLOWED_ORIGIN: 'http://localhost:3000',
    },
    later: {
      CHATWOOT_API_TOKEN: chatwoot.apiToken,
      CHATWOOT_ACCOUNT_ID: String(chatwoot.accountId),
      ROUTING_CONFIG: 'chatwoot-config/routing.yaml',
    },
  };
}

/** .env.example with `values` filled into their existing lines (every key must already be there). */
function envFileFrom(values: Record<string, string>): string {
  let text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  for (const [key, value] of Object.entries(values)) {
    const line = new RegExp(`^${key}=.*$`, 'm');
    if (!line.test(text)) throw new Error(`.env.example has no ${key}= line`);
    text = text.replace(line, `${key}=${value}`);
  }
  return text;
}

interface Child {
  process: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startService(main: string, dir: string, env: Record<string, string>): Child {
  let stderr = '';
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, main)], {
    cwd: ROOT,
    // Nothing from the developer's environment but PATH/HOME: the .env in `dir` is the configuration.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, INIT_CWD: dir, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { process: child, stderr: () => stderr, exited };
}

async function getJson(url: string): Promise<{ status: number; body: unknown } | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return { status: res.status, body: await res.json() };
  } catch {
    return null;
  }
}

async function waitFor(url: string, ok: (r: { status: number; body: unknown }) => boolean, child: Child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let ended: number | null | undefined;
  void child.exited.then((c) => (ended = c));
  for (;;) {
    const r = await getJson(url);
    if (r && ok(r)) return r;
    if (ended !== undefined) throw new Error(`${url}: the service exited (${ended}): ${child.stderr()}`);
    if (Date.now() > deadline) throw new Error(`${url}: not there after ${timeoutMs} ms (last: ${JSON.stringify(r)})`);
    await sleep(200);
  }
}

async function stop(child: Child | undefined): Promise<void> {
  if (!child || child.process.exitCode !== null) return;
  child.process.kill('SIGTERM');
  await Promise.race([child.exited, sleep(10_000).then(() => child.process.kill('SIGKILL'))]);
}

let chatwoot: FakeChatwoot;
let triageDbUrl: string;
const children: Child[] = [];

beforeAll(async () => {
  chatwoot = await startFakeChatwoot();
  // What compose's one-shot triage-db-init does: the pipeline's own role and schema, as the superuser.
  const adminUrl = await freshDatabaseUrl('deploy');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('CREATE TABLE public.chatwoot_owned (id int); INSERT INTO public.chatwoot_owned VALUES (1)');
    await admin.query(`SET triage_init.password = '${TRIAGE_DB_PASSWORD}'`);
    await admin.query(readFileSync(join(ROOT, 'deploy/triage-db-role.sql'), 'utf8'));
    await admin.query(readFileSync(join(ROOT, 'deploy/triage-db-role.sql'), 'utf8')); // idempotent
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.username = 'triage';
  url.password = TRIAGE_DB_PASSWORD;
  triageDbUrl = url.toString();
}, 60_000);

afterAll(async () => {
  await Promise.all(children.map(stop));
  await chatwoot?.close();
});

/** `cp .env.example .env` with `values` filled in, and `cp chatwoot-config/routing.example.yaml chatwoot-config/routing.yaml`. */
function setUpFolder(values: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-start-'));
  writeFileSync(join(dir, '.env'), envFileFrom(values));
  mkdirSync(join(dir, 'chatwoot-config'));
  writeFileSync(join(dir, 'chatwoot-config/routing.yaml'), readFileSync(join(ROOT, 'chatwoot-config/routing.example.yaml')));
  return dir;
}

async function startBoth(dir: string, pipelinePort?: number) {
  pipelinePort ??= await freePort();
  const enrichmentPort = await freePort();
  // What docker-compose.yml sets per container (in-network addresses there; loopback here).
  const enrichment = startService('enrichment-service/src/main.ts', dir, { ENRICHMENT_PORT: String(enrichmentPort) });
  const pipeline = startService('ai-pipeline/src/main.ts', dir, {
    PORT: String(pipelinePort),
    CHATWOOT_BASE_URL: chatwoot.url,
    ENRICHMENT_SERVICE_URL: `http://127.0.0.1:${enrichmentPort}`,
    DATABASE_URL: triageDbUrl,
  });
  children.push(enrichment, pipeline);
  return { pipeline, enrichment, pipelineUrl: `http://127.0.0.1:${pipelinePort}`, enrichmentUrl: `http://127.0.0.1:${enrichmentPort}` };
}

describe('the shipped .env.example plus the setup guide’s values', () => {
  it('the guide asks for exactly these values', () => {
    const guide = readFileSync(join(ROOT, 'chatwoot-config/setup-notes.md'), 'utf8');
    const { step1, later } = guideValues(chatwoot);
    for (const key of [...Object.keys(step1), ...Object.keys(later), 'CHATWOOT_WEBHOOK_SECRET']) expect(guide, key).toContain(key);
    expect(guide).toContain('scripts/bootstrap-chatwoot --write-env .env');
    expect(guide).toContain('cp chatwoot-config/routing.example.yaml chatwoot-config/routing.yaml');
    // Step 1's fill-in list is the step-1 keys (plus the optional ANTHROPIC_API_KEY).
    const fillIn = /Fill in at least: ([^\n]*(?:\n#[^\n]*)*)/.exec(guide)?.[1] ?? '';
    const named = [...fillIn.matchAll(/\b([A-Z][A-Z0-9_]{3,})\b/g)].map((m) => m[1]).filter((k) => k !== 'ANTHROPIC_API_KEY');
    expect(new Set(named)).toEqual(new Set(Object.keys(step1)));
  });

  it('after step 1 both services stay up; the pipeline waits for the Chatwoot token and webhook secret', async () => {
    const { step1 } = guideValues(chatwoot);
    const s = await startBoth(setUpFolder(step1));
    expect((await waitFor(`${s.enrichmentUrl}/health`, (r) => r.status === 200, s.enrichment)).body).toEqual({ status: 'ok' });
    expect((await waitFor(`${s.pipelineUrl}/health`, (r) => r.status === 200, s.pipeline)).body).toEqual({ status: 'waiting_for_configuration' });
    const ready = await getJson(`${s.pipelineUrl}/ready`);
    expect(ready?.status).toBe(503);
    expect(ready?.body).toMatchObject({ status: 'waiting_for_configuration', missing: ['CHATWOOT_API_TOKEN', 'CHATWOOT_WEBHOOK_SECRET'] });
    const webhook = await fetch(`${s.pipelineUrl}/webhook`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(webhook.status).toBe(503);
    await sleep(500);
    expect(s.pipeline.process.exitCode).toBe(null);
    expect(s.pipeline.stderr()).toBe('');
    await Promise.all([stop(s.pipeline), stop(s.enrichment)]);
  }, 180_000);

  it('after step 4 both are ready, on the pipeline’s own database role, and triage the first email', async () => {
    const inbox = chatwoot.addInbox({ name: 'Outlook', kind: 'email', email: 'support@example.com' });
    const pipelinePort = await freePort();
    const { step1, later } = guideValues(chatwoot);
    const dir = setUpFolder({ ...step1, ...later });
    // Step 4: the bootstrap creates the routing file's teams and the webhook, and writes its secret into .env.
    const bootstrapOut: string[] = [];
    const code = await bootstrapChatwoot(
      ['--env-file', join(dir, '.env'), '--base-url', chatwoot.url, '--pipeline-url', `http://127.0.0.1:${pipelinePort}`, '--routing', join(dir, later.ROUTING_CONFIG!), '--write-env', join(dir, '.env')],
      (l) => bootstrapOut.push(l),
      (l) => bootstrapOut.push(l),
    );
    expect(code, bootstrapOut.join('\n')).toBe(0);
    expect(chatwoot.state.teams.map((t) => t.name)).toEqual(['billing', 'bugs', 'questions']);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toContain(`CHATWOOT_WEBHOOK_SECRET=${chatwoot.state.webhooks[0]!.secret}`);
    const s = await startBoth(dir, pipelinePort);
    await waitFor(`${s.enrichmentUrl}/health`, (r) => r.status === 200, s.enrichment);
    const ready = await waitFor(`${s.pipelineUrl}/ready`, (r) => r.status === 200, s.pipeline);
    expect(ready.body).toEqual({ status: 'ready', ready: true, database: 'ok', chatwoot: 'ok', reasons: [] });
    expect((await getJson(`${s.pipelineUrl}/health`))?.body).toEqual({ status: 'ok', database: 'ok' });

    const { conversation } = chatwoot.simulateIncomingEmail({
      inboxId: inbox.id,
      from: { email: 'first@example.org', name: 'First Customer' },
      subject: 'Cannot export to PDF',
      text: 'The PDF export crashes every time I click it. Please help.',
    });
    const notes = () => chatwoot.state.messages.filter((m) => m.conversationDisplayId === conversation.displayId && m.private);
    const labels = () => chatwoot.state.conversations.find((c) => c.displayId === conversation.displayId)?.labels ?? [];
    const deadline = Date.now() + 60_000;
    // Labels come with the triage note, right after the analysis; the draft note follows.
    while (!(labels().includes('ai-processed') && notes().length >= 2) && Date.now() < deadline) await sleep(200);
    expect(labels()).toContain('ai-processed');
    expect(notes().length).toBeGreaterThanOrEqual(2);

    // The role owns its schema and nothing else.
    const db = new pg.Client({ connectionString: triageDbUrl });
    await db.connect();
    try {
      const owners = await db.query<{ tableowner: string }>("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'triage'");
      expect(owners.rows).toEqual([{ tableowner: 'triage' }]);
      await expect(db.query('SELECT * FROM public.chatwoot_owned')).rejects.toThrow(/permission denied/);
      await expect(db.query('CREATE TABLE public.intruder (id int)')).rejects.toThrow(/permission denied/);
    } finally {
      await db.end();
    }
    await Promise.all([stop(s.pipeline), stop(s.enrichment)]);
  }, 180_000);
});

describe('a configuration error', () => {
  it('is one wave with the real reasons, exit code 78, and nothing after the message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-bad-'));
    writeFileSync(join(dir, '.env'), envFileFrom({ CHATWOOT_ACCOUNT_ID: 'acme', CHATWOOT_WEBHOOK_SECRET: 'too-short', ENRICHMENT_TOKEN: '' }));
    const pipeline = startService('ai-pipeline/src/main.ts', dir, {});
    expect(await pipeline.exited).toBe(78);
    expect(pipeline.stderr()).toBe(
      [
        'ai-pipeline: Invalid configuration:',
        '  - CHATWOOT_API_TOKEN is required (an administrator access token: Chatwoot → Profile settings → Access Token) (example: CHATWOOT_API_TOKEN=a1b2c3d4e5f6g7h8i9j0)',
        '  - CHATWOOT_ACCOUNT_ID must be a whole number, got "acme" (example: CHATWOOT_ACCOUNT_ID=1)',
        '  - CHATWOOT_WEBHOOK_SECRET must be at least 16 characters (example: CHATWOOT_WEBHOOK_SECRET=<secret printed by scripts/bootstrap-chatwoot>)',
        '  - ENRICHMENT_TOKEN is required when ENRICHMENT_SERVICE_URL is set (or empty ENRICHMENT_SERVICE_URL to turn enrichment off) (example: ENRICHMENT_TOKEN=<same value as the enrichment service>)',
        'See .env.example for every variable and its default.',
        '',
      ].join('\n'),
    );
    const enrichment = startService('enrichment-service/src/main.ts', dir, {});
    expect(await enrichment.exited).toBe(78);
    expect(enrichment.stderr()).toMatch(/^enrichment-service: invalid configuration\n {2}- ENRICHMENT_TOKEN: is required/);
  }, 60_000);
});
