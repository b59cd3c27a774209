import { randomUUID } from 'node:crypto';
import { couldNotCreate, HttpError, notFound, recordInvalid } from './http-error.js';
import { newSecret, type CustomAttributeDefinition, type DashboardApp, type Label, type Webhook } from './model.js';
import { isHttpUrl, optionalString, plainObject, toInt, unwrap, type Json } from './params.js';
import type { FakeRoute, RouteContext } from './route-types.js';
import { ALLOWED_WEBHOOK_EVENTS } from './webhooks.js';
import { agentRest, contactRest, conversationRest, inboxRest, inboxSlim, teamRest } from './views.js';

/** `lib/regex_helper.rb`: letters/digits, then letters/digits/_/-, at least 2 characters. */
const LABEL_TITLE = /^[\p{L}\p{N}][\p{L}\p{N}_-]+$/u;
const DISPLAY_TYPES = ['text', 'number', 'currency', 'percent', 'link', 'date', 'list', 'checkbox'];
const ATTRIBUTE_MODELS = ['conversation_attribute', 'contact_attribute'] as const;
/** Chatwoot's default `subscriptions` column value. */
const DEFAULT_SUBSCRIPTIONS = ALLOWED_WEBHOOK_EVENTS.slice(0, 8);
const CONTACTS_PAGE = 15;

/** Collects ActiveRecord-style errors, then answers 422 {message, attributes} if any. */
class Validation {
  private messages: string[] = [];
  private attributes: string[] = [];
  add(message: string, attribute: string): void {
    this.messages.push(message);
    if (!this.attributes.includes(attribute)) this.attributes.push(attribute);
  }
  throwIfAny(): void {
    if (this.messages.length) throw recordInvalid(this.messages, this.attributes);
  }
}

function byId<T extends { id: number }>(list: T[], ctx: RouteContext, param: string): T {
  const id = toInt(ctx.params[param], param);
  const found = list.find((x) => x.id === id);
  if (!found) throw notFound();
  return found;
}

// ── labels ──────────────────────────────────────────────────────────────────
function applyLabel(ctx: RouteContext, label: Label, input: Json): void {
  const title = input.title === undefined ? label.title : String(input.title).toLowerCase();
  const errors: string[] = [];
  if (!title) errors.push("Title can't be blank");
  else if (!LABEL_TITLE.test(title)) errors.push('Title is invalid');
  if (ctx.store.labels.some((l) => l.id !== label.id && l.title === title)) errors.push('Title has already been taken');
  if (errors.length) throw recordInvalid(errors, ['title']);
  label.title = title;
  if (input.description !== undefined) label.description = String(input.description ?? '');
  if (input.color !== undefined) label.color = String(input.color);
  if (input.show_on_sidebar !== undefined) label.show_on_sidebar = Boolean(input.show_on_sidebar);
}
const labelJson = (l: Label) => ({ id: l.id, title: l.title, description: l.description, color: l.color, show_on_sidebar: l.show_on_sidebar });

// ── custom attribute definitions ────────────────────────────────────────────
function applyDefinition(ctx: RouteContext, def: CustomAttributeDefinition, input: Json): void {
  const next = { ...def };
  for (const key of ['attribute_display_name', 'attribute_key', 'attribute_display_type', 'attribute_description', 'regex_pattern', 'regex_cue'] as const) {
    if (input[key] !== undefined) (next as Record<string, unknown>)[key] = input[key] === null ? null : String(input[key]);
  }
  if (input.attribute_model !== undefined) {
    const m = input.attribute_model;
    const model = typeof m === 'number' ? ATTRIBUTE_MODELS[m] : m;
    if (!(ATTRIBUTE_MODELS as readonly unknown[]).includes(model)) throw couldNotCreate(`'${String(m)}' is not a valid attribute_model`);
    next.attribute_model = model as CustomAttributeDefinition['attribute_model'];
  }
  if (input.attribute_values !== undefined) next.attribute_values = Array.isArray(input.attribute_values) ? input.attribute_values.map(String) : [];
  if (input.default_value !== undefined) next.default_value = input.default_value;
  if (!DISPLAY_TYPES.includes(next.attribute_display_type)) throw couldNotCreate(`'${next.attribute_display_type}' is not a valid attribute_display_type`);
  const v = new Validation();
  if (!next.attribute_display_name) v.add("Attribute display name can't be blank", 'attribute_display_name');
  if (!next.attribute_key) v.add("Attribute key can't be blank", 'attribute_key');
  if (ctx.store.attributeDefinitions.some((d) => d.id !== def.id && d.attribute_key === next.attribute_key && d.attribute_model === next.attribute_model)) {
    v.add('Attribute key has already been taken', 'attribute_key');
  }
  v.throwIfAny();
  Object.assign(def, next, { updated_at: new Date().toISOString() });
}

// ── webhooks ────────────────────────────────────────────────────────────────
function applyWebhook(ctx: RouteContext, hook: Webhook, input: Json): void {
  const url = input.url === undefined ? hook.url : input.url;
  const subscriptions = input.subscriptions === undefined ? hook.subscriptions : input.subscriptions;
  const v = new Validation();
  if (!isHttpUrl(url)) v.add('Url is invalid', 'url');
  else if (ctx.store.webhooks.some((w) => w.id !== hook.id && w.url === url)) v.add('Url has already been taken', 'url');
  const valid =
    Array.isArray(subscriptions) && subscriptions.length > 0 && subscriptions.every((s) => (ALLOWED_WEBHOOK_EVENTS as readonly unknown[]).includes(s));
  if (!valid) v.add('Subscriptions Invalid events', 'subscriptions');
  v.throwIfAny();
  hook.url = url as string;
  hook.subscriptions = [...new Set(subscriptions as string[])];
  if (input.name !== undefined) hook.name = optionalString(input.name) ?? null;
}
const webhookJson = (ctx: RouteContext, w: Webhook) => ({
  id: w.id,
  name: w.name,
  url: w.url,
  account_id: ctx.store.account.id,
  subscriptions: [...w.subscriptions],
  secret: w.secret,
});

// ── dashboard apps (not in swagger; see app/controllers/api/v1/accounts/dashboard_apps_controller.rb) ─────
function applyDashboardApp(app: DashboardApp, input: Json): void {
  const title = input.title === undefined ? app.title : String(input.title ?? '');
  const content = input.content === undefined ? app.content : input.content;
  if (!title) throw recordInvalid(["Title can't be blank"], ['title']);
  const items = Array.isArray(content) ? content : [];
  const ok = items.length > 0 && items.every((i) => i && typeof i === 'object' && (i as Json).type === 'frame' && isHttpUrl((i as Json).url));
  if (!ok) throw recordInvalid(['Content : Invalid data'], ['content']);
  app.title = title;
  app.content = items.map((i) => ({ type: 'frame', url: String((i as Json).url) }));
}
const dashboardAppJson = (a: DashboardApp) => ({ id: a.id, title: a.title, content: a.content.map((c) => ({ ...c })), created_at: a.created_at });

export const settingsRoutes: FakeRoute[] = [
  { name: 'listAgents', method: 'GET', path: '/agents', handle: (ctx) => ({ status: 200, body: ctx.store.agents.map((a) => agentRest(ctx.store, a)) }) },
  { name: 'listTeams', method: 'GET', path: '/teams', handle: (ctx) => ({ status: 200, body: ctx.store.teams.map((t) => teamRest(ctx.store, t)) }) },
  {
    // TeamsController#create: `name` (downcased by the model, unique per account), `description`, `allow_auto_assign`.
    name: 'createTeam',
    method: 'POST',
    path: '/teams',
    adminOnly: true,
    handle(ctx) {
      const input = unwrap(ctx.body, 'team');
      const name = String(input.name ?? '').trim();
      if (!name) throw recordInvalid(["Name can't be blank"], ['name']);
      if (ctx.store.teams.some((t) => t.name === name.toLowerCase())) throw recordInvalid(['Name has already been taken'], ['name']);
      const team = ctx.store.addTeam({
        name,
        description: typeof input.description === 'string' ? input.description : '',
        allow_auto_assign: input.allow_auto_assign !== false,
      });
      return { status: 200, body: teamRest(ctx.store, team) };
    },
  },

  { name: 'listLabels', method: 'GET', path: '/labels', handle: (ctx) => ({ status: 200, body: { payload: ctx.store.labels.map(labelJson) } }) },
  {
    name: 'createLabel',
    method: 'POST',
    path: '/labels',
    adminOnly: true,
    handle(ctx) {
      const label: Label = { id: 0, title: '', description: '', color: '#1f93ff', show_on_sidebar: true };
      applyLabel(ctx, label, unwrap(ctx.body, 'label'));
      label.id = ctx.store.nextId('label');
      ctx.store.labels.push(label);
      return { status: 200, body: labelJson(label) };
    },
  },
  {
    name: 'updateLabel',
    method: 'PATCH',
    path: '/labels/{id}',
    adminOnly: true,
    handle(ctx) {
      const label = byId(ctx.store.labels, ctx, 'id');
      const copy = { ...label };
      applyLabel(ctx, copy, unwrap(ctx.body, 'label'));
      Object.assign(label, copy);
      return { status: 200, body: labelJson(label) };
    },
  },
  {
    name: 'deleteLabel',
    method: 'DELETE',
    path: '/labels/{id}',
    adminOnly: true,
    handle(ctx) {
      const label = byId(ctx.store.labels, ctx, 'id');
      ctx.store.labels.splice(ctx.store.labels.indexOf(label), 1);
      return { status: 200 };
    },
  },

  {
    name: 'listCustomAttributeDefinitions',
    method: 'GET',
    path: '/custom_attribute_definitions',
    handle(ctx) {
      const m = ctx.query.get('attribute_model');
      const model = m === null || m === '' ? undefined : /^\d+$/.test(m) ? ATTRIBUTE_MODELS[Number(m)] : m;
      const defs = ctx.store.attributeDefinitions.filter((d) => model === undefined || d.attribute_model === model);
      return { status: 200, body: defs.map((d) => ({ ...d })) };
    },
  },
  {
    name: 'createCustomAttributeDefinition',
    method: 'POST',
    path: '/custom_attribute_definitions',
    adminOnly: true,
    handle(ctx) {
      const now = new Date().toISOString();
      const def: CustomAttributeDefinition = {
        id: 0,
        attribute_display_name: '',
        attribute_key: '',
        attribute_display_type: 'text',
        attribute_model: 'conversation_attribute',
        attribute_values: [],
        attribute_description: null,
        default_value: null,
        regex_pattern: null,
        regex_cue: null,
        created_at: now,
        updated_at: now,
      };
      applyDefinition(ctx, def, unwrap(ctx.body, 'custom_attribute_definition'));
      def.id = ctx.store.nextId('attribute');
      ctx.store.attributeDefinitions.push(def);
      return { status: 200, body: { ...def } };
    },
  },
  {
    name: 'updateCustomAttributeDefinition',
    method: 'PATCH',
    path: '/custom_attribute_definitions/{id}',
    adminOnly: true,
    handle(ctx) {
      const def = byId(ctx.store.attributeDefinitions, ctx, 'id');
      applyDefinition(ctx, def, unwrap(ctx.body, 'custom_attribute_definition'));
      return { status: 200, body: { ...def } };
    },
  },
  {
    name: 'deleteCustomAttributeDefinition',
    method: 'DELETE',
    path: '/custom_attribute_definitions/{id}',
    adminOnly: true,
    handle(ctx) {
      const def = byId(ctx.store.attributeDefinitions, ctx, 'id');
      ctx.store.attributeDefinitions.splice(ctx.store.attributeDefinitions.indexOf(def), 1);
      return { status: 200 };
    },
  },

  {
    name: 'listWebhooks',
    method: 'GET',
    path: '/webhooks',
    adminOnly: true,
    handle: (ctx) => ({ status: 200, body: { payload: { webhooks: ctx.store.webhooks.map((w) => webhookJson(ctx, w)) } } }),
  },
  {
    name: 'createWebhook',
    method: 'POST',
    path: '/webhooks',
    adminOnly: true,
    handle(ctx) {
      const hook: Webhook = { id: 0, name: null, url: '', subscriptions: [...DEFAULT_SUBSCRIPTIONS], secret: newSecret() };
      applyWebhook(ctx, hook, unwrap(ctx.body, 'webhook'));
      hook.id = ctx.store.nextId('webhook');
      ctx.store.webhooks.push(hook);
      return { status: 200, body: { payload: { webhook: webhookJson(ctx, hook) } } };
    },
  },
  {
    name: 'updateWebhook',
    method: 'PATCH',
    path: '/webhooks/{webhook_id}',
    adminOnly: true,
    handle(ctx) {
      const hook = byId(ctx.store.webhooks, ctx, 'webhook_id');
      const copy = { ...hook };
      applyWebhook(ctx, copy, unwrap(ctx.body, 'webhook'));
      Object.assign(hook, copy);
      return { status: 200, body: { payload: { webhook: webhookJson(ctx, hook) } } };
    },
  },
  {
    name: 'deleteWebhook',
    method: 'DELETE',
    path: '/webhooks/{webhook_id}',
    adminOnly: true,
    handle(ctx) {
      const hook = byId(ctx.store.webhooks, ctx, 'webhook_id');
      ctx.store.webhooks.splice(ctx.store.webhooks.indexOf(hook), 1);
      return { status: 200 };
    },
  },

  { name: 'listDashboardApps', method: 'GET', path: '/dashboard_apps', handle: (ctx) => ({ status: 200, body: ctx.store.dashboardApps.map(dashboardAppJson) }) },
  {
    name: 'createDashboardApp',
    method: 'POST',
    path: '/dashboard_apps',
    adminOnly: true,
    handle(ctx) {
      const app: DashboardApp = { id: 0, title: '', content: [], created_at: new Date().toISOString() };
      applyDashboardApp(app, unwrap(ctx.body, 'dashboard_app'));
      app.id = ctx.store.nextId('dashboardApp');
      ctx.store.dashboardApps.push(app);
      return { status: 200, body: dashboardAppJson(app) };
    },
  },
  {
    name: 'updateDashboardApp',
    method: 'PATCH',
    path: '/dashboard_apps/{id}',
    adminOnly: true,
    handle(ctx) {
      const app = byId(ctx.store.dashboardApps, ctx, 'id');
      const copy = { ...app };
      applyDashboardApp(copy, unwrap(ctx.body, 'dashboard_app'));
      Object.assign(app, copy);
      return { status: 200, body: dashboardAppJson(app) };
    },
  },
  {
    name: 'deleteDashboardApp',
    method: 'DELETE',
    path: '/dashboard_apps/{id}',
    adminOnly: true,
    handle(ctx) {
      const app = byId(ctx.store.dashboardApps, ctx, 'id');
      ctx.store.dashboardApps.splice(ctx.store.dashboardApps.indexOf(app), 1);
      return { status: 204 };
    },
  },

  { name: 'listInboxes', method: 'GET', path: '/inboxes', handle: (ctx) => ({ status: 200, body: { payload: ctx.store.inboxes.map(inboxRest) } }) },
  {
    name: 'createInbox',
    method: 'POST',
    path: '/inboxes',
    adminOnly: true,
    handle(ctx) {
      const name = optionalString(ctx.body.name);
      const channel = plainObject(ctx.body.channel);
      if (!name) throw recordInvalid(["Name can't be blank"], ['name']);
      if (channel.type === 'api') {
        const webhookUrl = optionalString(channel.webhook_url) ?? '';
        if (webhookUrl !== '' && !isHttpUrl(webhookUrl)) throw recordInvalid(['Webhook url is invalid'], ['webhook_url']);
        const inbox = ctx.store.addInbox({ name, kind: 'api', webhookUrl });
        ctx.events.inboxCreated(inbox);
        return { status: 200, body: inboxRest(inbox) };
      }
      if (channel.type === 'email') {
        const email = optionalString(channel.email);
        if (!email) throw recordInvalid(["Email can't be blank"], ['email']);
        const inbox = ctx.store.addInbox({ name, kind: 'email', email });
        ctx.events.inboxCreated(inbox);
        return { status: 200, body: inboxRest(inbox) };
      }
      throw new HttpError(422, { error: 'Invalid channel type' });
    },
  },

  {
    name: 'searchContacts',
    method: 'GET',
    path: '/contacts/search',
    handle(ctx) {
      const q = (ctx.query.get('q') ?? '').trim().toLowerCase();
      if (!q) throw new HttpError(422, { error: 'Specify search string with parameter q' });
      const page = Math.max(1, Number(ctx.query.get('page') ?? '1') || 1);
      const hits = ctx.store.contacts.filter((c) =>
        [c.name, c.email, c.phone_number, c.identifier].some((v) => v !== null && v.toLowerCase().includes(q)),
      );
      const slice = hits.slice((page - 1) * CONTACTS_PAGE, page * CONTACTS_PAGE);
      return {
        status: 200,
        body: { meta: { count: hits.length, current_page: page, has_more: hits.length > page * CONTACTS_PAGE }, payload: slice.map((c) => contactRest(ctx.store, c)) },
      };
    },
  },
  {
    // Chatwoot: { payload: [conversation…] } with every conversation of the contact (app/views/api/v1/accounts/contacts/conversations).
    name: 'listContactConversations',
    method: 'GET',
    path: '/contacts/{id}/conversations',
    handle(ctx) {
      const contact = ctx.store.contact(toInt(ctx.params.id, 'id'));
      if (!contact) throw notFound();
      return { status: 200, body: { payload: ctx.store.conversations.filter((c) => c.contact_id === contact.id).map((c) => conversationRest(ctx.store, c)) } };
    },
  },
  {
    name: 'createContact',
    method: 'POST',
    path: '/contacts',
    handle(ctx) {
      const input = unwrap(ctx.body, 'contact');
      const email = optionalString(input.email)?.trim().toLowerCase() || null;
      if (email !== null && !/^[^@\s]+@[^@\s]+$/.test(email)) throw recordInvalid(['Email Invalid email'], ['email']);
      if (email !== null && ctx.store.contacts.some((c) => c.email === email)) throw recordInvalid(['Email has already been taken'], ['email']);
      const inbox = input.inbox_id === undefined ? undefined : ctx.store.inbox(toInt(input.inbox_id, 'inbox_id'));
      if (input.inbox_id !== undefined && !inbox) throw notFound();
      const contact = ctx.store.addContact({
        name: optionalString(input.name),
        email,
        phone_number: optionalString(input.phone_number) ?? null,
        identifier: optionalString(input.identifier) ?? null,
        additional_attributes: plainObject(input.additional_attributes),
        custom_attributes: plainObject(input.custom_attributes),
      });
      const contactInbox = inbox ? ctx.store.contactInboxFor(contact, inbox, optionalString(input.source_id) ?? (inbox.kind === 'api' ? randomUUID() : undefined)) : undefined;
      ctx.events.contactCreated(contact);
      return {
        status: 200,
        body: {
          payload: {
            contact: contactRest(ctx.store, contact),
            contact_inbox: contactInbox ? { inbox: inboxSlim(inbox!), source_id: contactInbox.source_id } : null,
          },
        },
      };
    },
  },
];
