import { parseArgs } from 'node:util';

export interface BenchArgs {
  json: boolean;
  /** Fake Claude's answer delay (ms). */
  delayMs: number;
  /** Tickets for the triage phase (cycles through tickets/ when more than it holds). */
  tickets: number;
  /** Webhook phase: seconds of load per round and side. */
  durationSeconds: number;
  /** Webhook phase: interleaved rounds (bare app and pipeline once each per round). */
  rounds: number;
  connections: number;
  /** Extra fixed WORKER_CONCURRENCY runs for the triage phase (besides the defaults and the unbounded baseline). */
  concurrency: number[];
  /** Webhook phase: folder for the pipeline's CPU profile (node --cpu-prof), when given. */
  cpuProfileDir?: string;
  /** Phases to run (default: all). */
  phases: Phase[];
  /** Webhook phase: the pipeline's model: 'claude' (the fake Claude, as deployed with a key) or 'offline' (no key). */
  ingressModel: 'claude' | 'offline';
  /**
   * The deployments measured: 'all' (one process) and/or 'split' (PIPELINE_ROLE=web + a PIPELINE_ROLE=worker process).
   * The webhook phase measures each against bare express; the triage phase adds a default run of 'split'.
   */
  deployments: Deployment[];
}

export const DEPLOYMENTS = ['all', 'split'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

export const PHASES = ['ingress', 'triage', 'enrich', 'retrieval', 'rules'] as const;
export type Phase = (typeof PHASES)[number];

export class UsageError extends Error {}

export const USAGE = `usage: npm run bench -- [--json] [--delay-ms 200] [--tickets 200] [--duration 5] [--rounds 5] [--connections 50] [--cpu-prof DIR] [--concurrency 4,16] [--ingress-model claude|offline] [--deployments all,split] [--only ingress,triage,enrich,retrieval,rules]
  Everything runs on 127.0.0.1: a throw-away embedded Postgres (or DATABASE_URL's server), the Chatwoot-compatible fake,
  a fake Claude answering after --delay-ms, a fake enrichment service, and the real pipeline in a child process.
  The webhook phase alternates the bare express app and the pipeline in --rounds rounds of --duration seconds each;
  --cpu-prof DIR writes the pipeline's CPU profile there (read it with: npx tsx scripts/src/bench/cpu-profile-top.ts FILE);
  --ingress-model offline runs the webhook phase's pipeline without a key (the offline model trained in its memory);
  --deployments picks what is measured: all (one process takes webhooks and runs jobs) and/or split (PIPELINE_ROLE=web
  answers the webhooks, a PIPELINE_ROLE=worker process beside it runs the jobs); default both: the webhook phase
  measures each, the triage phase adds one default run of split after its runs of all.`;

function integer(name: string, raw: string | undefined, min: number, max: number, dflt: number): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** Parses the bench command line; throws UsageError with a one-line message. */
export function parseBenchArgs(argv: string[]): BenchArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        'delay-ms': { type: 'string' },
        tickets: { type: 'string' },
        duration: { type: 'string' },
        connections: { type: 'string' },
        rounds: { type: 'string' },
        'cpu-prof': { type: 'string' },
        'ingress-model': { type: 'string' },
        deployments: { type: 'string' },
        concurrency: { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  const concurrency = (values.concurrency ?? '').split(',').filter((c) => c.trim() !== '').map((c) => integer('concurrency', c.trim(), 1, 256, 4));
  const phases = (values.only ?? PHASES.join(',')).split(',').map((p) => p.trim());
  const unknown = phases.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown.length) throw new UsageError(`--only takes ${PHASES.join(', ')}; got "${unknown.join(', ')}"`);
  const ingressModel = values['ingress-model'] ?? 'claude';
  if (ingressModel !== 'claude' && ingressModel !== 'offline') throw new UsageError(`--ingress-model takes claude or offline; got "${ingressModel}"`);
  const deployments = [...new Set((values.deployments ?? DEPLOYMENTS.join(',')).split(',').map((r) => r.trim()))];
  if (deployments.some((d) => !(DEPLOYMENTS as readonly string[]).includes(d))) throw new UsageError(`--deployments takes ${DEPLOYMENTS.join(', ')}; got "${values.deployments}"`);
  return {
    json: values.json,
    delayMs: integer('delay-ms', values['delay-ms'], 0, 60_000, 200),
    tickets: integer('tickets', values.tickets, 1, 10_000, 200),
    durationSeconds: integer('duration', values.duration, 1, 600, 5),
    rounds: integer('rounds', values.rounds, 1, 50, 5),
    connections: integer('connections', values.connections, 1, 1000, 50),
    concurrency,
    ...(values['cpu-prof'] ? { cpuProfileDir: values['cpu-prof'] } : {}),
    phases: phases as Phase[],
    ingressModel,
    deployments: deployments as Deployment[],
  };
}
