import { RE2Set } from 're2js';
import type { Condition } from './conditions.js';
import type { Rule } from './schema.js';

/** All `text` patterns of a configuration, matched against a ticket's text in one linear-time pass. */
export interface TextMatcher {
  /** Indexes (Condition.index) of the patterns that match somewhere in the text. */
  match(text: string): ReadonlySet<number>;
}

function textLeaves(c: Condition, out: Extract<Condition, { kind: 'text' }>[]): void {
  if (c.kind === 'all' || c.kind === 'any') c.of.forEach((x) => textLeaves(x, out));
  else if (c.kind === 'not') textLeaves(c.of, out);
  else if (c.kind === 'text') out.push(c);
}

/**
 * Compiles every `text` pattern of the rules into one RE2 set (each pattern was already checked on its own) and
 * numbers the conditions by their pattern; null when no rule has a `text` condition.
 */
export function compileTextSet(rules: readonly Rule[]): TextMatcher | null {
  const leaves: Extract<Condition, { kind: 'text' }>[] = [];
  for (const r of rules) textLeaves(r.when, leaves);
  if (leaves.length === 0) return null;
  const patterns: string[] = [];
  for (const leaf of leaves) {
    let i = patterns.indexOf(leaf.pattern);
    if (i < 0) {
      i = patterns.length;
      patterns.push(leaf.pattern);
    }
    leaf.index = i;
  }
  const set = new RE2Set(RE2Set.UNANCHORED);
  for (const p of patterns) set.add(p);
  set.compile();
  return { match: (text) => new Set(set.match(text)) };
}
