import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHATWOOT_ROUTES } from '../ai-pipeline/src/chatwoot/routes.js';
import { CHATWOOT_API, describedEndpoint, endpointKey, type HttpMethod } from './contract/chatwoot-api.js';
import { FAKE_CHATWOOT_EXTRA_ROUTES, FAKE_CHATWOOT_ROUTES, startFakeChatwoot, type FakeChatwoot } from './fakes/chatwoot-server.js';

/**
 * Contract: every Chatwoot route the project calls (CHATWOOT_ROUTES) and every route the fake serves is in the
 * project's own description of Chatwoot's API (testkit/contract/chatwoot-api.ts), and the fake answers in the
 * described shapes. When Chatwoot's swagger.json (v4.15.1) is next to the repository (../shared/chatwoot/), the
 * description itself is checked against it. Path parameters are compared by position, not name.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const swaggerPath = resolve(repoRoot, '../shared/chatwoot/swagger.json');
const ACCOUNT = '/api/v1/accounts/{account_id}';

// A route with `scope: 'global'` lives outside the account (`/api/v1/profile`).
const projectRoutes = Object.entries(CHATWOOT_ROUTES).map(([name, r]) => {
  const global = (r as { scope?: 'global' }).scope === 'global';
  return { name, method: r.method, path: global ? `/api/v1${r.path}` : `${ACCOUNT}${r.path}` };
});
const fakeRoutes = [
  ...FAKE_CHATWOOT_ROUTES.map((r) => ({ name: r.name, method: r.method, path: `${ACCOUNT}${r.path}` })),
  ...FAKE_CHATWOOT_EXTRA_ROUTES.map((r) => ({ name: `${r.method} ${r.path}`, method: r.method, path: r.path })),
];

describe('the Chatwoot API description covers the project and the fake', () => {
  it.each(projectRoutes)('project route $name ($method $path) is described', ({ method, path }) => {
    expect(describedEndpoint(method, path), `${endpointKey(method, path)} is missing from testkit/contract/chatwoot-api.ts`).toBeDefined();
  });

  it.each(fakeRoutes)('fake route $name ($method $path) is described', ({ method, path }) => {
    expect(describedEndpoint(method, path), `${endpointKey(method, path)} is missing from testkit/contract/chatwoot-api.ts`).toBeDefined();
  });

  it('describes each endpoint once', () => {
    const keys = CHATWOOT_API.map((e) => endpointKey(e.method, e.path));
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('the fake serves every route the project calls', () => {
    const served = new Set(fakeRoutes.map((r) => endpointKey(r.method, r.path)));
    expect(projectRoutes.filter((r) => !served.has(endpointKey(r.method, r.path))).map((r) => r.name)).toEqual([]);
  });
});

/** One call to the fake, answered in the shape the description gives for its route. */
interface Exercise {
  name: string;
  method: HttpMethod;
  /** The described (template) path. */
  path: string;
  /** The concrete path, {account_id} filled in by the test. */
  url: string;
  body?: unknown;
}

describe('the fake answers in the described shapes', () => {
  let fake: FakeChatwoot;
  let cid: number;
  let exercises: Exercise[];

  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${fake.url}${url.replace('{account_id}', String(fake.accountId))}`, {
      method,
      headers: { api_access_token: fake.apiToken, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };

  beforeAll(async () => {
    fake = await startFakeChatwoot();
    const inbox = fake.addInbox({ name: 'Support', kind: 'email', email: 'support@example.com' });
    const team = fake.addTeam({ name: 'billing' });
    fake.addAgent({ name: 'Bea', email: 'bea@example.com' });
    const { conversation } = fake.simulateIncomingEmail({ inboxId: inbox.id, from: { email: 'kim@example.com', name: 'Kim' }, subject: 'Refund', text: 'Please refund me.' });
    cid = conversation.displayId;
    const portal = fake.helpCenter.addPortal({ name: 'Help', slug: 'help' });
    fake.helpCenter.addCategory(portal, { name: 'Billing' });
    const A = ACCOUNT;
    const C = `${A}/conversations/{conversation_id}`;
    const c = `${A}/conversations/${cid}`;
    exercises = [
      { name: 'getConversation', method: 'GET', path: C, url: c },
      { name: 'listConversations', method: 'GET', path: `${A}/conversations`, url: `${A}/conversations?status=all` },
      { name: 'listMessages', method: 'GET', path: `${C}/messages`, url: `${c}/messages` },
      { name: 'createMessage', method: 'POST', path: `${C}/messages`, url: `${c}/messages`, body: { content: 'note', message_type: 'outgoing', private: true } },
      { name: 'setConversationLabels', method: 'POST', path: `${C}/labels`, url: `${c}/labels`, body: { labels: ['billing'] } },
      { name: 'getConversationLabels', method: 'GET', path: `${C}/labels`, url: `${c}/labels` },
      { name: 'setCustomAttributes', method: 'POST', path: `${C}/custom_attributes`, url: `${c}/custom_attributes`, body: { custom_attributes: { ai_category: 'refund-request' } } },
      { name: 'togglePriority', method: 'POST', path: `${C}/toggle_priority`, url: `${c}/toggle_priority`, body: { priority: 'high' } },
      { name: 'toggleStatus', method: 'POST', path: `${C}/toggle_status`, url: `${c}/toggle_status`, body: { status: 'open' } },
      { name: 'assign team', method: 'POST', path: `${C}/assignments`, url: `${c}/assignments`, body: { team_id: team.id } },
      { name: 'listAgents', method: 'GET', path: `${A}/agents`, url: `${A}/agents` },
      { name: 'listTeams', method: 'GET', path: `${A}/teams`, url: `${A}/teams` },
      { name: 'createTeam', method: 'POST', path: `${A}/teams`, url: `${A}/teams`, body: { team: { name: 'bugs' } } },
      { name: 'createLabel', method: 'POST', path: `${A}/labels`, url: `${A}/labels`, body: { label: { title: 'refund-request', color: '#1f93ff', show_on_sidebar: true } } },
      { name: 'listLabels', method: 'GET', path: `${A}/labels`, url: `${A}/labels` },
      { name: 'listWebhooks', method: 'GET', path: `${A}/webhooks`, url: `${A}/webhooks` },
      { name: 'createWebhook', method: 'POST', path: `${A}/webhooks`, url: `${A}/webhooks`, body: { webhook: { url: 'http://127.0.0.1:9/hook', subscriptions: ['message_created'] } } },
      { name: 'listInboxes', method: 'GET', path: `${A}/inboxes`, url: `${A}/inboxes` },
      { name: 'searchContacts', method: 'GET', path: `${A}/contacts/search`, url: `${A}/contacts/search?q=kim%40example.com` },
      { name: 'listDashboardApps', method: 'GET', path: `${A}/dashboard_apps`, url: `${A}/dashboard_apps` },
      { name: 'listPortals', method: 'GET', path: `${A}/portals`, url: `${A}/portals` },
      { name: 'listPortalCategories', method: 'GET', path: `${A}/portals/{portal}/categories`, url: `${A}/portals/help/categories?locale=en` },
      { name: 'listPortalArticles', method: 'GET', path: `${A}/portals/{portal}/articles`, url: `${A}/portals/help/articles?locale=en` },
    ];
  });
  afterAll(() => fake?.close());

  it('answers every exercised route with 2xx in the described response shape', async () => {
    const problems: string[] = [];
    for (const ex of exercises) {
      const endpoint = describedEndpoint(ex.method, ex.path);
      if (!endpoint) {
        problems.push(`${ex.name}: ${ex.method} ${ex.path} is not described`);
        continue;
      }
      if (endpoint.request && ex.body !== undefined) {
        const req = endpoint.request.safeParse(ex.body);
        if (!req.success) problems.push(`${ex.name}: the test's request does not match the description: ${req.error.issues[0]?.message}`);
      }
      const res = await call(ex.method, ex.url, ex.body);
      if (res.status < 200 || res.status > 299) {
        problems.push(`${ex.name}: ${res.status}`);
        continue;
      }
      const parsed = endpoint.response?.safeParse(res.body);
      if (parsed && !parsed.success) {
        const issue = parsed.error.issues[0]!;
        problems.push(`${ex.name}: ${issue.path.join('.') || '(body)'}: ${issue.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('REST messages carry message_type as an integer (webhooks use strings)', async () => {
    const { body } = await call('GET', `${ACCOUNT}/conversations/${cid}/messages`);
    const types = (body as { payload: { message_type: unknown }[] }).payload.map((m) => m.message_type);
    expect(types.length).toBeGreaterThan(0);
    expect(types.every((t) => typeof t === 'number')).toBe(true);
  });

  it('POST labels replaces the whole list', async () => {
    await call('POST', `${ACCOUNT}/conversations/${cid}/labels`, { labels: ['a-1', 'b-2'] });
    const { body } = await call('POST', `${ACCOUNT}/conversations/${cid}/labels`, { labels: ['c-3'] });
    expect(body).toEqual({ payload: ['c-3'] });
    expect((await call('GET', `${ACCOUNT}/conversations/${cid}/labels`)).body).toEqual({ payload: ['c-3'] });
  });

  it('POST custom_attributes replaces the whole hash', async () => {
    await call('POST', `${ACCOUNT}/conversations/${cid}/custom_attributes`, { custom_attributes: { one: 1, two: 2 } });
    const { body } = await call('POST', `${ACCOUNT}/conversations/${cid}/custom_attributes`, { custom_attributes: { three: 3 } });
    expect(body).toEqual({ custom_attributes: { three: 3 } });
  });

  it('agents and teams are bare arrays', async () => {
    expect(Array.isArray((await call('GET', `${ACCOUNT}/agents`)).body)).toBe(true);
    expect(Array.isArray((await call('GET', `${ACCOUNT}/teams`)).body)).toBe(true);
  });
});

const hasSwagger = existsSync(swaggerPath);

function swaggerOperations(): Set<string> {
  const spec = JSON.parse(readFileSync(swaggerPath, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  const ops = new Set<string>();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of Object.keys(item)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) ops.add(endpointKey(method, path));
    }
  }
  return ops;
}

describe.runIf(hasSwagger)('the description against Chatwoot’s swagger.json (v4.15.1)', () => {
  const ops = hasSwagger ? swaggerOperations() : new Set<string>();
  const documented = CHATWOOT_API.filter((e) => !e.notInSwagger);
  const gaps = CHATWOOT_API.filter((e) => e.notInSwagger);

  it.each(documented)('$method $path is in swagger', ({ method, path }) => {
    expect(ops.has(endpointKey(method, path)), `${endpointKey(method, path)} is not in swagger.json: fix the description or mark it notInSwagger`).toBe(true);
  });

  it.each(gaps)('$method $path is still absent from swagger ($notInSwagger)', ({ method, path }) => {
    expect(ops.has(endpointKey(method, path)), `${method} ${path} is now documented: drop its notInSwagger`).toBe(false);
  });
});
