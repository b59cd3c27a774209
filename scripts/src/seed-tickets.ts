import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createAdminClient } from '../../ai-pipeline/src/chatwoot/admin-client.js';
import { createChatwootHttp } from '../../ai-pipeline/src/chatwoot/http.js';
import { loadTickets } from '../../ai-pipeline/src/tickets/ticket.js';
import { DEFAULT_API_INBOX_NAME } from './lib/bootstrap-desired.js';
import { describeChatwootError } from './lib/chatwoot-errors.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFrom, loadEnvironment } from './lib/cli-options.js';
import { createProgress } from './lib/progress.js';
import { checkSeedInbox, seedTickets } from './lib/seed.js';

export { seedTickets, type SeedOptions, type SeedProgress, type SeedResult } from './lib/seed.js';

const HELP = `Usage: scripts/seed-tickets [options]

Imports sample tickets into a Chatwoot API inbox: one contact per sender, one conversation per ticket with the
body as the customer's message. Running it again creates nothing new (tickets are matched by id).

  --inbox-id N     the API inbox (default: the API inbox named "${DEFAULT_API_INBOX_NAME}", made by bootstrap-chatwoot --api-inbox)
  --limit N        import at most the first N tickets
  --tickets PATH   a folder of ticket JSON files or a .jsonl file (default tickets/)
  -h, --help       this text

${CONNECTION_HELP}`;

const positiveInt = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`${flag} must be a whole number, got "${v}"`);
  return Number(v);
};

export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let values;
  let inboxFlag: number | undefined;
  let limit: number | undefined;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...CONNECTION_OPTIONS, 'inbox-id': { type: 'string' }, limit: { type: 'string' }, tickets: { type: 'string', default: 'tickets' } },
      strict: true,
    }));
    inboxFlag = positiveInt(values['inbox-id'], '--inbox-id');
    limit = positiveInt(values.limit, '--limit');
  } catch (e) {
    err(`seed-tickets: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    out(HELP);
    return 0;
  }
  let conn;
  let tickets;
  try {
    conn = connectionFrom(values, loadEnvironment(values['env-file']));
    tickets = await loadTickets(resolve(values.tickets));
  } catch (e) {
    err(`seed-tickets: ${(e as Error).message}`);
    return 2;
  }
  if (tickets.length === 0) {
    err(`seed-tickets: no tickets found in ${values.tickets}`);
    return 2;
  }
  const http = createChatwootHttp({ baseUrl: conn.baseUrl, apiToken: conn.apiToken, accountId: conn.accountId });
  const admin = createAdminClient(http);
  let inboxId = inboxFlag;
  try {
    if (inboxId === undefined) {
      const named = (await admin.listInboxes()).filter((i) => i.name === DEFAULT_API_INBOX_NAME && i.channel_type === 'Channel::Api');
      if (named.length !== 1) throw new Error(`--inbox-id is required (there is no single API inbox named "${DEFAULT_API_INBOX_NAME}")`);
      inboxId = named[0]!.id;
    }
    await checkSeedInbox(admin, inboxId);
  } catch (e) {
    err(`seed-tickets: ${describeChatwootError(e)}`);
    return 1;
  }

  const total = limit === undefined ? tickets.length : Math.min(limit, tickets.length);
  out(`Importing ${total} ticket(s) into inbox ${inboxId} at ${conn.baseUrl}, account ${conn.accountId}`);
  const progress = createProgress(total);
  let result;
  try {
    result = await seedTickets({
      http,
      inboxId,
      tickets,
      limit,
      onProgress: (p) => {
        if (p.outcome === 'failed') progress.note(`✗ ticket ${p.ticketId} failed: ${p.error}`);
        progress.update({ index: p.index, total: p.total, label: p.ticketId, outcome: p.outcome === 'created' ? `created (conversation ${p.conversationId})` : p.outcome });
      },
    });
  } catch (e) {
    progress.stop();
    err(`seed-tickets: could not list the inbox's conversations: ${describeChatwootError(e)}`);
    return 1;
  }
  progress.stop();
  out(`Summary: ${result.created} created, ${result.skipped} skipped (already imported), ${result.failed.length} failed`);
  for (const f of result.failed) out(`  failed ${f.ticketId}: ${f.error}`);
  return result.failed.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`seed-tickets: unexpected error: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    },
  );
}
