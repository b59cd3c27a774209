import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startPipeline, type RunningPipeline } from '../ai-pipeline/src/app.js';
import { parseConfig } from '../ai-pipeline/src/config/config.js';
import { freshDatabaseUrl } from './db.js';
import { startStack, type Stack, type StackOptions } from './stack.js';

/**
 * A test file's stack (fakes and database, no pipeline of its own) on which each test starts the pipelines it needs
 * (replicas, or PIPELINE_ROLE=web + worker) in this process. Hooks: the stack starts once, every pipeline stops after
 * its test, the fakes' request logs are emptied before each test.
 */
export function pipelinesOnOneStack(options: Omit<StackOptions, 'databaseUrl' | 'pipeline'>) {
  const running: RunningPipeline[] = [];
  const handle = {
    stack: undefined as unknown as Stack,
    /** A pipeline with the stack's variables plus `env` (keep the stack's PORT for the one Chatwoot's webhook goes to). */
    async start(env: Record<string, string>, logger: Logger = pino({ level: 'silent' })): Promise<RunningPipeline> {
      const p = await startPipeline(parseConfig({ ...handle.stack.env, ...env }), logger);
      running.push(p);
      return p;
    },
    /** A new e-mail ticket about a crashing export; its conversation id and triage job key. */
    newTicket(subject: string): { cid: number; key: string } {
      const { conversation } = handle.stack.chatwoot.simulateIncomingEmail({
        inboxId: handle.stack.inboxId,
        from: { email: 'lena@example.com', name: 'Lena' },
        subject,
        text: 'The PDF export crashes every time since the update. Please help.',
      });
      return { cid: conversation.displayId, key: `triage:1:${conversation.displayId}` };
    },
  };
  beforeAll(async () => {
    handle.stack = await startStack({ ...options, databaseUrl: await freshDatabaseUrl(), pipeline: 'none' });
  });
  afterAll(async () => {
    for (const p of running) await p.stop(0).catch(() => {});
    await handle.stack?.stop();
  });
  beforeEach(async () => {
    for (const p of running.splice(0)) await p.stop(0);
    handle.stack.chatwoot.requests.length = 0;
    handle.stack.anthropic?.requests.splice(0);
  });
  return handle;
}
