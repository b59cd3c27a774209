import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolName } from '../../testkit/fakes/anthropic.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, waitUntil, type Harness } from '../../testkit/harness.js';

/** The real pipeline (src/main.ts) in a child process, so it can be killed with SIGKILL. */
function spawnPipeline(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'ai-pipeline/src/main.ts'], {
    env: { ...process.env, ...env, INIT_CWD: process.cwd() },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function healthy(port: string): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
  } catch {
    return false;
  }
}

let h: Harness;
let child: ChildProcess | undefined;
beforeAll(async () => {
  h = await startHarness({ databaseUrl: await freshDatabaseUrl() });
  await h.pipeline.stop(0); // the child process takes over the same port, database and config
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await h?.stop().catch(() => {});
});

describe('a worker killed between two Chatwoot writes', () => {
  it('finishes the ticket after restart with no duplicate note and no second model call', async () => {
    let blockLabels = true;
    // Labels keep failing (as if Chatwoot hiccuped), so the job is caught after its notes and before its labels.
    h.chatwoot.failNext((r) => blockLabels && r.routeName === 'setConversationLabels', 503, 1_000_000);
    const env: Record<string, string> = { ...h.env, JOB_LEASE_SECONDS: '2', JOB_RETRY_BASE_MS: '200', JOB_MAX_ATTEMPTS: '50' };
    child = spawnPipeline(env);
    await waitUntil(() => healthy(env.PORT!), 30_000, 'the pipeline child to start');

    const { conversation } = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'crash@example.com', name: 'Carla' },
      subject: 'Export kaputt',
      text: 'Der Export nach PDF stürzt ab. Bitte helfen!',
    });
    const cid = conversation.displayId;
    const notes = () => h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private);
    await waitUntil(() => notes().length === 3 && h.chatwoot.requests.some((r) => r.route === 'setConversationLabels'), 30_000, 'notes posted, labels failing');

    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    blockLabels = false;
    child = spawnPipeline(env);
    const db = new pg.Client({ connectionString: env.DATABASE_URL });
    await db.connect();
    const settled = async () => (await db.query(`SELECT 1 FROM triage.records WHERE job_key = $1`, [`triage:1:${cid}`])).rowCount === 1;
    await waitUntil(settled, 30_000, 'the resumed job to record its triage').finally(() => db.end());

    expect(notes().map((m) => (m.content ?? '').match(/ref (\S+)_$/)?.[1])).toEqual([
      `triage:1:${cid}/enrichment`,
      `triage:1:${cid}/triage`,
      `triage:1:${cid}/draft`,
    ]);
    expect(h.anthropic!.requests.map(toolName)).toEqual(['record_triage', 'write_draft']);
    const conv = h.chatwoot.state.conversations.find((c) => c.displayId === cid)!;
    expect(conv.labels).toEqual(['bug-report', 'high-confidence', 'ai-processed']);
    expect(conv.team_id).toBe(101);
  }, 90_000);
});
