import type { EnrichFigures } from './enrich.js';
import type { IngressFigures } from './ingress.js';
import type { RetrievalFigures } from './retrieval.js';
import type { RulesFigures } from './rules.js';
import type { TriageFigures } from './triage.js';

export interface BenchReport {
  machine: { cpus: number; node: string; platform: string };
  /** The webhook phase with one pipeline process (PIPELINE_ROLE=all). */
  ingress?: IngressFigures;
  /** The webhook phase with PIPELINE_ROLE=web answering and a PIPELINE_ROLE=worker process beside it. */
  ingressSplit?: IngressFigures;
  triage?: TriageFigures[];
  enrich?: EnrichFigures;
  retrieval?: RetrievalFigures;
  rules?: RulesFigures;
  /** Milliseconds for plain node to answer an http request after spawn (the start-up baseline). */
  startupBaselineMs?: number;
  /** The issue-16 figures, each with its baseline (same run where one exists), ratio and target. */
  targets?: TargetFigure[];
}

export interface TargetFigure {
  figure: string;
  value: number;
  unit: string;
  /** What the value is compared with, measured in the same run (null: the target is absolute). */
  baseline: number | null;
  baselineWhat: string;
  /** value ÷ baseline (null without a baseline). */
  ratio: number | null;
  target: string;
  met: boolean;
  /** 1-minute load average when the figure was measured. */
  loadAverage: number | null;
}

const ratioOf = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);

/** The six figures of issue 16 from a report (those whose phases ran). */
export function targetFigures(r: BenchReport): TargetFigure[] {
  const out: TargetFigure[] = [];
  const def = r.triage?.find((t) => t.mode === 'default' && t.deployment !== 'split');
  const unbounded = r.triage?.find((t) => t.mode === 'fixed');
  if (def && unbounded) {
    const ratio = ratioOf(def.wallSeconds, unbounded.wallSeconds);
    out.push({
      figure: `${def.tickets} new tickets at once, time until all triaged (default, adaptive up to ${def.concurrency})`,
      value: def.wallSeconds,
      unit: 's',
      baseline: unbounded.wallSeconds,
      baselineWhat: `WORKER_CONCURRENCY=${unbounded.concurrency} fixed (one slot per ticket), same run`,
      ratio,
      target: 'ratio ≤ 1.5',
      met: ratio !== null && ratio <= 1.5,
      loadAverage: def.loadAverage,
    });
  }
  if (def) {
    out.push(
      {
        figure: `Chatwoot requests per new ticket (plus ${def.chatwootLookups} per-process requests in all — cached look-ups, the 60 s readiness re-check: ${def.chatwootRequestsPerTicket} per ticket with them)`,
        value: def.chatwootTicketRequestsPerTicket,
        unit: 'requests',
        baseline: null,
        baselineWhat: 'absolute (reference pipeline: 7.6)',
        ratio: null,
        target: '≤ 6',
        met: def.chatwootTicketRequestsPerTicket <= 6,
        loadAverage: def.loadAverage,
      },
      {
        figure: 'input tokens per ticket, uncached (all model calls, chars/4, fake model, no help-center passages)',
        value: def.inputTokensPerTicket - def.cachedInputTokensPerTicket,
        unit: 'tokens',
        baseline: def.inputTokensPerTicket,
        baselineWhat: 'all input tokens per ticket incl. cached prefix',
        ratio: ratioOf(def.inputTokensPerTicket - def.cachedInputTokensPerTicket, def.inputTokensPerTicket),
        target: '≤ 600',
        met: def.inputTokensPerTicket - def.cachedInputTokensPerTicket <= 600,
        loadAverage: def.loadAverage,
      },
    );
    if (def.peakRssMb !== null && def.idleRss !== null) {
      const idle = def.idleRss;
      out.push(
        {
          figure: 'pipeline peak RSS over the burst (built service)',
          value: def.peakRssMb,
          unit: 'MB',
          baseline: unbounded?.peakRssMb ?? null,
          baselineWhat: 'peak RSS of the unbounded run',
          ratio: unbounded?.peakRssMb ? ratioOf(def.peakRssMb, unbounded.peakRssMb) : null,
          target: '≤ 160 MB',
          met: def.peakRssMb <= 160,
          loadAverage: def.loadAverage,
        },
        {
          figure: `pipeline idle RSS (built service): median of ${idle.samplesMb.length} samples from ${idle.settleSeconds} s after /ready (after V8's idle heap reduction), min ${idle.minMb} / max ${idle.maxMb} MB; ${idle.afterStartupMb} MB ${idle.afterStartupSeconds} s after /ready`,
          value: idle.medianMb,
          unit: 'MB',
          baseline: unbounded?.idleRss?.medianMb ?? null,
          baselineWhat: 'idle RSS median of the unbounded run (a second start of the same build)',
          ratio: unbounded?.idleRss ? ratioOf(idle.medianMb, unbounded.idleRss.medianMb) : null,
          target: '≤ 100 MB (aim ≤ 90 MB)',
          met: idle.medianMb <= 100,
          loadAverage: def.loadAverage,
        },
      );
    }
    out.push({
      figure: `start-up to /health 200 (node ai-pipeline/dist/main.js; the app took the port over at ${def.appStartMs} ms)`,
      value: def.startupMs,
      unit: 'ms',
      baseline: r.startupBaselineMs ?? null,
      baselineWhat: 'plain node http server, spawn → first 200',
      ratio: r.startupBaselineMs ? ratioOf(def.startupMs, r.startupBaselineMs) : null,
      target: '≤ 1,500 ms',
      met: def.startupMs <= 1500,
      loadAverage: def.loadAverage,
    });
  }
  for (const ingress of [r.ingress, r.ingressSplit]) if (ingress) out.push(...ingressTargets(ingress));
  return out;
}

/** The two webhook figures of one deployment (one process, or web + worker). */
function ingressTargets(i: IngressFigures): TargetFigure[] {
  const out: TargetFigure[] = [];
  const where = i.role === 'split' ? 'PIPELINE_ROLE=web beside a worker process' : 'one pipeline process';
  out.push({
    figure: `${where}: webhook requests/s ÷ bare express (${i.connections} connections; median of ${i.rounds} interleaved rounds, ratio ${i.ratioRange[0]}–${i.ratioRange[1]}), p99 ${i.pipeline.latencyP99Ms} ms (bare express ${i.bare.latencyP99Ms} ms; node:http with no framework and no work ${i.floor.latencyP99Ms} ms at ${n(i.floor.requestsPerSecond)} req/s)`,
    value: i.pipeline.requestsPerSecond,
    unit: 'req/s',
    baseline: i.bare.requestsPerSecond,
    baselineWhat: 'bare express answering 200, same rounds',
    ratio: i.ratio,
    target: 'ratio ≥ 0.5, p99 ≤ 20 ms, every 200 durable',
    met: i.ratio >= 0.5 && i.pipeline.latencyP99Ms <= 20 && i.verified,
    loadAverage: i.loadAverage,
  });
  const paced = i.paced;
  out.push({
    figure: `${where}: webhook p99 at a steady ${paced.requestsPerSecond} requests/s (${i.model === 'offline' ? 'offline model, no key' : 'with a key (fake Claude)'}; ${i.connections} connections; every request of ${paced.pipeline.rounds} interleaved rounds pooled, rounds' p99 ${paced.pipeline.latencyP99MsRange[0]}–${paced.pipeline.latencyP99MsRange[1]} ms; p50 ${paced.pipeline.latencyP50Ms} ms, bare ${paced.bare.latencyP50Ms} ms; of it waiting for the commit, server side: p50 ≤ ${paced.pipelineCommitWait.p50MsAtMost ?? '?'} ms, p99 ≤ ${paced.pipelineCommitWait.p99MsAtMost ?? '?'} ms)`,
    value: paced.pipeline.latencyP99Ms,
    unit: 'ms',
    baseline: paced.bare.latencyP99Ms,
    baselineWhat: 'bare express p99 at the same rate',
    ratio: ratioOf(paced.pipeline.latencyP99Ms, paced.bare.latencyP99Ms),
    target: 'p99 ≤ 20 ms, every 200 durable (information: the issue states p99 for the saturating load above)',
    met: paced.pipeline.latencyP99Ms <= 20 && i.verified,
    loadAverage: i.loadAverage,
  });
  return out;
}

function targetRows(ts: TargetFigure[]): Row[] {
  return ts.map((t) => [
    t.figure,
    `${n(t.value)} ${t.unit}${t.ratio === null ? '' : ` (ratio ${t.ratio})`}`,
    `baseline: ${t.baseline === null ? t.baselineWhat : `${n(t.baseline)} ${t.unit}, ${t.baselineWhat}`}; target ${t.target}: ${t.met ? 'met' : 'NOT met'}; load ${t.loadAverage ?? '?'}`,
  ]);
}

type Row = [figure: string, value: string, measured: string];

const n = (x: number) => x.toLocaleString('en-US');
const round1 = (x: number) => Math.round(x * 10) / 10;

function ingressRows(i: IngressFigures): Row[] {
  const how = `autocannon, ${i.connections} connections, ${i.rounds} rounds × ${i.durationSeconds} s per side (bare and pipeline alternating, the first side swapping each round), ${n(i.bodyBytes)}-byte signed message_created bodies, fresh ticket per request; medians over the rounds [min–max]`;
  const range = ([a, b]: [number, number]) => `[${n(a)}–${n(b)}]`;
  return [
    ['POST /webhook (pipeline) requests/s', `${n(i.pipeline.requestsPerSecond)} ${range(i.pipeline.requestsPerSecondRange)}`, `${how}; worker pointed at a Chatwoot that never answers`],
    ['bare express 200 requests/s', `${n(i.bare.requestsPerSecond)} ${range(i.bare.requestsPerSecondRange)}`, `${how}; express.raw body read + 200, separate process`],
    ['node:http 200 requests/s (the floor)', `${n(i.floor.requestsPerSecond)} ${range(i.floor.requestsPerSecondRange)}`, `${how}; Node's http server alone, body read + 200, separate process, measured right after the bare app in each round`],
    ['ratio pipeline ÷ bare', `${i.ratio.toFixed(2)} [${i.ratioRange[0].toFixed(2)}–${i.ratioRange[1].toFixed(2)}]`, `per round: ${i.ratios.map((r) => r.toFixed(2)).join(', ')}; load average ${i.loadAverageAtStart} → ${i.loadAverage}`],
    ['POST /webhook latency p50 / p99', `${i.pipeline.latencyP50Ms} / ${i.pipeline.latencyP99Ms} ms (p99 ${range(i.pipeline.latencyP99MsRange)})`, 'autocannon latency, per request'],
    ['bare express latency p50 / p99', `${i.bare.latencyP50Ms} / ${i.bare.latencyP99Ms} ms (p99 ${range(i.bare.latencyP99MsRange)})`, 'autocannon latency, per request'],
    ['node:http floor latency p50 / p99', `${i.floor.latencyP50Ms} / ${i.floor.latencyP99Ms} ms (p99 ${range(i.floor.latencyP99MsRange)})`, 'autocannon latency, per request: what this machine and load generator leave for any server'],
    [
      'server CPU per request, pipeline / bare express / node:http floor',
      i.pipeline.cpuMicrosPerRequest === null || i.bare.cpuMicrosPerRequest === null || i.floor.cpuMicrosPerRequest === null
        ? 'not measured (no /proc)'
        : `${n(i.pipeline.cpuMicrosPerRequest)} / ${n(i.bare.cpuMicrosPerRequest)} / ${n(i.floor.cpuMicrosPerRequest)} µs`,
      'user + system CPU of the server process (/proc/<pid>/stat) over a round ÷ requests answered, median over the rounds; Postgres not included',
    ],
    [
      'Postgres per webhook: commits / CPU',
      `${i.database.commitsPerRequest} / ${i.database.cpuMicrosPerRequest === null ? 'not measured' : `${n(i.database.cpuMicrosPerRequest)} µs`}`,
      'pg_stat_database.xact_commit of the pipeline’s database (group commit, worker claims included) and the CPU of every Postgres process, over the pipeline’s rounds ÷ requests answered, median',
    ],
    [
      'one durable commit (single-row INSERT) p50 / p99',
      `${i.database.commit.p50Ms} / ${i.database.commit.p99Ms} ms`,
      `${i.database.commit.samples} autocommitted INSERTs in a row before the rounds; the bench's Postgres runs with fsync=${i.database.commit.fsync}, synchronous_commit=${i.database.commit.synchronousCommit}, wal_sync_method=${i.database.commit.walSyncMethod}`,
    ],
    [
      'answers and jobs',
      `${n(i.pipeline.requests)} answered (non-2xx ${i.pipeline.non2xx}, errors ${i.pipeline.errors}); ${n(i.triageJobs)} triage jobs for ${n(i.ticketsAnswered)} tickets answered 200 (+${i.inFlightAtStop} cut off at stop)`,
      i.verified ? 'verified: every answer 200, one triage job per ticket, nothing enqueued twice' : `NOT verified: ${i.problems.join('; ')}`,
    ],
  ];
}

function triageRows(t: TriageFigures): Row[] {
  const at = `${t.mode === 'default' ? `default, adaptive ≤ ${t.concurrency}` : `WORKER_CONCURRENCY=${t.concurrency}`}${t.deployment === 'split' ? '; PIPELINE_ROLE=web + worker' : ''}`;
  const proc = t.deployment === 'split' ? 'web process' : 'pipeline';
  const split: Row[] =
    t.deployment === 'split'
      ? [
          [
            `worker process CPU / peak RSS (${at})`,
            t.workerPeakRssMb === null ? 'not measured (no /proc)' : `${t.workerCpuSeconds ?? '?'} s / ${t.workerPeakRssMb} MB (web + worker CPU ${t.cpuSeconds === null || t.workerCpuSeconds === null ? '?' : round1(t.cpuSeconds + t.workerCpuSeconds)} s)`,
            'the PIPELINE_ROLE=worker process (built), same window; the rows above (CPU, RSS, start-up) are the web process’s',
          ],
        ]
      : [];
  const how = `${t.tickets} tickets from tickets/, fake Claude answering after ${t.modelDelayMs} ms, pipeline in a child process`;
  return [
    [`wall time (${at})`, `${t.wallSeconds} s`, `${how}; first simulated email → last ticket labelled`],
    [`tickets/min (${at})`, `${t.ticketsPerMinute}`, 'tickets ÷ wall time'],
    [`model calls per ticket (${at})`, `${t.modelCallsPerTicket}`, 'requests the fake Claude received ÷ tickets'],
    [
      `Chatwoot requests per ticket (${at})`,
      `${t.chatwootTicketRequestsPerTicket} (+ ${t.chatwootLookups} look-ups in all)`,
      `REST requests the fake Chatwoot received during the run ÷ tickets, apart from the cached process-wide look-ups (teams, agents, profile): ${Object.entries(t.chatwootRequestsByRoute)
        .map(([route, n]) => `${route} ${n}`)
        .join(', ')}`,
    ],
    [`tokens per ticket in (cached) / out (${at})`, `${n(t.inputTokensPerTicket)} (${n(t.cachedInputTokensPerTicket)}) / ${n(t.outputTokensPerTicket)}`, 'counted by the fake: ⌈characters sent / 4⌉, ⌈characters answered / 4⌉'],
    [`efficiency (${at})`, `${(t.efficiency * 100).toFixed(0)} %`, `ideal ${t.idealSeconds} s (tickets × 2 sequential calls × delay ÷ concurrency) ÷ wall time`],
    [`${proc} CPU over the run (${at})`, t.cpuSeconds === null ? 'not measured (no /proc)' : `${t.cpuSeconds} s`, 'user + system CPU of the pipeline process, first email → every job done (/proc/<pid>/stat); less load-dependent than the wall time'],
    [`outcome (${at})`, `${t.processed} ai-processed, ${t.failed} ai-failed`, 'labels on the fake’s conversations'],
    [
      `${proc} RSS idle / peak (${at})`,
      t.peakRssMb === null || t.idleRss === null ? 'not measured (no /proc)' : `${t.idleRss.medianMb} (${t.idleRss.minMb}–${t.idleRss.maxMb}; ${t.idleRss.afterStartupSeconds} s after /ready ${t.idleRss.afterStartupMb}) / ${t.peakRssMb} MB`,
      `built child process (dist/main.js): /proc/<pid>/status VmRSS, idle: median (min–max) of ${t.idleRss?.samplesMb.length ?? 0} samples from ${t.idleRss?.settleSeconds ?? 0} s after /ready, once V8 has reduced the heap; VmHWM after the run; start-up ${n(t.startupMs)} ms to /health 200, ${n(t.appStartMs)} ms until the app took over; load ${t.loadAverage}`,
    ],
    ...split,
  ];
}

function enrichRows(e: EnrichFigures): Row[] {
  if (!e.measured) return [['GET /enrich latency', 'not measured', e.reason]];
  return e.rows.map((r) => [
    `GET /enrich, ${r.scenario}`,
    `uncached p50 ${r.uncachedP50Ms} ms (max ${r.uncachedMaxMs}); cached p50 ${r.cachedP50Ms} ms (max ${r.cachedMaxMs})`,
    `measureEnrichLatency, ${e.samples} samples each, SOURCE_TIMEOUT_MS=${e.sourceTimeoutMs}; sources: ${r.status}`,
  ]);
}

function retrievalRows(r: RetrievalFigures): Row[] {
  const how = `${n(r.queries)} retrievals (the labelled set × rounds) over ${n(r.passages)} passages / ${n(r.articles)} articles (sample help center, copied), Postgres FTS`;
  return [
    ['help-center retrieval p50 / p99 / max', `${r.p50Ms} / ${r.p99Ms} / ${r.maxMs} ms`, `${how}; native-language + English query per ticket; load average ${r.loadAverage}`],
    ['extra draft input tokens per ticket', `${n(r.extraInputTokensMean)} mean, ${n(r.extraInputTokensMax)} max`, 'the <articles> block (⌈chars/4⌉), budget 6,000 characters'],
  ];
}

function rulesRows(r: RulesFigures): Row[] {
  const how = `decide() over ${r.rules} rules (${r.textRules} with text regexes, every condition type), none matching, so all are evaluated; ${r.tickets} sample tickets × ${r.rounds} rounds`;
  return [
    ['rule evaluation per ticket mean / p50', `${r.meanMicros} / ${r.p50Micros} µs`, `${how}; ${r.withinBudget ? 'under' : 'NOT under'} the 1 ms budget`],
    ['rule evaluation per ticket p90 / p99 / max', `${r.p90Micros} / ${r.p99Micros} / ${r.maxMicros} µs`, 'the tail is GC pauses and other processes on a shared machine'],
    ['first pass after loading, all tickets', `${r.firstPassMs} ms`, 'RE2 builds its DFA lazily on the first texts'],
  ];
}

/** The human-readable table: one row per figure, each saying what it measured. */
export function formatReport(r: BenchReport): string {
  const sections: [string, Row[]][] = [];
  if (r.targets?.length) sections.push(['0. Issue-16 figures (baseline, ratio, target)', targetRows(r.targets)]);
  if (r.ingress) sections.push(['1. Webhook acknowledgement, one pipeline process', ingressRows(r.ingress)]);
  if (r.ingressSplit) sections.push(['1b. Webhook acknowledgement, PIPELINE_ROLE=web beside a PIPELINE_ROLE=worker process', ingressRows(r.ingressSplit)]);
  if (r.triage) sections.push(['2+4. Triage throughput and memory', r.triage.flatMap(triageRows)]);
  if (r.enrich) sections.push(['3. Enrichment', enrichRows(r.enrich)]);
  if (r.retrieval) sections.push(['5. Help-center retrieval', retrievalRows(r.retrieval)]);
  if (r.rules) sections.push(['6. Triage rules', rulesRows(r.rules)]);
  const header: Row = ['figure', 'value', 'how it was measured'];
  const all = [header, ...sections.flatMap(([, rows]) => rows)];
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: Row) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [
    `npm run bench — ${r.machine.cpus} CPUs, Node ${r.machine.node}, ${r.machine.platform}; loopback only`,
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
  ];
  for (const [title, rows] of sections) out.push(line([`**${title}**`, '', '']), ...rows.map(line));
  return out.join('\n');
}
