import type { EnrichFigures } from './enrich.js';
import type { IngressFigures } from './ingress.js';
import type { RetrievalFigures } from './retrieval.js';
import type { RulesFigures } from './rules.js';
import type { TriageFigures } from './triage.js';

export interface BenchReport {
  machine: { cpus: number; node: string; platform: string };
  ingress?: IngressFigures;
  triage?: TriageFigures[];
  enrich?: EnrichFigures;
  retrieval?: RetrievalFigures;
  rules?: RulesFigures;
}

type Row = [figure: string, value: string, measured: string];

const n = (x: number) => x.toLocaleString('en-US');

function ingressRows(i: IngressFigures): Row[] {
  const how = `autocannon, ${i.connections} connections, ${i.durationSeconds} s, ${n(i.bodyBytes)}-byte signed message_created bodies, fresh ticket per request`;
  return [
    ['POST /webhook (pipeline) requests/s', n(i.pipeline.requestsPerSecond), `${how}; worker pointed at a Chatwoot that never answers`],
    ['bare express 200 requests/s', n(i.bare.requestsPerSecond), `${how}; express.raw body read + 200, separate process`],
    ['ratio pipeline ÷ bare', i.ratio.toFixed(2), 'requests/s, same machine, same load'],
    ['POST /webhook latency p50 / p99', `${i.pipeline.latencyP50Ms} / ${i.pipeline.latencyP99Ms} ms`, 'autocannon latency, per request'],
    ['bare express latency p50 / p99', `${i.bare.latencyP50Ms} / ${i.bare.latencyP99Ms} ms`, 'autocannon latency, per request'],
    [
      'answers and jobs',
      `${n(i.pipeline.requests)} answered (non-2xx ${i.pipeline.non2xx}, errors ${i.pipeline.errors}); ${n(i.triageJobs)} triage jobs for ${n(i.ticketsAnswered)} tickets answered 200 (+${i.inFlightAtStop} cut off at stop)`,
      i.verified ? 'verified: every answer 200, one triage job per ticket, nothing enqueued twice' : `NOT verified: ${i.problems.join('; ')}`,
    ],
  ];
}

function triageRows(t: TriageFigures): Row[] {
  const at = `WORKER_CONCURRENCY=${t.concurrency}`;
  const how = `${t.tickets} tickets from tickets/, fake Claude answering after ${t.modelDelayMs} ms, pipeline in a child process`;
  return [
    [`wall time (${at})`, `${t.wallSeconds} s`, `${how}; first simulated email → last ticket labelled`],
    [`tickets/min (${at})`, `${t.ticketsPerMinute}`, 'tickets ÷ wall time'],
    [`model calls per ticket (${at})`, `${t.modelCallsPerTicket}`, 'requests the fake Claude received ÷ tickets'],
    [`tokens per ticket in / out (${at})`, `${n(t.inputTokensPerTicket)} / ${n(t.outputTokensPerTicket)}`, 'counted by the fake: ⌈characters sent / 4⌉, ⌈characters answered / 4⌉'],
    [`efficiency (${at})`, `${(t.efficiency * 100).toFixed(0)} %`, `ideal ${t.idealSeconds} s (tickets × 2 sequential calls × delay ÷ concurrency) ÷ wall time`],
    [`outcome (${at})`, `${t.processed} ai-processed, ${t.failed} ai-failed`, 'labels on the fake’s conversations'],
    [
      `pipeline RSS idle / peak (${at})`,
      t.peakRssMb === null ? 'not measured (no /proc)' : `${t.rssAtStartMb} / ${t.peakRssMb} MB`,
      'child process: /proc/<pid>/status VmRSS after start-up, VmHWM after the run',
    ],
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
  if (r.ingress) sections.push(['1. Webhook acknowledgement', ingressRows(r.ingress)]);
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
