import type { AdminClient } from '../../../ai-pipeline/src/chatwoot/admin-client.js';
import { routingTargets, type RoutingConfig } from '../../../ai-pipeline/src/config/routing.js';
import { ruleTargets } from '../../../ai-pipeline/src/rules/load.js';
import type { TriageConfig } from '../../../ai-pipeline/src/rules/schema.js';
import { describeChatwootError, fatalHint } from './chatwoot-errors.js';
import {
  DASHBOARD_APP_TITLE,
  desiredAttributes,
  desiredLabels,
  WEBHOOK_EVENTS,
  WEBHOOK_NAME,
  sidebarUrl,
  webhookUrl,
} from './bootstrap-desired.js';
import { isPrivateNetworkUrl } from './private-network.js';
import type { ChatwootExtraClient } from '../../../ai-pipeline/src/chatwoot/client.js';
import type { SlaConfig } from '../../../ai-pipeline/src/sla/config.js';
import { desiredSlaPolicies, ensureSlaPolicies } from '../../../ai-pipeline/src/sla/policies.js';

export type Outcome = 'created' | 'updated' | 'already existed' | 'skipped' | 'failed' | 'ok' | 'problem';

export interface BootstrapItem {
  section: string;
  name: string;
  outcome: Outcome;
  detail?: string;
}

export interface BootstrapOptions {
  admin: AdminClient;
  baseUrl: string;
  accountId: number;
  pipelineUrl: string;
  /** Where agents' browsers reach ai-pipeline (it serves the sidebar page). */
  sidebarUrl: string;
  /** SIDEBAR_TOKEN; without it the dashboard app is skipped (the sidebar could not authenticate). */
  sidebarToken?: string;
  /** The parsed routing file to check, with the path it came from. */
  routing?: { path: string; config: RoutingConfig };
  /** The parsed triage configuration (TRIAGE_CONFIG): its categories become labels and ai_category values; its rules' ids are checked. */
  triage?: { path: string; config: TriageConfig };
  /** Create (or find) an API inbox with this name for sample tickets. */
  apiInboxName?: string;
  dryRun: boolean;
  log?: (line: string) => void;
  /** The `sla:` section of TRIAGE_CONFIG: native SLA policies are created where the account has `features.sla`. */
  sla?: { client: ChatwootExtraClient; config: SlaConfig };
}

export interface BootstrapResult {
  items: BootstrapItem[];
  warnings: string[];
  /** The account webhook's signing secret (absent on a dry run that would create it, or on Chatwoot < 4.11.2). */
  webhookSecret?: string;
  apiInboxId?: number;
  /** True when any item failed or found a problem. */
  failed: boolean;
}

/** Stops the run: nothing else can work (refused token, Chatwoot unreachable, unknown account). */
export class BootstrapAbort extends Error {}

const VERB_DRY: Partial<Record<Outcome, string>> = { created: 'would be created', updated: 'would be updated' };

/**
 * Makes Chatwoot match the desired set-up, idempotently: each label, attribute definition, the webhook, the
 * dashboard app and (optionally) an API inbox is created when missing, updated when it differs, and otherwise
 * left alone. On a dry run it only reads. Every item is logged as it is decided.
 */
export async function bootstrapChatwoot(o: BootstrapOptions): Promise<BootstrapResult> {
  const log = o.log ?? ((line: string) => console.log(line));
  const result: BootstrapResult = { items: [], warnings: [], failed: false };
  let currentSection = '';

  const record = (item: BootstrapItem) => {
    result.items.push(item);
    if (item.outcome === 'failed' || item.outcome === 'problem') result.failed = true;
    if (item.section !== currentSection) {
      currentSection = item.section;
      log(item.section);
    }
    const verb = (o.dryRun && VERB_DRY[item.outcome]) || item.outcome;
    log(`  ${verb.padEnd(16)} ${item.name}${item.detail ? `  (${item.detail})` : ''}`);
  };
  const warn = (text: string) => {
    result.warnings.push(text);
    log(`  warning: ${text}`);
  };

  /** Runs one step; an error fails that item (or aborts the run when nothing else could work). */
  async function step(section: string, name: string, listing: boolean, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (err instanceof BootstrapAbort) throw err;
      const fatal = fatalHint(err, o.baseUrl, o.accountId, listing);
      if (fatal) throw new BootstrapAbort(`step "${section}: ${name}" failed: ${fatal}`);
      record({ section, name, outcome: 'failed', detail: describeChatwootError(err) });
    }
  }

  /** created / updated / already existed for one object, given what exists and what differs. */
  async function reconcile<T>(section: string, name: string, existing: T | undefined, differences: (e: T) => string[], create: () => Promise<unknown>, update: (e: T) => Promise<unknown>) {
    await step(section, name, false, async () => {
      if (existing === undefined) {
        if (!o.dryRun) await create();
        record({ section, name, outcome: 'created' });
        return;
      }
      const diff = differences(existing);
      if (diff.length === 0) return record({ section, name, outcome: 'already existed' });
      if (!o.dryRun) await update(existing);
      record({ section, name, outcome: 'updated', detail: diff.join(', ') });
    });
  }

  // Labels
  await step('labels', 'list', true, async () => {
    const labels = await o.admin.listLabels();
    for (const want of desiredLabels(o.triage?.config)) {
      const have = labels.find((l) => l.title === want.title);
      await reconcile(
        'labels',
        want.title,
        have,
        (e) => [
          ...((e.color ?? '').toLowerCase() !== want.color.toLowerCase() ? ['color'] : []),
          ...((e.description ?? '') !== want.description ? ['description'] : []),
          ...((e.show_on_sidebar ?? true) !== want.show_on_sidebar ? ['show_on_sidebar'] : []),
        ],
        () => o.admin.createLabel(want),
        (e) => o.admin.updateLabel(e.id, { color: want.color, description: want.description, show_on_sidebar: want.show_on_sidebar }),
      );
    }
  });

  // Conversation custom attribute definitions
  await step('custom attributes', 'list', true, async () => {
    const defs = await o.admin.listAttributeDefinitions('conversation_attribute');
    for (const want of desiredAttributes(o.triage?.config)) {
      const have = defs.find((d) => d.attribute_key === want.attribute_key && d.attribute_model === 'conversation_attribute');
      await reconcile(
        'custom attributes',
        `${want.attribute_key} (${want.attribute_display_type})`,
        have,
        (e) => [
          ...(e.attribute_display_name !== want.attribute_display_name ? ['display name'] : []),
          ...(e.attribute_display_type !== want.attribute_display_type ? ['type'] : []),
          ...(JSON.stringify(e.attribute_values ?? []) !== JSON.stringify(want.attribute_values) ? ['values'] : []),
          ...((e.attribute_description ?? '') !== want.attribute_description ? ['description'] : []),
        ],
        () => o.admin.createAttributeDefinition(want),
        (e) => o.admin.updateAttributeDefinition(e.id, want),
      );
    }
  });

  // The account webhook
  const hookUrl = webhookUrl(o.pipelineUrl);
  await step('webhook', hookUrl, true, async () => {
    const hooks = await o.admin.listWebhooks();
    const have = hooks.find((h) => h.url === hookUrl);
    let secret = have?.secret ?? undefined;
    await reconcile(
      'webhook',
      `${hookUrl} [${WEBHOOK_EVENTS.join(', ')}]`,
      have,
      (e) => {
        const missing = WEBHOOK_EVENTS.filter((ev) => !e.subscriptions.includes(ev));
        return missing.length ? [`subscribe ${missing.join(', ')}`] : [];
      },
      async () => {
        secret = (await o.admin.createWebhook({ url: hookUrl, name: WEBHOOK_NAME, subscriptions: WEBHOOK_EVENTS })).secret ?? undefined;
      },
      async (e) => {
        const subscriptions = [...new Set([...e.subscriptions, ...WEBHOOK_EVENTS])];
        secret = (await o.admin.updateWebhook(e.id, { subscriptions })).secret ?? secret;
      },
    );
    if (secret) result.webhookSecret = secret;
    else if (!o.dryRun || have) warn('Chatwoot returned no webhook secret: it is older than 4.11.2 and does not sign webhooks; set WEBHOOK_URL_TOKEN and add ?token=<it> to the webhook URL');
    if (isPrivateNetworkUrl(hookUrl)) {
      warn(
        `${new URL(hookUrl).host} is a private, docker-internal or localhost address: Chatwoot ≥ 4.14 only delivers there when its containers run with SAFE_FETCH_ALLOW_PRIVATE_NETWORK=true (docker-compose.yml sets it)`,
      );
    }
  });

  // The dashboard app (customer-context sidebar, served by ai-pipeline)
  await step('dashboard app', DASHBOARD_APP_TITLE, true, async () => {
    if (!o.sidebarToken) {
      record({ section: 'dashboard app', name: DASHBOARD_APP_TITLE, outcome: 'skipped', detail: 'SIDEBAR_TOKEN is empty, so the sidebar could not authenticate' });
      return;
    }
    const url = sidebarUrl(o.sidebarUrl, o.sidebarToken);
    const shown = `${o.sidebarUrl.replace(/\/+$/, '')}/sidebar#token=…`;
    const apps = await o.admin.listDashboardApps();
    const have = apps.find((a) => a.title === DASHBOARD_APP_TITLE);
    await reconcile(
      'dashboard app',
      `${DASHBOARD_APP_TITLE} → ${shown}`,
      have,
      (e) => (e.content.length === 1 && e.content[0]?.url === url && e.content[0]?.type === 'frame' ? [] : ['url']),
      () => o.admin.createDashboardApp({ title: DASHBOARD_APP_TITLE, url }),
      (e) => o.admin.updateDashboardApp(e.id, { title: DASHBOARD_APP_TITLE, url }),
    );
  });

  // Optional API inbox for sample tickets
  if (o.apiInboxName) {
    const name = o.apiInboxName;
    await step('api inbox', name, true, async () => {
      const inboxes = await o.admin.listInboxes();
      const have = inboxes.find((i) => i.name === name && i.channel_type === 'Channel::Api');
      if (have) {
        result.apiInboxId = have.id;
        record({ section: 'api inbox', name: `${name} (id ${have.id})`, outcome: 'already existed' });
        return;
      }
      if (o.dryRun) return record({ section: 'api inbox', name, outcome: 'created' });
      const created = await o.admin.createApiInbox(name);
      result.apiInboxId = created.id;
      record({ section: 'api inbox', name: `${name} (id ${created.id})`, outcome: 'created' });
    });
  }

  // Teams the routing file names (team: <name>): create the missing ones
  const teamNames = o.routing ? routingTargets(o.routing.config).teamNames : [];
  const plannedTeams = new Set<string>();
  if (teamNames.length > 0) {
    await step('teams', 'list', true, async () => {
      const teams = await o.admin.listTeams();
      for (const name of teamNames) {
        const have = teams.find((t) => t.name.toLowerCase() === name);
        await step('teams', name, false, async () => {
          if (have) return record({ section: 'teams', name: `${name} (id ${have.id})`, outcome: 'already existed' });
          if (o.dryRun) {
            plannedTeams.add(name);
            return record({ section: 'teams', name, outcome: 'created' });
          }
          const created = await o.admin.createTeam(name, 'Created by scripts/bootstrap-chatwoot from the routing file');
          record({ section: 'teams', name: `${name} (id ${created.id})`, outcome: 'created', detail: 'add its agents in Settings → Teams' });
        });
      }
    });
  }

  // Native SLA policies (enterprise, features.sla); elsewhere the pipeline keeps the clock itself.
  if (o.sla) {
    const { client, config } = o.sla;
    await step('sla policies', 'features', true, async () => {
      if (!(await client.accountFeatures()).has('sla')) {
        record({ section: 'sla policies', name: 'native SLA', outcome: 'skipped', detail: 'the account has no features.sla: ai-pipeline keeps the SLA clock itself' });
        return;
      }
      if (o.dryRun) {
        const existing = await client.listSlaPolicies();
        for (const { input } of desiredSlaPolicies(config)) {
          record({ section: 'sla policies', name: input.name, outcome: existing.some((p) => p.name === input.name) ? 'already existed' : 'created' });
        }
        return;
      }
      const { ids, created } = await ensureSlaPolicies(client, config);
      for (const [priority, id] of ids) {
        const name = desiredSlaPolicies(config).find((d) => d.priority === priority)!.input.name;
        record({ section: 'sla policies', name: `${name} (id ${id})`, outcome: created.includes(name) ? 'created' : 'already existed' });
      }
    });
  }

  // Routing table check
  const routingFile = o.triage
    ? { path: o.triage.path, targets: ruleTargets(o.triage.config) }
    : o.routing
      ? { path: o.routing.path, targets: routingTargets(o.routing.config) }
      : null;
  if (!routingFile) {
    record({ section: 'routing', name: 'routing file', outcome: 'skipped', detail: 'no --routing/--triage and ROUTING_CONFIG/TRIAGE_CONFIG are empty' });
  } else {
    const { path, targets } = routingFile;
    await step('routing', path, true, async () => {
      const { teamIds, agentIds } = targets;
      const names = 'teamNames' in targets ? (targets.teamNames as string[]) : [];
      const [teams, agents] = await Promise.all([o.admin.listTeams(), o.admin.listAgents()]);
      const missingTeams = teamIds.filter((id) => !teams.some((t) => t.id === id));
      // A name the teams step could not create (or, on a dry run, did not plan) is a problem too.
      const missingNames = names.filter((n) => !plannedTeams.has(n) && !teams.some((t) => t.name.toLowerCase() === n));
      for (const name of missingNames) record({ section: 'routing', name: `team "${name}" does not exist`, outcome: 'problem' });
      const missingAgents = agentIds.filter((id) => !agents.some((a) => a.id === id));
      const known = `teams: ${teams.map((t) => `${t.id} ${t.name}`).join(', ') || 'none'}; agents: ${agents.map((a) => `${a.id} ${a.name}`).join(', ') || 'none'}`;
      for (const id of missingTeams) record({ section: 'routing', name: `team ${id} does not exist`, outcome: 'problem', detail: known });
      for (const id of missingAgents) record({ section: 'routing', name: `agent ${id} does not exist`, outcome: 'problem', detail: known });
      if (missingTeams.length + missingAgents.length + missingNames.length === 0) {
        const teamCount = teamIds.length + names.length;
        record({ section: 'routing', name: `${path}: ${teamCount} team(s) and ${agentIds.length} agent(s) ${o.dryRun && plannedTeams.size ? 'exist or will be created' : 'exist'}`, outcome: 'ok' });
      }
    });
  }
  return result;
}

export function summarize(result: BootstrapResult, dryRun = false): string {
  const count = (o: Outcome) => result.items.filter((i) => i.outcome === o).length;
  const [created, updated] = dryRun ? ['to create', 'to update'] : ['created', 'updated'];
  return `${count('created')} ${created}, ${count('updated')} ${updated}, ${count('already existed')} already existed, ${count('failed') + count('problem')} failed or wrong, ${count('skipped')} skipped`;
}
