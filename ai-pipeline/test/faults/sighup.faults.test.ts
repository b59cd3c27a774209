import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildPipeline } from '../../../testkit/child-pipeline.js';
import { freshDatabaseUrl } from '../../../testkit/db.js';
import { waitUntil } from '../../../testkit/harness.js';
import { FAST_TEST_ENV, startStack, type Stack } from '../../../testkit/stack.js';

/** SIGHUP on the real process (main.ts): the triage configuration reloads; an invalid file neither kills nor changes it. */

let h: Stack;
let child: ChildPipeline | undefined;
const dir = mkdtempSync(join(tmpdir(), 'sighup-'));
const configPath = join(dir, 'triage.yaml');
const config = (teamId: number, ruleName: string) => `categories:
  - { name: bug-report, description: broken }
  - { name: refund-request, description: money back, sensitive: true }
  - { name: product-question, description: how-to }
  - { name: other, description: anything else }
rules:
  - name: ${ruleName}
    when: { category: bug-report }
    then: { team_id: ${teamId} }
`;

beforeAll(async () => {
  // The pipeline runs as a child process (the test sends it SIGHUP), started by the test.
  h = await startStack({ databaseUrl: await freshDatabaseUrl('sighup'), model: { delayMs: 10 }, env: { ...FAST_TEST_ENV }, pipeline: 'none' });
});
afterAll(async () => {
  await h?.stop();
});

async function triageOne(n: number) {
  const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, from: { email: `c${n}@example.com` }, subject: `Crash ${n}`, text: 'The app crashes when I export my deck.' });
  await h.chatwoot.waitForDeliveries();
  // The assignment is the triage's last write.
  await waitUntil(() => h.chatwoot.state.conversations.find((c) => c.displayId === conversation.displayId)!.team_id !== null, 30_000, `ticket ${n} assigned`);
  return h.chatwoot.state.conversations.find((c) => c.displayId === conversation.displayId)!;
}

describe('SIGHUP', () => {
  it('reloads TRIAGE_CONFIG for the next ticket; an invalid file keeps the process and the previous configuration', async () => {
    writeFileSync(configPath, config(101, 'bugs to team 101'));
    child = await h.spawnChild({ TRIAGE_CONFIG: configPath, ROUTING_CONFIG: '' });
    expect((await triageOne(1)).team_id).toBe(101);

    writeFileSync(configPath, config(102, 'bugs to team 102'));
    child.process.kill('SIGHUP');
    await sleep(1500);
    expect((await triageOne(2)).team_id).toBe(102);

    writeFileSync(configPath, config(102, 'broken').replace('category: bug-report', 'categroy: bug-report'));
    child.process.kill('SIGHUP');
    await sleep(1500);
    expect(child.process.exitCode).toBeNull();
    expect(child.process.signalCode).toBeNull();
    const third = await triageOne(3);
    expect(third.team_id).toBe(102);
    expect(h.chatwoot.state.messages.find((m) => m.conversationDisplayId === third.displayId && (m.content ?? '').includes('/triage_'))!.content).toContain(
      'by rule “bugs to team 102”.',
    );
  });
});
