/**
 * npm run bench -- [--json] [--delay-ms 200] [--tickets 200] [--duration 5] [--rounds 5] [--connections 50] [--cpu-prof DIR] [--concurrency 4,16] [--only …]
 * (phases: ingress, triage, enrich, rules — the last is the rule evaluation time per ticket for 200 rules)
 *
 * Throughput and latency figures, all on 127.0.0.1: webhook acknowledgement under load (vs a bare express app),
 * triage throughput through the whole pipeline with a fake Claude answering after a fixed delay, enrichment
 * latency, the pipeline's peak memory, and help-center retrieval latency. Starts its own embedded Postgres unless DATABASE_URL is set.
 * Prints a table (or one JSON object with --json). Exit codes: 0 ok, 1 the run failed or a check failed, 2 bad usage.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { BUILT_MAIN } from '../../testkit/child-pipeline.js';
import { createDatabase, startPostgres } from '../../testkit/postgres.js';
import { parseBenchArgs, USAGE, UsageError, type BenchArgs } from './bench/args.js';
import { measureEnrich } from './bench/enrich.js';
import { measureIngress } from './bench/ingress.js';
import { measureRetrieval } from './bench/retrieval.js';
import { measureRules } from './bench/rules.js';
import { formatReport, targetFigures, type BenchReport } from './bench/report.js';
import { measureBareNodeStartup } from './bench/startup.js';
import { measureTriage } from './bench/triage.js';

async function run(args: BenchArgs): Promise<BenchReport> {
  const log = (msg: string) => {
    if (!args.json) process.stderr.write(`bench: ${msg}\n`);
  };
  const report: BenchReport = { machine: { cpus: availableParallelism(), node: process.versions.node, platform: `${process.platform}-${process.arch}` } };
  if (args.phases.includes('rules')) {
    log('rule evaluation: 200 rules, 100 tickets…');
    report.rules = await measureRules();
  }
  if (!args.phases.some((p) => p === 'ingress' || p === 'triage')) {
    if (args.phases.includes('enrich')) {
      log('enrichment latency…');
      report.enrich = await measureEnrich();
    }
    return report;
  }
  if (!existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: the bench measures the built service, run npm run build first`);
  const postgres = await startPostgres(process.env.DATABASE_URL || undefined);
  try {
    if (args.phases.includes('ingress')) {
      for (const role of args.deployments) {
        log(`webhook acknowledgement (${role === 'all' ? 'one pipeline process' : 'PIPELINE_ROLE=web beside a worker process'}): ${args.rounds} rounds of bare express and the pipeline, alternating, ${args.durationSeconds} s each…`);
        const figures = await measureIngress(await createDatabase(postgres.adminUrl, 'bench'), { connections: args.connections, durationSeconds: args.durationSeconds, rounds: args.rounds, model: args.ingressModel, role, cpuProfileDir: args.cpuProfileDir });
        if (role === 'all') report.ingress = figures;
        else report.ingressSplit = figures;
      }
    }
    if (args.phases.includes('triage')) {
      report.triage = [];
      // The pipeline's defaults, then the unbounded baseline (one slot per ticket, fixed), then any extra fixed values.
      const unbounded = Math.min(args.tickets, 256);
      for (const concurrency of [null, unbounded, ...args.concurrency]) {
        log(`triage throughput: ${args.tickets} tickets, model delay ${args.delayMs} ms, ${concurrency === null ? 'default (adaptive) concurrency' : `WORKER_CONCURRENCY=${concurrency} fixed`}…`);
        report.triage.push(await measureTriage(await createDatabase(postgres.adminUrl, 'bench'), { tickets: args.tickets, delayMs: args.delayMs, concurrency }));
      }
      if (args.deployments.includes('split')) {
        log(`triage throughput: ${args.tickets} tickets, model delay ${args.delayMs} ms, default concurrency, PIPELINE_ROLE=web + a PIPELINE_ROLE=worker process…`);
        report.triage.push(await measureTriage(await createDatabase(postgres.adminUrl, 'bench'), { tickets: args.tickets, delayMs: args.delayMs, concurrency: null, deployment: 'split' }));
      }
      report.startupBaselineMs = await measureBareNodeStartup();
    }
    if (args.phases.includes('enrich')) {
      log('enrichment latency…');
      report.enrich = await measureEnrich();
    }
    if (args.phases.includes('retrieval')) {
      log('help-center retrieval latency over 2,000 passages…');
      report.retrieval = await measureRetrieval(await createDatabase(postgres.adminUrl, 'bench'));
    }
  } finally {
    await postgres.stop();
  }
  return report;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`bench: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const report = await run(args);
  report.targets = targetFigures(report);
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  const failed = [report.ingress, report.ingressSplit].some((i) => i && !i.verified) || report.triage?.some((t) => t.processed !== t.tickets) || report.rules?.withinBudget === false;
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench: failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
