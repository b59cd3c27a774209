import type pg from 'pg';
import { contactHash } from './contact-hash.js';

/**
 * An erasure request: removes every row of the `triage` schema about one person. Rows are found by the
 * stored contact hash, by the address appearing anywhere in the row (a checkpoint's enrichment data or a
 * draft), and by conversation: every row of a conversation one of those rows belongs to, plus the
 * conversations Chatwoot lists for the contact (passed in). Every table of the schema is covered, also
 * tables added later, through information_schema. One transaction.
 */

export interface ConversationRef {
  accountId: number;
  conversationId: number;
}

/** Deleted rows per table (`jobs`, `records`, …). */
export type ErasureResult = Record<string, number>;

interface TableInfo {
  name: string;
  hasHash: boolean;
  hasConversation: boolean;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;

async function tablesOf(client: pg.PoolClient): Promise<TableInfo[]> {
  const { rows } = await client.query<{ table_name: string; columns: string[] }>(
    `SELECT c.table_name, array_agg(c.column_name::text) AS columns
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'triage' AND c.table_name <> 'migrations'
      GROUP BY c.table_name ORDER BY c.table_name`,
  );
  return rows.map((r) => ({
    name: r.table_name,
    hasHash: r.columns.includes('contact_hash'),
    hasConversation: r.columns.includes('account_id') && r.columns.includes('conversation_id'),
  }));
}

function matchesPerson(t: TableInfo): string {
  return `(lower(x::text) LIKE $1${t.hasHash ? ' OR x.contact_hash = $2' : ''})`;
}

export async function eraseContact(pool: pg.Pool, email: string, knownConversations: ConversationRef[] = []): Promise<ErasureResult> {
  const address = email.trim();
  if (!address.includes('@')) throw new Error('--email must be an e-mail address');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const tables = await tablesOf(client);
    const params = [likePattern(address), contactHash(address)];
    const conversations = new Map<string, ConversationRef>(knownConversations.map((c) => [`${c.accountId}:${c.conversationId}`, c]));
    for (const t of tables.filter((t) => t.hasConversation)) {
      const { rows } = await client.query<{ account_id: number; conversation_id: number }>(
        `SELECT DISTINCT account_id, conversation_id FROM triage.${ident(t.name)} x WHERE ${matchesPerson(t)}`,
        t.hasHash ? params : params.slice(0, 1),
      );
      for (const r of rows) conversations.set(`${r.account_id}:${r.conversation_id}`, { accountId: r.account_id, conversationId: r.conversation_id });
    }
    const accounts = [...conversations.values()].map((c) => c.accountId);
    const ids = [...conversations.values()].map((c) => c.conversationId);
    const result: ErasureResult = {};
    for (const t of tables) {
      const byConversation = t.hasConversation
        ? ` OR (x.account_id, x.conversation_id) IN (SELECT * FROM unnest($${t.hasHash ? 3 : 2}::bigint[], $${t.hasHash ? 4 : 3}::bigint[]))`
        : '';
      const values = [...(t.hasHash ? params : params.slice(0, 1)), ...(t.hasConversation ? [accounts, ids] : [])];
      const deleted = await client.query(`DELETE FROM triage.${ident(t.name)} x WHERE ${matchesPerson(t)}${byConversation}`, values);
      // Always report the pipeline's two main tables; the others only when they held something of this person.
      const n = deleted.rowCount ?? 0;
      if (n > 0 || t.name === 'jobs' || t.name === 'records') result[t.name] = n;
    }
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
