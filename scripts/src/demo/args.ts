/** The `npm run demo` command line (kept apart from demo.ts so it can be tested without starting anything). */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadTickets, TicketFormatError, type Ticket } from '../../../ai-pipeline/src/tickets/ticket.js';

export interface DemoArgs {
  limit?: number;
  timeoutSeconds: number;
  /** A triage configuration (TRIAGE_CONFIG) to run the demo with instead of the built-in routing. */
  config?: string;
  /** Which of the 5 folds of tickets/ to play (1-5); the model trains on the rest. */
  fold: number;
  /** Play tickets/heldout/ instead (the model trains on all of tickets/ and tickets/extra/). */
  heldout: boolean;
  /** Play the tickets of this folder of *.json files or .jsonl file (the model trains on TICKETS_DIR when set, else all of tickets/ and tickets/extra/). */
  tickets?: string;
}

export class UsageError extends Error {}

export const DEMO_USAGE = 'usage: npm run demo [-- --fold 1-5 | --heldout | --tickets PATH] [--limit N] [--timeout SECONDS] [--config TRIAGE_YAML]';

/** Parses the demo command line; throws UsageError with a one-line message. */
export function parseDemoArgs(argv: string[]): DemoArgs | 'help' {
  const args: DemoArgs = { timeoutSeconds: 110, fold: 1, heldout: false };
  let foldGiven = false;
  /** A known option with a missing or wrong value: say which and what it takes, not "unknown argument". */
  const badValue = (option: string, value: string | undefined, takes: string) =>
    new UsageError(`${option} needs ${takes}, got ${value === undefined || value.startsWith('--') ? 'nothing' : `"${value}"`}`);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = argv[i + 1];
    if (a === '--limit' && !(value && /^\d+$/.test(value))) throw badValue('--limit', value, 'a whole number of tickets');
    if (a === '--timeout' && !(value && /^\d+$/.test(value))) throw badValue('--timeout', value, 'a whole number of seconds');
    if (a === '--fold' && !(value && /^[1-5]$/.test(value))) throw badValue('--fold', value, 'a fold number from 1 to 5');
    if (a === '--config' && !(value && !value.startsWith('--'))) throw badValue('--config', value, 'the path of a triage configuration (YAML)');
    if (a === '--limit' && value && /^\d+$/.test(value)) {
      args.limit = Number(value);
      i++;
    } else if (a === '--timeout' && value && /^\d+$/.test(value)) {
      args.timeoutSeconds = Number(value);
      i++;
    } else if (a === '--config' && value) {
      args.config = value;
      i++;
    } else if (a === '--fold' && value && /^[1-5]$/.test(value)) {
      args.fold = Number(value);
      foldGiven = true;
      i++;
    } else if (a === '--heldout') {
      args.heldout = true;
    } else if (a === '--tickets') {
      if (!value || value.startsWith('--')) throw new UsageError('--tickets needs a path: a folder of ticket *.json files or one .jsonl file');
      args.tickets = value;
      i++;
    } else if (a === '--help' || a === '-h') {
      return 'help';
    } else {
      throw new UsageError(`unknown argument "${a}" (try --fold 1-5, --heldout, --tickets PATH, --limit N, --timeout SECONDS or --config TRIAGE_YAML)`);
    }
  }
  if (args.tickets !== undefined && (args.heldout || foldGiven)) {
    throw new UsageError(`--tickets plays its own tickets: leave out ${args.heldout ? '--heldout' : '--fold'}`);
  }
  if (args.heldout && foldGiven) throw new UsageError('--heldout plays tickets/heldout/: leave out --fold');
  return args;
}

/**
 * The tickets of `--tickets PATH` (relative to where npm was run): a folder of *.json files or one .jsonl file.
 * Throws UsageError (one line: what to fix) when the path is missing, is neither, holds no ticket or a ticket is malformed.
 */
export async function loadDemoTickets(path: string, cwd = process.env.INIT_CWD ?? process.cwd()): Promise<Ticket[]> {
  const full = resolve(cwd, path);
  const info = await stat(full).catch(() => undefined);
  if (!info) throw new UsageError(`--tickets ${path}: no such file or folder (${full})`);
  if (!info.isDirectory() && !full.endsWith('.jsonl')) throw new UsageError(`--tickets ${path}: give a folder of ticket *.json files or one .jsonl file`);
  let tickets: Ticket[];
  try {
    tickets = await loadTickets(full);
  } catch (e) {
    if (e instanceof TicketFormatError) throw new UsageError(`--tickets: malformed ticket ${e.message.replace(/\s*\n\s*/g, ' ')} (format: tickets/README.md)`);
    throw e;
  }
  if (tickets.length === 0) throw new UsageError(`--tickets ${path}: no tickets in it (a folder needs *.json files, one ticket each)`);
  const seen = new Set<string>();
  for (const t of tickets) {
    if (seen.has(t.id)) throw new UsageError(`--tickets ${path}: ticket id "${t.id}" appears twice`);
    seen.add(t.id);
  }
  return tickets;
}
