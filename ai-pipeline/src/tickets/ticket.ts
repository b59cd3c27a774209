import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { categoryEnum, categoryNameSchema, prioritySchema } from '../triage/categories.js';

/** One sample ticket in `tickets/` (one JSON file each) or one line of a JSONL file. See tickets/README.md. */
export const ticketSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes, e.g. "t001"'),
  channel: z.enum(['email', 'mobile']),
  subject: z.string(),
  body: z.string(),
  from_email: z.email(),
  from_name: z.string().optional(),
  lang: z.string().regex(/^([a-z]{2}|unknown)$/, 'ISO 639-1 code such as "de", or "unknown"'),
  category: categoryNameSchema,
  priority: prioritySchema,
  notes: z.string().optional(),
  /** The team a ticket should be routed to (for `npm run eval` routing figures); null = no assignment expected. */
  team_id: z.number().int().positive().nullable().optional(),
});
export type Ticket = z.infer<typeof ticketSchema>;

export class TicketFormatError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
  }
}

function parseTicket(raw: string, source: string, schema: z.ZodType<Ticket> = ticketSchema): Ticket {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new TicketFormatError(source, [`not valid JSON (${(e as Error).message})`]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new TicketFormatError(
      source,
      parsed.error.issues.map((i) => `field "${i.path.join('.') || '(root)'}": ${i.message}`),
    );
  }
  return parsed.data;
}

/** Loads tickets from a folder of *.json files or from a .jsonl file (`categories`: only these are valid); throws TicketFormatError naming file (and line) and field. */
export async function loadTickets(path: string, opts: { categories?: readonly string[] } = {}): Promise<Ticket[]> {
  const schema = opts.categories ? ticketSchema.extend({ category: categoryEnum(opts.categories) }) : ticketSchema;
  if (path.endsWith('.jsonl')) {
    const text = await readFile(path, 'utf8');
    return text
      .split('\n')
      .map((line, i) => ({ line, n: i + 1 }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, n }) => parseTicket(line, `${path}:${n}`, schema));
  }
  const names = (await readdir(path)).filter((n) => n.endsWith('.json')).sort();
  const tickets: Ticket[] = [];
  for (const name of names) {
    const file = join(path, name);
    tickets.push(parseTicket(await readFile(file, 'utf8'), file, schema));
  }
  return tickets;
}

/** Sub-folder of a tickets folder with extra training-only tickets (never scored by cross-validation). */
export const EXTRA_TRAINING_DIR = 'extra';
/** Sub-folder of a tickets folder with held-out tickets, written by someone else: only ever scored, never trained on. */
export const HELDOUT_DIR = 'heldout';
/** Sub-folder of a tickets folder with development tickets: never trained on, scored while tuning the offline model. */
export const DEV_DIR = 'dev';

/**
 * The tickets the offline model trains on: the folder's own `*.json` files plus its `extra/` sub-folder when there is
 * one. The `heldout/` sub-folder is never read here (loadTickets does not descend into folders). A `.jsonl` path is
 * read as is.
 */
export async function loadTrainingTickets(path: string): Promise<Ticket[]> {
  const own = await loadTickets(path);
  if (path.endsWith('.jsonl')) return own;
  const extraDir = join(path, EXTRA_TRAINING_DIR);
  const extra = existsSync(extraDir) ? await loadTickets(extraDir) : [];
  return [...own, ...extra];
}

/** The training tickets of several sources (TICKETS_DIR's comma-separated paths: folders or `.jsonl` files), merged. */
export async function loadTrainingSources(paths: readonly string[]): Promise<Ticket[]> {
  return (await Promise.all(paths.map((p) => loadTrainingTickets(p)))).flat();
}

/** The held-out tickets of a tickets folder (`heldout/`), or [] when there are none. For evaluation only. */
export async function loadHeldoutTickets(path: string): Promise<Ticket[]> {
  return loadSplit(path, HELDOUT_DIR);
}

/** The development tickets of a tickets folder (`dev/`), or [] when there are none. For evaluation only. */
export async function loadDevTickets(path: string): Promise<Ticket[]> {
  return loadSplit(path, DEV_DIR);
}

async function loadSplit(path: string, sub: string): Promise<Ticket[]> {
  if (path.endsWith('.jsonl')) return [];
  const dir = join(path, sub);
  return existsSync(dir) ? loadTickets(dir) : [];
}
