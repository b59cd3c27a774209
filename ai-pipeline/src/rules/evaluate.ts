import { holds, newScope, type RuleFacts, type TraceLine } from './conditions.js';
import type { Rule, TriageConfig } from './schema.js';

export interface RuleMatch {
  rule: Rule;
  index: number;
}

/** The first rule whose `when` holds, or null. Pure. */
export function firstMatch(config: Pick<TriageConfig, 'rules' | 'textSet'>, facts: RuleFacts): RuleMatch | null {
  const rules = config.rules;
  const scope = newScope(config.textSet?.match(facts.text));
  for (let i = 0; i < rules.length; i++) {
    if (holds(rules[i]!.when, facts, undefined, 0, scope)) return { rule: rules[i]!, index: i };
  }
  return null;
}

export interface RuleTrace {
  index: number;
  name: string;
  held: boolean;
  /** Every leaf evaluated (all/any stop early, so later leaves of a decided group are not shown). */
  lines: TraceLine[];
  /** The first rule that held: the one that decides. */
  decides: boolean;
}

/**
 * Every rule in order with each condition's value and whether it held (for `npm run rules -- explain`). Rules
 * after the deciding one are evaluated too, to show what they would have done.
 */
export function traceRules(config: Pick<TriageConfig, 'rules' | 'textSet'>, facts: RuleFacts): { traces: RuleTrace[]; match: RuleMatch | null } {
  let match: RuleMatch | null = null;
  const scope = newScope(config.textSet?.match(facts.text));
  const traces = config.rules.map((rule, index): RuleTrace => {
    const lines: TraceLine[] = [];
    const held = holds(rule.when, facts, lines, 0, scope);
    const decides = held && !match;
    if (decides) match = { rule, index };
    return { index, name: rule.name, held, lines, decides };
  });
  return { traces, match };
}
