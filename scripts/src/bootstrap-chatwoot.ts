import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createAdminClient } from '../../ai-pipeline/src/chatwoot/admin-client.js';
import { createChatwootHttp } from '../../ai-pipeline/src/chatwoot/http.js';
import { ChatwootExtraClient } from '../../ai-pipeline/src/chatwoot/client.js';
import { loadSlaConfig } from '../../ai-pipeline/src/sla/config.js';
import { loadRoutingConfig } from '../../ai-pipeline/src/config/routing.js';
import { loadTriageConfig } from '../../ai-pipeline/src/rules/load.js';
import { DEFAULT_AUTO_ASSIGN_THRESHOLD } from '../../ai-pipeline/src/config/defaults.js';
import { BootstrapAbort, bootstrapChatwoot, summarize, type BootstrapResult } from './lib/bootstrap.js';
import { DEFAULT_API_INBOX_NAME } from './lib/bootstrap-desired.js';
import { HelpCenterClient } from '../../ai-pipeline/src/chatwoot/help-center-client.js';
import { bootstrapHelpCenter } from './lib/bootstrap-help-center.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFrom, loadEnvironment, withOptionalValues } from './lib/cli-options.js';
import { writeEnvValue } from './lib/env-file.js';
import { bootstrapAgentBot } from './lib/bootstrap-agent-bot.js';

export { bootstrapChatwoot, type BootstrapResult };

const HELP = `Usage: scripts/bootstrap-chatwoot [options]

Creates or updates, idempotently, what the triage sidecar needs in Chatwoot: labels, conversation custom
attribute definitions, the signed account webhook, the "Customer context" dashboard app, optionally an API inbox
for sample tickets, and the teams the routing file names (team: <name>); then checks that the routing
file's team and agent ids exist.

${CONNECTION_HELP}

Set-up:
  --pipeline-url URL     where Chatwoot reaches ai-pipeline (default http://ai-pipeline:3100); webhook = <URL>/webhook
  --sidebar-url URL      where agents' browsers reach ai-pipeline, which serves the sidebar (default http://localhost:3100)
  --sidebar-token T      the sidebar token, allowed only look-ups by conversation (default SIDEBAR_TOKEN; never ENRICHMENT_TOKEN)
  --routing PATH         routing YAML: create its named teams, check its ids (default ROUTING_CONFIG)
  --triage PATH          triage configuration (default TRIAGE_CONFIG): its categories become labels and ai_category
                         values, its rules' team and agent ids are checked
  --api-inbox [NAME]     also create an API inbox for sample tickets (default name "${DEFAULT_API_INBOX_NAME}")
  --write-env [PATH]     write CHATWOOT_WEBHOOK_SECRET=… into this env file (default .env) instead of printing it
  --help-center [DIR]    also create the help-center portal, categories and articles from DIR (default help-center/),
                         published, idempotent by article slug
  --portal SLUG          the portal for --help-center (default HELP_CENTER_PORTAL, else studyflash-help)
  --agent-bot            also the chat bot: an agent bot with outgoing_url <pipeline URL>/bot connected to --inbox,
                         and the labels ai-auto-replied and no-auto-reply; prints (or with --write-env writes)
                         BOT_WEBHOOK_SECRET and BOT_ACCESS_TOKEN
  --inbox N              the (web widget) inbox the agent bot answers in (with --agent-bot)
  --dry-run              print the plan; write nothing
  -h, --help             this text

Paths are relative to the repository root (the wrapper runs from there).`;

/** The CLI: returns the exit code (0 ok, 1 a step failed or the routing file names unknown ids, 2 bad usage). */
export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: withOptionalValues(argv, { '--api-inbox': DEFAULT_API_INBOX_NAME, '--write-env': '.env', '--help-center': 'help-center' }),
      options: {
        ...CONNECTION_OPTIONS,
        'pipeline-url': { type: 'string', default: 'http://ai-pipeline:3100' },
        'sidebar-url': { type: 'string', default: 'http://localhost:3100' },
        'sidebar-token': { type: 'string' },
        routing: { type: 'string' },
        triage: { type: 'string' },
        'api-inbox': { type: 'string' },
        'write-env': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'help-center': { type: 'string' },
        portal: { type: 'string' },
        'agent-bot': { type: 'boolean', default: false },
        inbox: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    err(`bootstrap-chatwoot: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    out(HELP);
    return 0;
  }
  const botInbox = values.inbox === undefined ? undefined : Number(values.inbox);
  if (values['agent-bot'] && (botInbox === undefined || !Number.isInteger(botInbox) || botInbox < 1)) {
    err(`bootstrap-chatwoot: --agent-bot needs --inbox N (the web-widget inbox id, a whole number), got ${values.inbox ?? 'none'}\n\n${HELP}`);
    return 2;
  }
  let conn;
  let env;
  try {
    env = loadEnvironment(values['env-file']);
    conn = connectionFrom(values, env);
  } catch (e) {
    err(`bootstrap-chatwoot: ${(e as Error).message}`);
    return 2;
  }
  const dryRun = values['dry-run'];
  const routingPath = values.routing ?? (env.ROUTING_CONFIG || undefined);
  let routing;
  if (routingPath) {
    try {
      routing = { path: routingPath, config: await loadRoutingConfig(resolve(routingPath)) };
    } catch (e) {
      err(`bootstrap-chatwoot: ${(e as Error).message}`);
      return 2;
    }
  }

  const triagePath = values.triage ?? (env.TRIAGE_CONFIG || undefined);
  let triage;
  if (triagePath) {
    try {
      triage = { path: triagePath, config: await loadTriageConfig(resolve(triagePath), DEFAULT_AUTO_ASSIGN_THRESHOLD) };
    } catch (e) {
      err(`bootstrap-chatwoot: ${(e as Error).message}`);
      return 2;
    }
  }

  let slaConfig;
  if (triagePath) {
    try {
      slaConfig = (await loadSlaConfig(resolve(triagePath))) ?? undefined;
    } catch (e) {
      err(`bootstrap-chatwoot: ${(e as Error).message}`);
      return 2;
    }
  }

  const http = createChatwootHttp({ baseUrl: conn.baseUrl, apiToken: conn.apiToken, accountId: conn.accountId });
  out(`Chatwoot ${conn.baseUrl}, account ${conn.accountId}${dryRun ? ' — DRY RUN: nothing will be written' : ''}`);
  let result: BootstrapResult;
  try {
    result = await bootstrapChatwoot({
      admin: createAdminClient(http),
      baseUrl: conn.baseUrl,
      accountId: conn.accountId,
      pipelineUrl: values['pipeline-url'],
      sidebarUrl: values['sidebar-url'],
      sidebarToken: values['sidebar-token'] ?? (env.SIDEBAR_TOKEN || undefined),
      routing,
      triage,
      apiInboxName: values['api-inbox'],
      dryRun,
      log: out,
      sla: slaConfig ? { client: new ChatwootExtraClient(http), config: slaConfig } : undefined,
    });
  } catch (e) {
    if (e instanceof BootstrapAbort) {
      err(`bootstrap-chatwoot: ${e.message}`);
      return 1;
    }
    throw e;
  }

  out('webhook secret');
  const envPath = values['write-env'];
  if (!result.webhookSecret) {
    out(dryRun ? '  (known after a real run; the webhook does not exist yet)' : '  none returned (see the warning above)');
  } else if (envPath && dryRun) {
    out(`  would write CHATWOOT_WEBHOOK_SECRET to ${envPath}`);
  } else if (envPath) {
    writeEnvValue(envPath, 'CHATWOOT_WEBHOOK_SECRET', result.webhookSecret);
    out(`  written to ${envPath} as CHATWOOT_WEBHOOK_SECRET (restart ai-pipeline to use it: docker compose up -d ai-pipeline)`);
  } else {
    out(`  CHATWOOT_WEBHOOK_SECRET=${result.webhookSecret}`);
    out('  (put this line in the .env of ai-pipeline, or re-run with --write-env .env)');
  }
  if (result.apiInboxId !== undefined) out(`API inbox for sample tickets: scripts/seed-tickets --inbox-id ${result.apiInboxId}`);
  if (values['help-center'] !== undefined) {
    const portalSlug = values.portal ?? (env.HELP_CENTER_PORTAL || 'studyflash-help');
    try {
      const plan = await bootstrapHelpCenter({
        client: new HelpCenterClient(http),
        admin: createAdminClient(http),
        dir: resolve(values['help-center']),
        portalSlug,
        portalName: 'Help Center',
        dryRun,
        log: out,
      });
      out(`help center ${dryRun ? 'plan' : 'done'}: ${plan.created} created, ${plan.updated} updated, ${plan.unchanged} unchanged, ${plan.failed} failed; set HELP_CENTER_PORTAL=${portalSlug}`);
      if (plan.failed) result.failed = true;
    } catch (e) {
      err(`bootstrap-chatwoot: help center: ${(e as Error).message}`);
      return 1;
    }
  }
  if (values['agent-bot'] && botInbox !== undefined) {
    out('chat bot');
    const bot = await bootstrapAgentBot({ admin: createAdminClient(http), pipelineUrl: values['pipeline-url'], inboxId: botInbox, dryRun, log: out });
    if (bot.failed) result.failed = true;
    else if (bot.secret && bot.accessToken) {
      const botEnvPath = values['write-env'];
      if (botEnvPath && !dryRun) {
        writeEnvValue(botEnvPath, 'BOT_WEBHOOK_SECRET', bot.secret);
        writeEnvValue(botEnvPath, 'BOT_ACCESS_TOKEN', bot.accessToken);
        out(`  written to ${botEnvPath} as BOT_WEBHOOK_SECRET and BOT_ACCESS_TOKEN (restart ai-pipeline to turn the bot on)`);
      } else {
        out(`  BOT_WEBHOOK_SECRET=${bot.secret}`);
        out(`  BOT_ACCESS_TOKEN=${bot.accessToken}`);
        out('  (put these lines in the .env of ai-pipeline, or re-run with --write-env .env)');
      }
    } else if (!dryRun) {
      out('  Chatwoot did not return the bot\'s secret and access token: copy them from Settings → Bots');
    }
  }
  out(`${dryRun ? 'Plan' : 'Done'}: ${summarize(result, dryRun)}`);
  return result.failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`bootstrap-chatwoot: unexpected error: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    },
  );
}
