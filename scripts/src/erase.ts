import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { createAdminClient } from '../../ai-pipeline/src/chatwoot/admin-client.js';
import { createChatwootHttp } from '../../ai-pipeline/src/chatwoot/http.js';
import { eraseContact, type ConversationRef } from '../../ai-pipeline/src/store/erasure.js';
import { migrate } from '../../ai-pipeline/src/store/migrations.js';
import { describeChatwootError } from './lib/chatwoot-errors.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFrom, loadEnvironment } from './lib/cli-options.js';

const HELP = `Usage: npm run erase -- --email ADDRESS [options]

An erasure request: removes everything the triage pipeline stored about one person from its database
(schema triage: job checkpoints with the customer's text, translations, drafts and enrichment data; triage
records). Rows are found by the stored hash of the contact's e-mail, by the address anywhere in a row, and by
conversation: the conversations of those rows plus, when Chatwoot is reachable, every conversation Chatwoot
lists for the contact with that address. Prints the number of rows removed per table. Chatwoot's own data
(the contact, messages, notes) is not touched: delete the contact in Chatwoot for that.

  --email ADDRESS   the person's e-mail address (required)
  --no-chatwoot     do not ask Chatwoot for the contact's conversations
  -h, --help        this text

DATABASE_URL comes from the environment or the env file.
${CONNECTION_HELP}`;

const emailSchema = z.email({ error: 'must be an e-mail address such as anna@example.com' });

/** The conversations Chatwoot lists for the contact with exactly this address (none when there is no such contact). */
async function chatwootConversations(env: Record<string, string | undefined>, flags: Record<string, unknown>, email: string): Promise<ConversationRef[]> {
  const connection = connectionFrom(flags as { 'base-url'?: string; token?: string; 'account-id'?: string }, env);
  const admin = createAdminClient(createChatwootHttp(connection));
  const contact = await admin.findContactByEmail(email);
  if (!contact) return [];
  const ids = await admin.listContactConversations(contact.id);
  return ids.map((conversationId) => ({ accountId: connection.accountId, conversationId }));
}

/** The CLI: returns the exit code (0 done, 1 the database failed, 2 bad usage). */
export async function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...CONNECTION_OPTIONS, email: { type: 'string' }, 'no-chatwoot': { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    err(`erase: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    out(HELP);
    return 0;
  }
  const email = emailSchema.safeParse(values.email?.trim());
  if (!email.success) {
    err(`erase: --email ${values.email === undefined ? 'is required' : email.error.issues[0]!.message}\n\n${HELP}`);
    return 2;
  }
  let env: Record<string, string | undefined>;
  try {
    env = loadEnvironment(values['env-file']);
  } catch (e) {
    err(`erase: ${(e as Error).message}`);
    return 2;
  }
  if (!env.DATABASE_URL) {
    err('erase: DATABASE_URL is required (a postgres:// URL), in the environment or the env file');
    return 2;
  }

  let conversations: ConversationRef[] = [];
  if (!values['no-chatwoot']) {
    try {
      conversations = await chatwootConversations(env, values, email.data);
      out(`Chatwoot: ${conversations.length} conversation(s) of this contact`);
    } catch (e) {
      out(`Chatwoot: not asked (${describeChatwootError(e)}); erasing by what the database holds`);
    }
  }

  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
  try {
    await migrate(pool);
    const removed = await eraseContact(pool, email.data, conversations);
    out('Removed rows:');
    for (const [table, count] of Object.entries(removed)) out(`  triage.${table}: ${count}`);
    out(`Total: ${Object.values(removed).reduce((a, b) => a + b, 0)}`);
    return 0;
  } catch (e) {
    err(`erase: the database failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await pool.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
