import { resolve } from 'node:path';
import { customerText } from '../../../ai-pipeline/src/chatwoot/customer-text.js';
import { parseTriageConfig } from '../../../ai-pipeline/src/rules/load.js';
import type { TriageConfig } from '../../../ai-pipeline/src/rules/schema.js';
import { loadTickets } from '../../../ai-pipeline/src/tickets/ticket.js';
import { decide } from '../../../ai-pipeline/src/triage/decide.js';

export interface RulesFigures {
  rules: number;
  textRules: number;
  tickets: number;
  rounds: number;
  /** decide() per ticket, every rule evaluated (none matches), microseconds. */
  meanMicros: number;
  p50Micros: number;
  p90Micros: number;
  p99Micros: number;
  maxMicros: number;
  /** Mean under 1 ms per ticket (p99 on a shared machine is dominated by GC pauses and other processes). */
  withinBudget: boolean;
  /** The first pass over the tickets right after loading (RE2 builds its DFA lazily), total ms for all tickets. */
  firstPassMs: number;
}

const WORDS = ['chargeback', 'dsgvo', 'gdpr', 'lawyer', 'anwalt', 'invoice', 'rechnung', 'factuur', 'remboursement', 'kündigen', 'opzeggen', 'exam', 'prüfung', 'crash', 'absturz', 'password', 'passwort', 'wachtwoord', 'login', 'refund'];

/**
 * 200 rules of every condition type, none of which matches, so every ticket walks all of them (the worst case):
 * a quarter are `text` regexes over the customer's text (RE2, case-insensitive alternations), the rest category,
 * language, confidence, plan, account, labels, inbox, channel and hours conditions nested in all/any/not.
 */
export function benchConfig(ruleCount = 200): TriageConfig {
  const rules: string[] = [];
  for (let i = 0; i < ruleCount; i++) {
    const w = (k: number) => WORDS[(i + k) % WORDS.length]!;
    const pick = i % 8;
    const when =
      pick === 0 || pick === 4
        ? `{ all: [ { text: "(?i)\\\\b(${w(0)}|${w(1)}|${w(2)})-nomatch${i}\\\\b" }, { category: bug-report } ] }`
        : pick === 1
          ? `{ all: [ { category: refund-request }, { language: [xx] }, { confidence: { gte: 0.7 } } ] }`
          : pick === 2
            ? `{ any: [ { plan: [plan${i}] }, { account: { country: [C${i}] } }, { labels: { has: [label${i}] } } ] }`
            : pick === 3
              ? `{ all: [ { inbox_id: [${1000 + i}] }, { not: { category: other } } ] }`
              : pick === 5
                ? `{ all: [ { channel: [whatsapp] }, { priority: [urgent] } ] }`
                : pick === 6
                  ? `{ all: [ { hours: { days: [sun], from: "03:00", to: "03:01", time_zone: Europe/Berlin } }, { category: other } ] }`
                  : `{ not: { any: [ { category: [bug-report, refund-request, product-question, other] }, { confidence: { lte: 1 } } ] } }`;
    rules.push(`  - { name: rule ${i}, when: ${when}, then: { team_id: ${(i % 9) + 1} } }`);
  }
  const yaml = `categories:
  - { name: bug-report, description: broken }
  - { name: refund-request, description: money back }
  - { name: product-question, description: how-to }
  - { name: other, description: anything else }
rules:
${rules.join('\n')}
`;
  const parsed = parseTriageConfig(yaml, { source: 'bench', defaultThreshold: 0.8 });
  if (!parsed.config) throw new Error(`bench config invalid: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return parsed.config;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Time of the pure decide() (rule evaluation included) per ticket, over the sample tickets' customer texts. */
export async function measureRules(opts: { rules?: number; rounds?: number } = {}): Promise<RulesFigures> {
  const config = benchConfig(opts.rules ?? 200);
  const tickets = await loadTickets(resolve(import.meta.dirname, '../../../tickets'));
  const texts = tickets.map((t) => customerText({ content: t.body }));
  const rounds = opts.rounds ?? 20;
  const now = new Date('2026-11-25T10:00:00Z');
  const run = (i: number) =>
    decide({
      analysis: { translation: null, category: tickets[i]!.category, priority: tickets[i]!.priority, confidence: 0.9, summary: 's' },
      language: tickets[i]!.lang,
      config,
      context: { text: texts[i]!, inboxId: 3, channel: 'email', plan: 'pro', account: { country: 'DE' }, now },
      current: { labels: ['vip'], customAttributes: {}, priority: null, assigneeId: null, teamId: null },
    });
  const first = process.hrtime.bigint();
  for (let i = 0; i < tickets.length; i++) if (run(i).ruleIndex !== null) throw new Error(`bench rule ${run(i).ruleIndex} matched ticket ${tickets[i]!.id}; it must match none`);
  const firstPassMs = Math.round(Number(process.hrtime.bigint() - first) / 1e5) / 10;
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < tickets.length; i++) {
      const t0 = process.hrtime.bigint();
      run(i);
      samples.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    rules: config.rules.length,
    textRules: config.rules.filter((r) => JSON.stringify(r.when, (k, v: unknown) => (k === 'regex' || k === 'clock' ? undefined : v)).includes('"text"')).length,
    tickets: tickets.length,
    rounds,
    meanMicros: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    p50Micros: round(percentile(sorted, 50)),
    p90Micros: round(percentile(sorted, 90)),
    p99Micros: round(percentile(sorted, 99)),
    maxMicros: round(sorted[sorted.length - 1] ?? 0),
    withinBudget: samples.reduce((a, b) => a + b, 0) / samples.length < 1000,
    firstPassMs,
  };
}
