import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeChatwoot, type FakeChatwoot } from '../../testkit/fakes/chatwoot-server.js';
import { main } from '../src/bootstrap-chatwoot.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bootstrap-test-'));
const emptyEnv = join(tmp, 'empty.env');
writeFileSync(emptyEnv, '');

let cw: FakeChatwoot;

beforeAll(async () => {
  cw = await startFakeChatwoot({ apiToken: 'admin-tok', accountId: 2 });
});
afterAll(() => cw.close());
beforeEach(() => cw.reset());

function routingFile(teamIds: number[], agentId?: number): string {
  const path = join(tmp, `routing-${teamIds.join('-')}-${agentId ?? 'x'}.yaml`);
  const lines = ['routes:', ...teamIds.map((id, i) => `  ${['bug-report', 'refund-request', 'product-question'][i]}:\n    team_id: ${id}`)];
  if (agentId !== undefined) lines.push(`  other:\n    agent_id: ${agentId}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function run(extra: string[], token = 'admin-tok') {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await main(
    ['--base-url', cw.url, '--token', token, '--account-id', '2', '--env-file', emptyEnv, '--sidebar-token', 'side-tok', ...extra],
    (l) => lines.push(l),
    (l) => errors.push(l),
  );
  return { code, out: lines.join('\n'), err: errors.join('\n'), lines };
}

const writes = (from = 0) => cw.requests.slice(from).filter((r) => r.method !== 'GET');

describe('bootstrap-chatwoot', () => {
  it('creates everything once; a second run changes nothing and says "already existed"', async () => {
    const team = cw.addTeam({ name: 'Support' });
    const routing = routingFile([team.id], 1);
    const first = await run(['--routing', routing, '--api-inbox']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(cw.state.labels.map((l) => l.title)).toEqual([
      'bug-report',
      'refund-request',
      'product-question',
      'other',
      'high-confidence',
      'needs-triage',
      'ai-processed',
      'ai-failed',
      'sla-at-risk',
      'sla-breached',
    ]);
    expect(cw.state.attributeDefinitions.map((d) => [d.attribute_key, d.attribute_display_type, d.attribute_values])).toEqual([
      ['ai_category', 'list', ['bug-report', 'refund-request', 'product-question', 'other']],
      ['ai_priority', 'list', ['low', 'medium', 'high', 'urgent']],
      ['ai_confidence', 'number', []],
      ['ai_language', 'text', []],
      ['ai_summary', 'text', []],
    ]);
    expect(cw.state.webhooks).toMatchObject([{ url: 'http://ai-pipeline:3100/webhook', subscriptions: ['conversation_created', 'message_created', 'conversation_updated'] }]);
    expect(cw.state.dashboardApps).toMatchObject([{ title: 'Customer context', content: [{ type: 'frame', url: 'http://localhost:3100/sidebar#token=side-tok' }] }]);
    expect(cw.state.inboxes).toMatchObject([{ name: 'Sample tickets', kind: 'api', webhook_url: '' }]);
    expect(first.out).toContain(`CHATWOOT_WEBHOOK_SECRET=${cw.state.webhooks[0]!.secret}`);
    expect(first.out).toMatch(/warning: ai-pipeline:3100 is a private, docker-internal or localhost address: Chatwoot ≥ 4.14 .*SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true/);
    expect(first.out).toContain('created          bug-report');
    expect(first.out).toContain('1 team(s) and 1 agent(s) exist');
    expect(first.out).not.toContain('side-tok'); // the sidebar token is not printed

    const before = cw.requests.length;
    const second = await run(['--routing', routing, '--api-inbox']);
    expect(second.code).toBe(0);
    expect(writes(before)).toEqual([]);
    expect(cw.state.labels).toHaveLength(10);
    expect(cw.state.webhooks).toHaveLength(1);
    expect(cw.state.dashboardApps).toHaveLength(1);
    expect(cw.state.inboxes).toHaveLength(1);
    const itemLines = second.lines.filter((l) => /^ {2}\S/.test(l) && !l.includes('warning') && !l.includes('CHATWOOT_WEBHOOK_SECRET') && !l.startsWith('  (put'));
    expect(itemLines.filter((l) => !l.includes('already existed') && !l.includes('ok ')).length).toBe(0);
    expect(second.out).toMatch(/already existed +bug-report/);
    expect(second.out).toContain('Done: 0 created, 0 updated, 18 already existed, 0 failed or wrong, 0 skipped');
    expect(second.out).toContain(`CHATWOOT_WEBHOOK_SECRET=${cw.state.webhooks[0]!.secret}`);
  });

  it('updates what differs and adds missing subscriptions without dropping others', async () => {
    await run([]);
    cw.state.labels[0]!.color = '#000000';
    cw.state.webhooks[0]!.subscriptions = ['message_created', 'conversation_updated'];
    const before = cw.requests.length;
    const again = await run([]);
    expect(again.out).toMatch(/updated +bug-report +\(color\)/);
    expect(again.out).toMatch(/updated +http:\/\/ai-pipeline:3100\/webhook .*\(subscribe conversation_created\)/);
    expect(writes(before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `PATCH /api/v1/accounts/2/labels/${cw.state.labels[0]!.id}`,
      `PATCH /api/v1/accounts/2/webhooks/${cw.state.webhooks[0]!.id}`,
    ]);
    expect(cw.state.labels[0]!.color).toBe('#e11d48');
    expect(cw.state.webhooks[0]!.subscriptions).toEqual(['message_created', 'conversation_updated', 'conversation_created']);
  });

  it('reports routing ids that do not exist and exits 1', async () => {
    const team = cw.addTeam({ name: 'Billing' });
    const result = await run(['--routing', routingFile([team.id, 999], 42)]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/problem +team 999 does not exist +\(teams: 101 billing; agents: 1 Admin\)/);
    expect(result.out).toMatch(/problem +agent 42 does not exist/);
    expect(result.out).not.toMatch(/team 101 does not exist/);
  });

  it('--triage: one label per configured category and declared label, ai_category lists the categories, rule ids checked', async () => {
    const result = await run(['--triage', join(repoRoot, 'chatwoot-config/triage.example.yaml')]);
    expect(cw.state.labels.map((l) => l.title)).toEqual([
      'bug-report',
      'refund-request',
      'account-access',
      'feature-request',
      'product-question',
      'other',
      'vip',
      'dach',
      'legal',
      'high-confidence',
      'needs-triage',
      'ai-processed',
      'ai-failed',
      'sla-at-risk',
      'sla-breached',
    ]);
    expect(cw.state.labels.find((l) => l.title === 'account-access')!.description).toBe(
      'AI triage: cannot log in, lost access to the account, password reset or e-mail change problems',
    );
    const category = cw.state.attributeDefinitions.find((d) => d.attribute_key === 'ai_category')!;
    expect(category.attribute_values).toEqual(['bug-report', 'refund-request', 'account-access', 'feature-request', 'product-question', 'other']);
    // The example names teams 1 to 5; this account has none.
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/problem +team 4 does not exist/);
  });

  it('--dry-run reads only and prints the plan', async () => {
    const result = await run(['--dry-run', '--api-inbox', 'Samples', '--write-env', join(tmp, 'never.env')]);
    expect(result.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(result.out).toContain('DRY RUN: nothing will be written');
    expect(result.out).toMatch(/would be created +needs-triage/);
    expect(result.out).toMatch(/would be created +Samples/);
    expect(() => readFileSync(join(tmp, 'never.env'))).toThrow();
  });

  it('creates the teams the routing file names, once; --dry-run only lists them', async () => {
    cw.addTeam({ name: 'Bugs' });
    const routing = join(tmp, 'named-teams.yaml');
    writeFileSync(routing, 'routes:\n  bug-report:\n    team: bugs\n  refund-request:\n    team: Billing\n  product-question:\n    team: questions\n');

    const plan = await run(['--dry-run', '--routing', routing]);
    expect(plan.code).toBe(0);
    expect(writes()).toEqual([]);
    expect(plan.out).toMatch(/already existed +bugs \(id \d+\)/);
    expect(plan.out).toMatch(/would be created +billing\n/);
    expect(plan.out).toMatch(/would be created +questions\n/);
    expect(plan.out).toContain('3 team(s) and 0 agent(s) exist or will be created');

    const first = await run(['--routing', routing]);
    expect(first.code).toBe(0);
    expect(cw.state.teams.map((t) => t.name)).toEqual(['bugs', 'billing', 'questions']);
    expect(writes().filter((r) => r.route === 'createTeam').map((r) => (r.body as { name: string }).name)).toEqual(['billing', 'questions']);
    expect(first.out).toMatch(/created +billing \(id \d+\) +\(add its agents in Settings → Teams\)/);
    expect(first.out).toContain('3 team(s) and 0 agent(s) exist');

    const before = cw.requests.length;
    const second = await run(['--routing', routing]);
    expect(second.code).toBe(0);
    expect(writes(before)).toEqual([]);
    expect(second.out).toMatch(/already existed +questions \(id \d+\)/);
  });

  it('--write-env replaces the CHATWOOT_WEBHOOK_SECRET line and keeps the rest', async () => {
    const envPath = join(tmp, 'target.env');
    writeFileSync(envPath, 'PORT=3100\nCHATWOOT_WEBHOOK_SECRET=old\nLOG_LEVEL=info\n');
    const result = await run(['--write-env', envPath]);
    expect(result.code).toBe(0);
    expect(readFileSync(envPath, 'utf8')).toBe(`PORT=3100\nCHATWOOT_WEBHOOK_SECRET=${cw.state.webhooks[0]!.secret}\nLOG_LEVEL=info\n`);
    expect(result.out).not.toContain(cw.state.webhooks[0]!.secret);
  });

  it('names the step and explains a 401 (wrong or non-administrator token)', async () => {
    const wrong = await run([], 'nope');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('step "labels: list" failed: the token was refused (401 Invalid Access Token)');
    expect(wrong.err).toContain("not an administrator's token");

    cw.addAgent({ name: 'Agent', email: 'agent@acme.test', accessToken: 'agent-tok' });
    const agent = await run([], 'agent-tok');
    expect(agent.code).toBe(1);
    expect(agent.err).toContain('step "labels: bug-report" failed: the token was refused (401 You are not authorized to do this action)');
    expect(cw.state.labels).toEqual([]);
  });

  it('reports a failing item with Chatwoot\'s answer and goes on with the others', async () => {
    cw.failNext('createDashboardApp', 422, 1);
    const result = await run([]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/failed +Customer context .*\(Chatwoot answered 422: injected failure 422\)/);
    expect(cw.state.labels).toHaveLength(10);
  });

  it('runs through the sh wrapper with --dry-run', async () => {
    const { stdout } = await promisify(execFile)(
      join(repoRoot, 'scripts/bootstrap-chatwoot'),
      ['--base-url', cw.url, '--token', 'admin-tok', '--account-id', '2', '--env-file', emptyEnv, '--sidebar-token', 't', '--dry-run'],
      { cwd: tmp, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } },
    );
    expect(stdout).toContain(`Chatwoot ${cw.url}, account 2 — DRY RUN: nothing will be written`);
    expect(stdout).toMatch(/would be created +ai-failed/);
    expect(stdout).toContain('Plan: 17 to create, 0 to update, 0 already existed, 0 failed or wrong, 1 skipped');
    expect(writes()).toEqual([]);
  });

  it('creates the native SLA policies of TRIAGE_CONFIG once where the account has features.sla, and skips them elsewhere', async () => {
    const triage = join(tmp, 'triage.yaml');
    writeFileSync(
      triage,
      'categories:\n  - { name: bug-report, description: it is broken }\n  - { name: other, description: anything else }\nsla:\n  urgent: { first_response: 30m, resolution: 8h }\n',
    );
    const slaEnv = join(tmp, 'sla.env');
    writeFileSync(slaEnv, `TRIAGE_CONFIG=${triage}\n`);
    const withSla = (extra: string[] = []) => run(['--env-file', slaEnv, ...extra]);

    const ce = await withSla();
    expect(ce.out).toMatch(/skipped +native SLA +\(the account has no features.sla: ai-pipeline keeps the SLA clock itself\)/);

    cw.state.enterprise = true;
    cw.state.features.push('sla');
    const first = await withSla();
    expect(first.code).toBe(0);
    expect(cw.state.slaPolicies).toMatchObject([{ name: 'AI triage urgent', first_response_time_threshold: 1800, resolution_time_threshold: 28_800 }]);
    expect(first.out).toMatch(/created +AI triage urgent \(id \d+\)/);
    const second = await withSla();
    expect(second.out).toMatch(/already existed +AI triage urgent \(id \d+\)/);
    expect(cw.state.slaPolicies).toHaveLength(1);
  });
});

describe('bootstrap-chatwoot --agent-bot', () => {
  it('creates the agent bot, connects it to the inbox, adds the bot labels, prints both values; a re-run creates nothing', async () => {
    const inbox = cw.addInbox({ name: 'Website chat', kind: 'web_widget' });
    const first = await run(['--agent-bot', '--inbox', String(inbox.id), '--pipeline-url', 'http://sidecar:3100']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(cw.state.agentBots).toHaveLength(1);
    const bot = cw.state.agentBots[0]!;
    expect(bot.outgoing_url).toBe('http://sidecar:3100/bot');
    expect(cw.state.inboxBot(inbox.id)?.id).toBe(bot.id);
    expect(cw.state.labels.map((l) => l.title)).toEqual(expect.arrayContaining(['ai-auto-replied', 'no-auto-reply']));
    expect(first.lines).toContain(`  BOT_WEBHOOK_SECRET=${bot.secret}`);
    expect(first.lines).toContain(`  BOT_ACCESS_TOKEN=${bot.access_token}`);

    const again = await run(['--agent-bot', '--inbox', String(inbox.id), '--pipeline-url', 'http://sidecar:3100']);
    expect(again.code).toBe(0);
    expect(cw.state.agentBots).toHaveLength(1);
    expect(again.out).toContain(`agent bot "${bot.name}" (id ${bot.id}) → http://sidecar:3100/bot: already existed`);
  });

  it('needs --inbox, and an inbox that exists', async () => {
    expect((await run(['--agent-bot'])).code).toBe(2);
    const missing = await run(['--agent-bot', '--inbox', '999']);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('agent bot: inbox 999 does not exist');
  });
});
