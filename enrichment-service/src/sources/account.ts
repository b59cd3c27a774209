import pg from 'pg';
import type { AccountConfig } from '../config.js';
import { SourceError, SourceTimeoutError, type AccountData, type AttributeValue, type Source } from '../section.js';

/** Columns with a fixed place in the answer; every other column goes to `attributes`. */
const PLAN_COLUMN = 'plan';
const SIGNED_UP_COLUMNS = ['signed_up_at', 'created_at'];

export interface AccountSource {
  source: Source<AccountData>;
  close(): Promise<void>;
}

/**
 * The customer's row in the product database: one pool, reused; every session read-only
 * (`default_transaction_read_only=on`) with a `statement_timeout`; the email is always the `$1` parameter.
 */
export function createAccountSource(config: AccountConfig, timeoutMs: number, onPoolError: (err: Error) => void = () => {}): AccountSource {
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: 5,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    options: '-c default_transaction_read_only=on',
    application_name: 'enrichment-service',
  });
  pool.on('error', onPoolError);

  const source: Source<AccountData> = async (email) => {
    let result: pg.QueryResult<Record<string, unknown>>;
    try {
      result = await pool.query<Record<string, unknown>>({ text: config.query, values: [email] });
    } catch (err) {
      throw accountFailure(err);
    }
    const row = result.rows[0];
    if (!row) return { status: 'not_found' };
    return { status: 'ok', data: rowToAccount(row) };
  };

  return { source, close: () => pool.end() };
}

/** Maps one row to plan / signedUpAt / attributes (pure). */
export function rowToAccount(row: Record<string, unknown>): AccountData {
  const attributes: Record<string, AttributeValue> = {};
  let plan: string | null = null;
  let signedUpAt: string | null = null;
  let signedUpTaken = false;
  for (const [column, raw] of Object.entries(row)) {
    const value = toAttribute(raw);
    if (column === PLAN_COLUMN) {
      plan = value === null ? null : String(value);
    } else if (!signedUpTaken && SIGNED_UP_COLUMNS.includes(column) && toIsoOrNull(raw) !== undefined) {
      signedUpAt = toIsoOrNull(raw) ?? null;
      signedUpTaken = true;
    } else {
      attributes[column] = value;
    }
  }
  return { plan, signedUpAt, attributes };
}

function toAttribute(value: unknown): AttributeValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return JSON.stringify(value);
}

/** ISO string for a date-like value, null for SQL NULL, undefined when it is not a date at all. */
function toIsoOrNull(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  return undefined;
}

/** Postgres errors expose only their SQLSTATE class: messages can quote the customer's data. */
const SQLSTATE_HINTS: Record<string, string> = {
  '42P01': 'a table named in the account query does not exist',
  '42703': 'a column named in the account query does not exist',
  '42601': 'the account query has a syntax error',
  '25006': 'the account query tried to write; the connection is read-only',
  '28P01': 'the database rejected the credentials in INTERNAL_DB_URL',
  '28000': 'the database rejected the connection (check INTERNAL_DB_URL)',
  '3D000': 'the database in INTERNAL_DB_URL does not exist',
  '42501': 'the database user lacks permission for the account query',
};

function accountFailure(err: unknown): Error {
  const code = (err as { code?: unknown }).code;
  if (code === '57014') return new SourceTimeoutError('the account query exceeded its statement_timeout');
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return new SourceError(`account database error ${code}${SQLSTATE_HINTS[code] ? `: ${SQLSTATE_HINTS[code]}` : ''}`);
  }
  if (typeof code === 'string') return new SourceError(`account database is unreachable (${code})`);
  if (err instanceof Error && /timeout/i.test(err.message)) {
    return new SourceTimeoutError('no connection to the account database within the timeout');
  }
  return new SourceError('account database lookup failed');
}
