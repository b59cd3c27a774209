import type { Decision, Target } from '../triage/decide.js';
import type { RuleFacts } from './conditions.js';
import type { RuleTrace } from './evaluate.js';
import type { TriageConfig } from './schema.js';

const mark = (held: boolean) => (held ? '✓' : '✗');

function target(t: Target): string {
  return [t.teamId !== null ? `team ${t.teamId}` : '', t.agentId !== null ? `agent ${t.agentId}` : ''].filter(Boolean).join(' and ');
}

function factsLine(f: RuleFacts): string {
  return [
    `category ${f.category}`,
    `priority ${f.priority}`,
    `confidence ${f.confidence.toFixed(2)}`,
    `language ${f.language}`,
    `inbox ${f.inboxId ?? '(missing)'}`,
    `channel ${f.channel ?? '(missing)'}`,
    `plan ${f.plan ?? '(missing)'}`,
    `labels [${f.labels.join(', ')}]`,
    `time ${f.now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ].join(' · ');
}

/**
 * The text `npm run rules -- explain` prints: the facts, every rule in order with each condition's value and
 * whether it held (the first rule that held decides), and the resulting decision.
 */
export function explainText(config: TriageConfig, facts: RuleFacts, traces: RuleTrace[], decision: Decision): string {
  const lines = [
    `Configuration: ${config.source} (${config.categories.length} categories, ${config.rules.length} rules, auto-assign threshold ${config.autoAssignThreshold.toFixed(2)})`,
    `Facts: ${factsLine(facts)}`,
    '',
  ];
  if (traces.length === 0) lines.push('No rules.');
  for (const t of traces) {
    lines.push(`${mark(t.held)} rules[${t.index}] “${t.name}”${t.decides ? '  ← decides' : t.held ? '  (held, but an earlier rule decided)' : ''}`);
    if (t.lines.length === 0) lines.push('    (always)');
    for (const l of t.lines) {
      const text = `${'  '.repeat(l.depth + 2)}${l.condition}`;
      lines.push(l.value === '' ? `${text} ${mark(l.held)}` : `${text.padEnd(56)} value ${l.value} → ${mark(l.held)}`);
    }
  }
  const d = decision;
  lines.push(
    '',
    'Decision:',
    `  rule: ${d.ruleIndex !== null ? `rules[${d.ruleIndex}] “${config.rules[d.ruleIndex]?.name ?? ''}”` : 'none matched'}`,
    `  assignment: ${d.assign ? `assign ${target(d.assign)}` : d.suggest ? `suggest ${target(d.suggest)} (not assigned)` : 'none'} — ${d.assignmentReason}`,
    `  labels added: ${d.addLabels.join(', ')}`,
    `  priority: ${d.priority ?? '(left as it is)'}`,
  );
  return lines.join('\n');
}
