import { LABEL_AUTO_REPLIED, LABEL_NO_AUTO_REPLY } from '../../../ai-pipeline/src/autoreply/decide.js';
import type { createAdminClient } from '../../../ai-pipeline/src/chatwoot/admin-client.js';

type Admin = Pick<ReturnType<typeof createAdminClient>, 'listInboxes' | 'listAgentBots' | 'createAgentBot' | 'setInboxAgentBot' | 'listLabels' | 'createLabel'>;

export const AGENT_BOT_NAME = 'Help-center assistant';

/** The labels the chat bot and the auto-reply set (created when missing). */
const BOT_LABELS = [
  { title: LABEL_AUTO_REPLIED, description: 'An AI assistant answered the customer directly (auto-reply)', color: '#7C3AED', show_on_sidebar: true },
  { title: LABEL_NO_AUTO_REPLY, description: 'No automatic answers in this conversation (the chat bot handed it over, or set by an agent)', color: '#6B7280', show_on_sidebar: true },
];

export interface AgentBotResult {
  botId?: number;
  accessToken?: string;
  secret?: string;
  failed: boolean;
}

/**
 * `scripts/bootstrap-chatwoot --agent-bot --inbox N`: an agent bot whose outgoing_url is the pipeline's POST /bot
 * (found again by that URL, so a re-run creates nothing), connected to inbox N (set_agent_bot), and the labels
 * ai-auto-replied and no-auto-reply. Returns the bot's access token and secret for BOT_ACCESS_TOKEN / BOT_WEBHOOK_SECRET.
 */
export async function bootstrapAgentBot(o: { admin: Admin; pipelineUrl: string; inboxId: number; dryRun: boolean; log: (line: string) => void }): Promise<AgentBotResult> {
  const outgoingUrl = `${o.pipelineUrl.replace(/\/+$/, '')}/bot`;
  const inbox = (await o.admin.listInboxes()).find((i) => i.id === o.inboxId);
  if (!inbox) {
    o.log(`  agent bot: inbox ${o.inboxId} does not exist (GET /inboxes lists the ids)`);
    return { failed: true };
  }
  if (inbox.channel_type !== 'Channel::WebWidget') {
    o.log(`  agent bot: note — inbox ${o.inboxId} "${inbox.name}" is ${inbox.channel_type}, not a web widget; the bot answers in any inbox, but is meant for chat`);
  }
  let bot = (await o.admin.listAgentBots()).find((b) => b.outgoing_url === outgoingUrl);
  if (bot) o.log(`  agent bot "${bot.name}" (id ${bot.id}) → ${outgoingUrl}: already existed`);
  else if (o.dryRun) o.log(`  agent bot "${AGENT_BOT_NAME}" → ${outgoingUrl}: would be created`);
  else {
    bot = await o.admin.createAgentBot({ name: AGENT_BOT_NAME, description: 'Answers chats from the help center and hands over to a person (triage sidecar)', outgoing_url: outgoingUrl });
    o.log(`  agent bot "${bot.name}" (id ${bot.id}) → ${outgoingUrl}: created`);
  }
  if (o.dryRun) o.log(`  inbox ${o.inboxId} "${inbox.name}": would be connected to the bot (set_agent_bot)`);
  else if (bot) {
    await o.admin.setInboxAgentBot(o.inboxId, bot.id);
    o.log(`  inbox ${o.inboxId} "${inbox.name}": connected to the bot (new conversations start pending, for the bot)`);
  }
  const labels = await o.admin.listLabels();
  for (const want of BOT_LABELS) {
    if (labels.some((l) => l.title === want.title)) continue;
    if (!o.dryRun) await o.admin.createLabel(want);
    o.log(`  label ${want.title}: ${o.dryRun ? 'would be created' : 'created'}`);
  }
  return { botId: bot?.id, accessToken: bot?.access_token ?? undefined, secret: bot?.secret ?? undefined, failed: false };
}
