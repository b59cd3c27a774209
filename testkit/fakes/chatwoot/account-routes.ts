import { couldNotCreate, HttpError, notFound } from './http-error.js';
import type { Agent, FakeChatwootStore, SlaPolicy } from './model.js';
import { optionalString, toInt } from './params.js';
import type { FakeRoute, RouteContext } from './route-types.js';
import { conversationRest, userPushData } from './views.js';

/** `GET /api/v1/profile`: the token's own user. */
export function profileJson(store: FakeChatwootStore, a: Agent) {
  return { ...userPushData(a), email: a.email, role: a.role, accounts: [{ id: store.account.id, name: store.account.name, role: a.role }] };
}

function slaPolicyJson(p: SlaPolicy) {
  return { ...p };
}

/** Enterprise controllers are missing on `-ce`: Rails answers the route with a routing error (404). */
function requireEnterprise(ctx: RouteContext): void {
  if (!ctx.store.enterprise) throw notFound();
}

const threshold = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Account, profile and enterprise SLA routes (NEXT.md §0.4, §2). */
export const accountRoutes: FakeRoute[] = [
  {
    name: 'getAccount',
    method: 'GET',
    path: '',
    handle(ctx) {
      const { store } = ctx;
      return {
        status: 200,
        body: {
          id: store.account.id,
          name: store.account.name,
          locale: 'en',
          domain: null,
          support_email: null,
          status: 'active',
          features: Object.fromEntries(store.features.map((f) => [f, true])),
          ...(store.enterprise ? { subscribed_features: [] } : {}),
        },
      };
    },
  },
  {
    name: 'updateConversation',
    method: 'PATCH',
    path: '/conversations/{conversation_id}',
    handle(ctx) {
      const c = ctx.store.conversation(toInt(ctx.params.conversation_id, 'conversation_id'));
      if (!c) throw notFound();
      if ('priority' in ctx.body) {
        const p = ctx.body.priority ?? null;
        if (p !== null && !['low', 'medium', 'high', 'urgent'].includes(String(p))) throw couldNotCreate(`'${String(p)}' is not a valid priority`);
        c.priority = p as typeof c.priority;
      }
      // On -ce only `priority` is permitted: sla_policy_id is silently dropped.
      if (ctx.store.enterprise && 'sla_policy_id' in ctx.body) {
        const raw = ctx.body.sla_policy_id;
        if (raw === null) {
          if (c.sla_policy_id != null) throw new HttpError(422, { message: 'cannot remove sla policy from conversation' });
        } else {
          const policy = ctx.store.slaPolicies.find((p) => p.id === toInt(raw, 'sla_policy_id'));
          if (!policy) throw new HttpError(422, { message: 'sla policy not found' });
          if (c.sla_policy_id != null && c.sla_policy_id !== policy.id) throw new HttpError(422, { message: 'conversation already has a different sla' });
          c.sla_policy_id = policy.id;
        }
      }
      return { status: 200, body: conversationRest(ctx.store, c) };
    },
  },
  {
    name: 'listSlaPolicies',
    method: 'GET',
    path: '/sla_policies',
    handle(ctx) {
      requireEnterprise(ctx);
      return { status: 200, body: { payload: ctx.store.slaPolicies.map(slaPolicyJson) } };
    },
  },
  {
    name: 'createSlaPolicy',
    method: 'POST',
    path: '/sla_policies',
    adminOnly: true,
    handle(ctx) {
      requireEnterprise(ctx);
      const input = ctx.body.sla_policy && typeof ctx.body.sla_policy === 'object' ? (ctx.body.sla_policy as Record<string, unknown>) : {};
      const name = optionalString(input.name);
      if (!name) throw new HttpError(422, { message: "Name can't be blank" });
      const policy: SlaPolicy = {
        id: ctx.store.nextId('slaPolicy'),
        name,
        description: optionalString(input.description) ?? '',
        first_response_time_threshold: threshold(input.first_response_time_threshold),
        next_response_time_threshold: threshold(input.next_response_time_threshold),
        resolution_time_threshold: threshold(input.resolution_time_threshold),
        only_during_business_hours: input.only_during_business_hours === true,
      };
      ctx.store.slaPolicies.push(policy);
      return { status: 200, body: { payload: slaPolicyJson(policy) } };
    },
  },
];
