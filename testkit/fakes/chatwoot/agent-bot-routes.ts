import { HttpError, notFound, recordInvalid } from './http-error.js';
import { optionalString, toInt } from './params.js';
import type { FakeRoute, RouteContext } from './route-types.js';
import { agentBotRest } from './views.js';

/**
 * Agent bots (app/controllers/api/v1/accounts/agent_bots_controller.rb, inboxes_controller.rb#set_agent_bot /
 * #agent_bot): administrators create bots and connect one to an inbox; the bot then receives the inbox's events,
 * signed with its secret, and acts with its own access token (see BOT_ACCESSIBLE_ROUTES in chatwoot-server.ts).
 */

function inboxOf(ctx: RouteContext) {
  const inbox = ctx.store.inbox(toInt(ctx.params.inbox_id, 'inbox_id'));
  if (!inbox) throw notFound();
  return inbox;
}

export const agentBotRoutes: FakeRoute[] = [
  {
    name: 'listAgentBots',
    method: 'GET',
    path: '/agent_bots',
    handle: (ctx) => ({ status: 200, body: ctx.store.agentBots.map((b) => agentBotRest(ctx.store, b)) }),
  },
  {
    name: 'createAgentBot',
    method: 'POST',
    path: '/agent_bots',
    adminOnly: true,
    handle(ctx) {
      const name = optionalString(ctx.body.name);
      if (!name) throw recordInvalid(["Name can't be blank"], ['name']);
      const bot = ctx.store.addAgentBot({ name, outgoingUrl: optionalString(ctx.body.outgoing_url) ?? '', description: optionalString(ctx.body.description) });
      return { status: 200, body: agentBotRest(ctx.store, bot) };
    },
  },
  {
    name: 'setAgentBot',
    method: 'POST',
    path: '/inboxes/{inbox_id}/set_agent_bot',
    adminOnly: true,
    handle(ctx) {
      const inbox = inboxOf(ctx);
      const raw = ctx.body.agent_bot;
      if (raw === null || raw === undefined) {
        ctx.store.inboxBots.delete(inbox.id);
        return { status: 200 };
      }
      const bot = ctx.store.agentBots.find((b) => b.id === toInt(raw, 'agent_bot'));
      if (!bot) throw new HttpError(404, { error: 'Resource could not be found' });
      ctx.store.inboxBots.set(inbox.id, bot.id);
      return { status: 200 };
    },
  },
  {
    name: 'getInboxAgentBot',
    method: 'GET',
    path: '/inboxes/{inbox_id}/agent_bot',
    handle(ctx) {
      const bot = ctx.store.inboxBot(inboxOf(ctx).id);
      return { status: 200, body: { agent_bot: bot ? agentBotRest(ctx.store, bot) : null } };
    },
  },
];
