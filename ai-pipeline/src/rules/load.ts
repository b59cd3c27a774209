import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { DEFAULT_CATEGORY_DEFINITIONS } from '../triage/categories.js';
import { LABEL_FAILED, LABEL_HIGH_CONFIDENCE, LABEL_NEEDS_TRIAGE, LABEL_PROCESSED } from '../triage/decide.js';
import { alwaysTrue, parseCondition, type Condition, type ConfigPath, type Problem } from './conditions.js';
import { triageFileSchema, type Rule, type TriageConfig } from './schema.js';
import { hint } from './suggest.js';
import { autoReplySettings } from '../autoreply/schema.js';
import { compileTextSet } from './text-set.js';
import { slaConfigSchema } from '../sla/config.js';

const RESERVED_LABELS = [LABEL_HIGH_CONFIDENCE, LABEL_NEEDS_TRIAGE, LABEL_PROCESSED, LABEL_FAILED];

/** `['rules', 1, 'when', 'all', 0]` → `rules[1].when.all[0]`. */
export function formatPath(path: ConfigPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(root)';
}

/** A problem with the line it is on (1-based; null when the path is not in the file, e.g. a missing key). */
export interface LocatedProblem extends Problem {
  line: number | null;
}

export class TriageConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: LocatedProblem[],
  ) {
    super(`${source} is invalid:\n${problems.map((p) => `  - ${formatProblem(source, p)}`).join('\n')}`);
    this.name = 'TriageConfigError';
  }
}

/** `triage.yaml:7: rules[1].when.all[0]: unknown condition "langauge" (did you mean "language"?)` */
export function formatProblem(source: string, p: LocatedProblem): string {
  return `${source}${p.line !== null ? `:${p.line}` : ''}: ${formatPath(p.path)}: ${p.message}`;
}

/** The line of the deepest node along `path` (the key's line for a mapping entry). */
function lineOf(doc: Document, lines: LineCounter, path: ConfigPath): number | null {
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as Node | null)?.range?.[0];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset === undefined ? null : lines.linePos(offset).line;
}

/** The keys allowed at a place in the file, for "did you mean" hints on unknown keys. */
function knownKeys(path: readonly (string | number)[]): string[] {
  const named = path.filter((p) => typeof p === 'string');
  const last = named[named.length - 1];
  if (path.length === 0) return Object.keys(triageFileSchema.shape);
  if (last === 'then') return ['team_id', 'agent_id', 'labels', 'priority', 'suggest_only'];
  if (last === 'rules') return ['name', 'when', 'then'];
  if (last === 'categories') return ['name', 'description', 'sensitive'];
  if (last === 'sla') return ['urgent', 'high', 'medium', 'low', 'business_hours', 'escalation_team_id'];
  if (path[0] === 'sla' && last === 'business_hours') return ['tz', 'days', 'from', 'to'];
  if (path[0] === 'sla' && path.length === 2) return ['first_response', 'resolution'];
  return [];
}

const TYPE_WORDS: Record<string, string> = { number: 'a number', boolean: 'true or false', string: 'a text', array: 'a list ([a, b] or "- " lines)', object: 'a mapping (key: value lines or { … })' };
const typeWord = (expected: string): string => TYPE_WORDS[expected] ?? `of type ${expected}`;

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let v = root;
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

function shown(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'nothing (an empty value)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function yamlErrorText(message: string): string {
  const first = (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  // Most of these come from indentation: a key indented deeper or less than the ones beside it.
  return /column|indent|mapping|sequence/i.test(first) ? `${first} (check this line's indentation against the lines above it)` : first;
}

/**
 * No key has a space in it: such a "key" is almost always the rest of a text cut at a comma inside `{ … }`
 * (`{ name: shipping, description: late, lost or damaged }`), where a comma ends the value.
 */
function commaHint(key: string): string {
  return /\s/.test(key.trim()) ? ' (inside { … } a comma ends a value: put a text with commas in quotes)' : '';
}

/** A zod issue's path inside the file: `prefix` is where the schema that raised it sits (`['sla']` for the SLA's). */
function issuePath(issue: z.core.$ZodIssue, prefix: ConfigPath): ConfigPath {
  return [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
}

/** The types a value may have: one for `invalid_type`, each branch's for a union of plain types (`days: mon-fri | [mon, fri]`). */
function expectedTypes(issue: z.core.$ZodIssue): string[] | null {
  if (issue.code === 'invalid_type') return [issue.expected];
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return null;
  const types: string[] = [];
  for (const branch of issue.errors) {
    const only = branch.length === 1 ? branch[0] : undefined;
    if (only?.code !== 'invalid_type' || only.path.length > 0) return null;
    types.push(only.expected);
  }
  return types;
}

/**
 * One zod issue as the problems an operator reads, for every schema the file is checked against (the file's own and
 * the `sla:` section's): unknown keys with "did you mean", a missing key as "is required", a wrong type with what it
 * must be and what was written, anything else with the schema's own message.
 */
function issueProblems(issue: z.core.$ZodIssue, prefix: ConfigPath, raw: unknown): Problem[] {
  const path = issuePath(issue, prefix);
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(path);
    return issue.keys.map((k) => ({ path: [...path, k], message: `unknown key "${k}"${hint(k, known)}${known.length ? `; allowed: ${known.join(', ')}` : ''}${commaHint(k)}` }));
  }
  const types = expectedTypes(issue);
  if (!types) return [{ path, message: issue.message }];
  const value = valueAt(raw, path);
  // zod's "Invalid input: expected string, received undefined": the key is missing.
  if (value === undefined) return [{ path, message: `is required (${types.join(' or ')})` }];
  // zod's "Invalid input: expected number, received string" does not show what was written: say it.
  return [{ path, message: `must be ${types.map(typeWord).join(' or ')}, got ${shown(value)}` }];
}

export interface ParsedTriageConfig {
  /** Null when there are problems. */
  config: TriageConfig | null;
  problems: LocatedProblem[];
  /** The line a config path is on (for checks made later, e.g. against Chatwoot). */
  lineOf(path: ConfigPath): number | null;
}

/** Parses and validates the YAML text; collects every problem at once instead of stopping at the first. */
export function parseTriageConfig(text: string, opts: { source: string; defaultThreshold: number }): ParsedTriageConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const locate = (path: ConfigPath) => lineOf(doc, lines, path);
  if (doc.errors.length > 0) {
    return {
      config: null,
      // The parser's first line ends "at line 24, column 1:" (a code frame follows): the line is already the problem's.
      problems: doc.errors.map((e) => ({ path: [], line: e.linePos?.[0].line ?? null, message: `not valid YAML: ${yamlErrorText(e.message)}` })),
      lineOf: locate,
    };
  }
  const problems: Problem[] = [];
  const raw = doc.toJS() ?? {};
  const parsed = triageFileSchema.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) problems.push(...issueProblems(issue, [], raw));

  // The `sla:` section is the SLA module's (sla/config.ts); its problems are listed here too, with their lines, so
  // `npm run rules -- check` and start-up report them like every other problem instead of passing the file.
  const rawSla = (raw as { sla?: unknown } | null)?.sla;
  if (rawSla != null) {
    const sla = slaConfigSchema.safeParse(rawSla);
    if (!sla.success) for (const issue of sla.error.issues) problems.push(...issueProblems(issue, ['sla'], raw));
  }

  // Conditions are checked even when other parts failed, so every problem shows up in one run.
  const file = parsed.success ? parsed.data : null;
  const rawRules: unknown[] = Array.isArray((raw as { rules?: unknown }).rules) ? ((raw as { rules: unknown[] }).rules) : [];
  // Without a `categories` key the built-in ones apply (also when the key is misspelt: that is reported once, above,
  // instead of every rule's category being "unknown" against an empty list).
  const rawCategories = (raw as { categories?: unknown }).categories;
  const categories = file
    ? file.categories.map((c) => c.name)
    : rawCategories === undefined
      ? DEFAULT_CATEGORY_DEFINITIONS.map((c) => c.name)
      : (Array.isArray(rawCategories) ? (rawCategories as { name?: unknown }[]) : [])
          .map((c) => (typeof c?.name === 'string' ? c.name : ''))
          .filter(Boolean);
  const ctx = { categories, problems };
  const conditions: (Condition | null)[] = rawRules.map((r, i) => {
    const when = (r as { when?: unknown } | null)?.when;
    return when === undefined ? { kind: 'all', of: [] } : parseCondition(when, ['rules', i, 'when'], ctx);
  });

  // Cross-checks work on the raw file too, so they are reported even when a field elsewhere is wrong.
  const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const rawObj = raw as { categories?: unknown; labels?: unknown };
  const declared = arr(rawObj.labels).map(str).filter((l): l is string => l !== null);
  const seen = new Set<string>();
  arr(rawObj.categories).forEach((c, i) => {
    const name = str((c as { name?: unknown } | null)?.name);
    if (name === null) return;
    if (seen.has(name)) problems.push({ path: ['categories', i, 'name'], message: `category "${name}" is listed twice` });
    if (RESERVED_LABELS.includes(name)) problems.push({ path: ['categories', i, 'name'], message: `"${name}" is a label the triage itself uses; choose another name` });
    seen.add(name);
  });
  const sensitive = arr(rawObj.categories).filter((c) => (c as { sensitive?: unknown } | null)?.sensitive === true).map((c) => str((c as { name?: unknown }).name));
  arr((raw as { auto_reply?: { categories?: unknown } } | null)?.auto_reply?.categories).forEach((c, i) => {
    const name = str(c);
    if (name === null) return;
    if (!categories.includes(name)) problems.push({ path: ['auto_reply', 'categories', i], message: `category "${name}" is not listed in categories${hint(name, categories)}` });
    else if (sensitive.includes(name)) problems.push({ path: ['auto_reply', 'categories', i], message: `category "${name}" is sensitive: it is never auto-replied` });
  });
  const ruleNames = new Map<string, number>();
  let catchAll: number | null = null;
  rawRules.forEach((r, i) => {
    const rule = (r ?? {}) as { name?: unknown; then?: { labels?: unknown } };
    const name = str(rule.name) ?? `#${i}`;
    if (ruleNames.has(name)) problems.push({ path: ['rules', i, 'name'], message: `another rule (rules[${ruleNames.get(name)!}]) is already named "${name}"` });
    else ruleNames.set(name, i);
    arr(rule.then?.labels).forEach((l, j) => {
      const label = str(l);
      if (label !== null && !declared.includes(label) && !categories.includes(label)) {
        problems.push({ path: ['rules', i, 'then', 'labels', j], message: `label "${label}" is not declared in labels${hint(label, declared)}; declared: ${declared.join(', ') || '(none)'}` });
      }
    });
    if (catchAll !== null) {
      const before = str((rawRules[catchAll] as { name?: unknown } | null)?.name) ?? `#${catchAll}`;
      problems.push({ path: ['rules', i], message: `rule "${name}" can never fire: rule "${before}" (rules[${catchAll}]) before it always holds` });
    } else if (conditions[i] && alwaysTrue(conditions[i])) catchAll = i;
  });

  const located = problems.map((p) => ({ ...p, line: locate(p.path) })).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (!file || located.length > 0 || conditions.some((c) => c === null)) return { config: null, problems: located, lineOf: locate };
  const rules: Rule[] = file.rules.map((r, i) => ({
    name: r.name,
    when: conditions[i]!,
    then: {
      teamId: r.then.team_id ?? null,
      agentId: r.then.agent_id ?? null,
      labels: r.then.labels,
      priority: r.then.priority ?? null,
      suggestOnly: r.then.suggest_only,
    },
  }));
  return {
    config: {
      source: opts.source,
      legacy: false,
      product: file.product ?? null,
      categories: file.categories.map((c) => ({ name: c.name, description: c.description, sensitive: c.sensitive })),
      labels: file.labels,
      autoAssignThreshold: file.auto_assign_threshold ?? opts.defaultThreshold,
      rules,
      textSet: compileTextSet(rules),
      sla: file.sla,
      autoReply: autoReplySettings(file.auto_reply),
    },
    problems: [],
    lineOf: locate,
  };
}

/** Reads the file; the result carries every problem (unreadable file = one problem). */
export async function readTriageConfig(path: string, defaultThreshold: number): Promise<ParsedTriageConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return {
      config: null,
      problems: [{ path: [], line: null, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }],
      lineOf: () => null,
    };
  }
  return parseTriageConfig(text, { source: path, defaultThreshold });
}

/** Reads and validates TRIAGE_CONFIG; throws TriageConfigError listing every problem, one line each. */
export async function loadTriageConfig(path: string, defaultThreshold: number): Promise<TriageConfig> {
  const parsed = await readTriageConfig(path, defaultThreshold);
  if (!parsed.config) throw new TriageConfigError(path, parsed.problems);
  return parsed.config;
}

/** Team and agent ids the rules name that the Chatwoot account does not have. */
export function unknownTargets(config: TriageConfig, known: { teamIds: ReadonlySet<number>; agentIds: ReadonlySet<number> }): Problem[] {
  const problems: Problem[] = [];
  config.rules.forEach((r, i) => {
    if (r.then.teamId !== null && !known.teamIds.has(r.then.teamId)) {
      problems.push({ path: ['rules', i, 'then', 'team_id'], message: `team ${r.then.teamId} does not exist in Chatwoot (teams: ${[...known.teamIds].join(', ') || 'none'})` });
    }
    if (r.then.agentId !== null && !known.agentIds.has(r.then.agentId)) {
      problems.push({ path: ['rules', i, 'then', 'agent_id'], message: `agent ${r.then.agentId} does not exist in Chatwoot (agents: ${[...known.agentIds].join(', ') || 'none'})` });
    }
  });
  return problems;
}

/** Every team and agent id the rules name (for bootstrap checks). */
export function ruleTargets(config: TriageConfig): { teamIds: number[]; agentIds: number[] } {
  const uniq = (xs: (number | null)[]) => [...new Set(xs.filter((x): x is number => x !== null))].sort((a, b) => a - b);
  return { teamIds: uniq(config.rules.map((r) => r.then.teamId)), agentIds: uniq(config.rules.map((r) => r.then.agentId)) };
}
