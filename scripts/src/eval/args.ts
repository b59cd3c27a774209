import { parseArgs } from 'node:util';

export interface EvalArgs {
  provider: 'offline' | 'anthropic';
  json: boolean;
  /** Undefined: AUTO_ASSIGN_THRESHOLD env, else the pipeline default. */
  threshold: number | undefined;
  folds: number;
  concurrency: number;
  model: string | undefined;
  path: string | undefined;
  /** Triage configuration whose categories (and rules, for routing) are evaluated; undefined: TRIAGE_CONFIG / ROUTING_CONFIG / built-in. */
  config: string | undefined;
  /** Score the held-out split of tickets/ (off with --no-heldout, while tuning on the dev split). */
  heldout: boolean;
}

export class UsageError extends Error {}

export const USAGE =
  'usage: npm run eval -- [--provider offline|anthropic] [--json] [--threshold X] [--folds K] [--concurrency N] [--model ID] [--config TRIAGE_YAML] [--no-heldout] [PATH]\n' +
  '  PATH: a folder of ticket JSON files or a .jsonl file (default: tickets/)\n' +
  '  --config: the triage configuration whose categories and rules are evaluated (default TRIAGE_CONFIG, else ROUTING_CONFIG, else built-in)\n' +
  '  --no-heldout: do not score tickets/heldout/ (tune on tickets/dev/; score the held-out split once at the end)\n' +
  'usage: npm run eval -- --retrieval [PATH] [--knowledge DIR] [--offline] [--min-score X] [--json]\n' +
  '  help-center retrieval on a labelled set (default help-center/eval/retrieval-set.jsonl over help-center/)';

/** `--help` / `-h` anywhere on the command line (either mode): print USAGE and exit 0. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

function number(name: string, raw: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${name} must be ${what}, got "${raw}"`);
  return n;
}

/** Parses the eval command line; throws UsageError with a one-line message. */
export function parseEvalArgs(argv: string[]): EvalArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        provider: { type: 'string', default: 'offline' },
        json: { type: 'boolean', default: false },
        threshold: { type: 'string' },
        folds: { type: 'string' },
        concurrency: { type: 'string' },
        model: { type: 'string' },
        config: { type: 'string' },
        'no-heldout': { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.provider !== 'offline' && values.provider !== 'anthropic') {
    throw new UsageError(`--provider must be "offline" or "anthropic", got "${values.provider}"`);
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one PATH, got ${positionals.length}`);
  return {
    provider: values.provider,
    json: values.json,
    threshold: number('threshold', values.threshold, (n) => n >= 0 && n <= 1, 'a number from 0 to 1'),
    folds: number('folds', values.folds, (n) => Number.isInteger(n) && n >= 2, 'an integer ≥ 2') ?? 5,
    concurrency: number('concurrency', values.concurrency, (n) => Number.isInteger(n) && n >= 1, 'an integer ≥ 1') ?? 4,
    model: values.model,
    path: positionals[0],
    config: values.config,
    heldout: !values['no-heldout'],
  };
}
