import { RE2JS } from 're2js';
import { PRIORITIES, type Priority } from '../triage/categories.js';
import { hint } from './suggest.js';

/** Where in the config file something is: `['rules', 1, 'when', 'all', 0]` → `rules[1].when.all[0]`. */
export type ConfigPath = readonly (string | number)[];

export interface Problem {
  path: ConfigPath;
  message: string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Chatwoot's channel types (`Channel::WebWidget` → `web_widget`). */
export const CHANNELS = [
  'email', 'api', 'web_widget', 'whatsapp', 'facebook_page', 'instagram', 'twitter_profile', 'twilio_sms', 'sms', 'telegram', 'line', 'voice', 'tiktok',
] as const;

/** A parsed `when`. Leaves compare one fact; a missing fact (no enrichment, no channel) never matches a leaf. */
export type Condition =
  | { kind: 'all'; of: Condition[] }
  | { kind: 'any'; of: Condition[] }
  | { kind: 'not'; of: Condition }
  | { kind: 'category'; values: string[] }
  | { kind: 'priority'; values: Priority[] }
  | { kind: 'confidence'; gte?: number; lte?: number }
  | { kind: 'language'; values: string[] }
  | { kind: 'inbox_id'; values: number[] }
  | { kind: 'channel'; values: string[] }
  | { kind: 'plan'; values: string[] }
  | { kind: 'account'; field: string; values: string[] }
  | { kind: 'labels'; has: string[]; hasNot: string[] }
  | { kind: 'text'; pattern: string; regex: RE2JS; /** Position in the configuration's combined pattern set (rules/text-set.ts), or -1. */ index: number }
  | { kind: 'hours'; days: Weekday[]; from: number; to: number; timeZone: string; clock: Intl.DateTimeFormat };

export const CONDITION_KEYS = ['all', 'any', 'not', 'category', 'priority', 'confidence', 'language', 'inbox_id', 'channel', 'plan', 'account', 'labels', 'text', 'hours'] as const;

/** Everything a rule can look at for one ticket. Built by rules/facts.ts; plain data, so evaluation is pure. */
export interface RuleFacts {
  category: string;
  priority: Priority;
  confidence: number;
  language: string;
  /** The customer's own text (no quotes, no signature). */
  text: string;
  inboxId: number | null;
  /** e.g. `email`, `api`, `web_widget`; null when unknown. */
  channel: string | null;
  /** From enrichment; null when enrichment had no account. */
  plan: string | null;
  /** Other account fields from enrichment; null when unknown. */
  account: Readonly<Record<string, unknown>> | null;
  /** The labels already on the conversation (set by agents or earlier triage). */
  labels: readonly string[];
  now: Date;
}

interface ParseContext {
  categories: readonly string[];
  problems: Problem[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function list(raw: unknown, path: ConfigPath, ctx: ParseContext, what: string, ok: (v: unknown) => boolean): unknown[] | null {
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) {
    ctx.problems.push({ path, message: `must name at least one ${what}` });
    return null;
  }
  let good = true;
  values.forEach((v, i) => {
    if (!ok(v)) {
      good = false;
      ctx.problems.push({ path: Array.isArray(raw) ? [...path, i] : path, message: `${JSON.stringify(v)} is not a ${what}` });
    }
  });
  return good ? values : null;
}

function oneOf(raw: unknown, path: ConfigPath, ctx: ParseContext, what: string, known: readonly string[]): string[] | null {
  const values = list(raw, path, ctx, what, (v) => typeof v === 'string');
  if (!values) return null;
  let good = true;
  values.forEach((v, i) => {
    if (!known.includes(v as string)) {
      good = false;
      ctx.problems.push({
        path: Array.isArray(raw) ? [...path, i] : path,
        message: `unknown ${what} "${String(v)}"${hint(v as string, known)}; known: ${known.join(', ')}`,
      });
    }
  });
  return good ? (values as string[]) : null;
}

const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function strictKeys(raw: Record<string, unknown>, path: ConfigPath, ctx: ParseContext, allowed: readonly string[], what: string): boolean {
  let good = true;
  for (const k of Object.keys(raw)) {
    if (!allowed.includes(k)) {
      good = false;
      ctx.problems.push({ path: [...path, k], message: `unknown key "${k}" in ${what}${hint(k, allowed)}; allowed: ${allowed.join(', ')}` });
    }
  }
  return good;
}

function parseClock(raw: unknown, path: ConfigPath, ctx: ParseContext): number | null {
  const m = typeof raw === 'string' ? /^([01]\d|2[0-4]):([0-5]\d)$/.exec(raw) : null;
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || minutes > 24 * 60) {
    ctx.problems.push({ path, message: `must be a time "HH:MM" (00:00 to 24:00), got ${JSON.stringify(raw)}` });
    return null;
  }
  return minutes;
}

function parseLeaf(key: string, raw: unknown, path: ConfigPath, ctx: ParseContext): Condition | null {
  switch (key) {
    case 'all':
    case 'any': {
      if (!Array.isArray(raw)) {
        ctx.problems.push({ path, message: `"${key}" must be a list of conditions` });
        return null;
      }
      const of = raw.map((c, i) => parseCondition(c, [...path, i], ctx));
      return of.every((c): c is Condition => c !== null) ? { kind: key, of } : null;
    }
    case 'not': {
      const of = parseCondition(raw, path, ctx);
      return of ? { kind: 'not', of } : null;
    }
    case 'category': {
      const values = oneOf(raw, path, ctx, 'category', ctx.categories);
      return values ? { kind: 'category', values } : null;
    }
    case 'priority': {
      const values = oneOf(raw, path, ctx, 'priority', PRIORITIES);
      return values ? { kind: 'priority', values: values as Priority[] } : null;
    }
    case 'confidence': {
      if (!isRecord(raw) || (raw.gte === undefined && raw.lte === undefined)) {
        ctx.problems.push({ path, message: 'must be { gte: 0.7 } and/or { lte: 0.9 }' });
        return null;
      }
      let good = strictKeys(raw, path, ctx, ['gte', 'lte'], 'confidence');
      for (const k of ['gte', 'lte'] as const) {
        const v = raw[k];
        if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) {
          good = false;
          ctx.problems.push({ path: [...path, k], message: `must be a number from 0 to 1, got ${JSON.stringify(v)}` });
        }
      }
      return good ? { kind: 'confidence', gte: raw.gte as number | undefined, lte: raw.lte as number | undefined } : null;
    }
    case 'language': {
      const values = list(raw, path, ctx, 'language code such as "de" (or "unknown")', (v) => typeof v === 'string' && /^([a-z]{2,3}|unknown)$/.test(v));
      return values ? { kind: 'language', values: values as string[] } : null;
    }
    case 'inbox_id': {
      const values = list(raw, path, ctx, 'inbox id (a positive whole number)', (v) => typeof v === 'number' && Number.isInteger(v) && v > 0);
      return values ? { kind: 'inbox_id', values: values as number[] } : null;
    }
    case 'channel': {
      const values = oneOf(raw, path, ctx, 'channel', CHANNELS);
      return values ? { kind: 'channel', values } : null;
    }
    case 'plan': {
      const values = list(raw, path, ctx, 'plan name', scalar);
      return values ? { kind: 'plan', values: values.map(String) } : null;
    }
    case 'account': {
      if (!isRecord(raw) || Object.keys(raw).length !== 1) {
        ctx.problems.push({ path, message: 'must name one account field and its values, e.g. { country: [DE, AT] }' });
        return null;
      }
      const [field, v] = Object.entries(raw)[0]!;
      const values = list(v, [...path, field], ctx, 'value (text, number or true/false)', scalar);
      return values ? { kind: 'account', field, values: values.map(String) } : null;
    }
    case 'labels': {
      if (!isRecord(raw) || (raw.has === undefined && raw.has_not === undefined)) {
        ctx.problems.push({ path, message: 'must be { has: <label or list> } and/or { has_not: <label or list> }' });
        return null;
      }
      const keysOk = strictKeys(raw, path, ctx, ['has', 'has_not'], 'labels');
      const isLabel = (x: unknown) => typeof x === 'string' && x.length > 0;
      const has = raw.has === undefined ? [] : list(raw.has, [...path, 'has'], ctx, 'label', isLabel);
      const hasNot = raw.has_not === undefined ? [] : list(raw.has_not, [...path, 'has_not'], ctx, 'label', isLabel);
      return keysOk && has && hasNot ? { kind: 'labels', has: has as string[], hasNot: hasNot as string[] } : null;
    }
    case 'text': {
      if (typeof raw !== 'string' || raw === '') {
        ctx.problems.push({ path, message: 'must be a regular expression (RE2 syntax), e.g. "(?i)chargeback|gdpr"' });
        return null;
      }
      try {
        return { kind: 'text', pattern: raw, regex: RE2JS.compile(raw), index: -1 };
      } catch (e) {
        ctx.problems.push({ path, message: `invalid regular expression ${JSON.stringify(raw)}: ${(e as Error).message}` });
        return null;
      }
    }
    case 'hours': {
      if (!isRecord(raw)) {
        ctx.problems.push({ path, message: 'must be { days: [mon, tue, …], from: "09:00", to: "17:00", time_zone: "Europe/Berlin" }' });
        return null;
      }
      let good = strictKeys(raw, path, ctx, ['days', 'from', 'to', 'time_zone'], 'hours');
      const days = raw.days === undefined ? [...WEEKDAYS] : oneOf(raw.days, [...path, 'days'], ctx, 'weekday', WEEKDAYS);
      const from = parseClock(raw.from, [...path, 'from'], ctx);
      const to = parseClock(raw.to, [...path, 'to'], ctx);
      let clock: Intl.DateTimeFormat | null = null;
      if (typeof raw.time_zone !== 'string') {
        good = false;
        ctx.problems.push({ path: [...path, 'time_zone'], message: 'is required: an IANA time zone such as "Europe/Berlin"' });
      } else {
        try {
          clock = new Intl.DateTimeFormat('en-US', { timeZone: raw.time_zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
        } catch {
          good = false;
          ctx.problems.push({ path: [...path, 'time_zone'], message: `unknown time zone ${JSON.stringify(raw.time_zone)} (use an IANA name such as "Europe/Berlin")` });
        }
      }
      if (!good || !days || from === null || to === null || !clock) return null;
      return { kind: 'hours', days: days as Weekday[], from, to, timeZone: raw.time_zone as string, clock };
    }
    default:
      ctx.problems.push({ path: [...path.slice(0, -1)], message: `unknown condition "${key}"${hint(key, CONDITION_KEYS)}` });
      return null;
  }
}

/**
 * Parses one `when` value, adding every problem found (not just the first) to ctx.problems. A mapping with
 * several keys means all of them; an empty mapping always holds.
 */
export function parseCondition(raw: unknown, path: ConfigPath, ctx: ParseContext): Condition | null {
  if (!isRecord(raw)) {
    ctx.problems.push({ path, message: `must be a condition such as { category: bug-report } or { all: [...] }, got ${JSON.stringify(raw)}` });
    return null;
  }
  const entries = Object.entries(raw);
  const parts = entries.map(([k, v]) => parseLeaf(k, v, [...path, k], ctx));
  if (!parts.every((c): c is Condition => c !== null)) return null;
  return parts.length === 1 ? parts[0]! : { kind: 'all', of: parts };
}

/** True when the condition holds for every ticket (a rule after it can never fire). Structural, not exhaustive. */
export function alwaysTrue(c: Condition): boolean {
  switch (c.kind) {
    case 'all':
      return c.of.every(alwaysTrue);
    case 'any':
      return c.of.some(alwaysTrue);
    case 'not':
      return alwaysFalse(c.of);
    case 'confidence':
      return (c.gte ?? 0) <= 0 && (c.lte ?? 1) >= 1;
    default:
      return false;
  }
}

function alwaysFalse(c: Condition): boolean {
  switch (c.kind) {
    case 'all':
      return c.of.some(alwaysFalse);
    case 'any':
      return c.of.every(alwaysFalse);
    case 'not':
      return alwaysTrue(c.of);
    default:
      return false;
  }
}

function localClock(c: Extract<Condition, { kind: 'hours' }>, now: Date): { day: Weekday; minutes: number } {
  let day: Weekday = 'mon';
  let hour = 0;
  let minute = 0;
  for (const p of c.clock.formatToParts(now)) {
    if (p.type === 'weekday') day = p.value.toLowerCase().slice(0, 3) as Weekday;
    else if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return { day, minutes: hour * 60 + minute };
}

/** Whether a `hours` window holds at `now`; a window whose `to` is before `from` runs past midnight (into the next day). */
function inHours(c: Extract<Condition, { kind: 'hours' }>, now: Date, scope: EvalScope): boolean {
  const { day, minutes } = clockIn(c, now, scope);
  if (c.from <= c.to) return c.days.includes(day) && minutes >= c.from && minutes < c.to;
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]!;
  return (c.days.includes(day) && minutes >= c.from) || (c.days.includes(yesterday) && minutes < c.to);
}

/**
 * Per-ticket results computed once for all rules: which `text` patterns matched (one pass of the combined RE2 set
 * instead of one regex per rule) and the local clock per time zone.
 */
export interface EvalScope {
  textHits?: ReadonlySet<number>;
  clocks: Map<string, { day: Weekday; minutes: number }>;
}

export function newScope(textHits?: ReadonlySet<number>): EvalScope {
  return { textHits, clocks: new Map() };
}

function clockIn(c: Extract<Condition, { kind: 'hours' }>, now: Date, scope: EvalScope): { day: Weekday; minutes: number } {
  let clock = scope.clocks.get(c.timeZone);
  if (!clock) {
    clock = localClock(c, now);
    scope.clocks.set(c.timeZone, clock);
  }
  return clock;
}

/** One evaluated leaf for `explain`: what was compared, the ticket's value, and whether it held. */
export interface TraceLine {
  depth: number;
  condition: string;
  value: string;
  held: boolean;
}

const show = (v: unknown) => (v === null || v === undefined ? '(missing)' : typeof v === 'string' ? v : JSON.stringify(v));
const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Human description of a leaf, e.g. `language in [de]`. */
export function describe(c: Condition): string {
  switch (c.kind) {
    case 'all':
    case 'any':
      return `${c.kind} of ${c.of.length}`;
    case 'not':
      return 'not';
    case 'confidence':
      return `confidence ${[c.gte !== undefined ? `≥ ${c.gte}` : '', c.lte !== undefined ? `≤ ${c.lte}` : ''].filter(Boolean).join(' and ')}`;
    case 'account':
      return `account.${c.field} in [${c.values.join(', ')}]`;
    case 'labels':
      return [c.has.length ? `labels has [${c.has.join(', ')}]` : '', c.hasNot.length ? `labels has_not [${c.hasNot.join(', ')}]` : ''].filter(Boolean).join(' and ');
    case 'text':
      return `text matches /${c.pattern}/`;
    case 'hours':
      return `hours ${c.days.join(',')} ${hm(c.from)}–${hm(c.to)} ${c.timeZone}`;
    default:
      return `${c.kind} in [${c.values.join(', ')}]`;
  }
}

function factOf(c: Condition, f: RuleFacts): unknown {
  switch (c.kind) {
    case 'category':
      return f.category;
    case 'priority':
      return f.priority;
    case 'confidence':
      return f.confidence;
    case 'language':
      return f.language;
    case 'inbox_id':
      return f.inboxId;
    case 'channel':
      return f.channel;
    case 'plan':
      return f.plan;
    case 'account':
      return f.account ? f.account[c.field] : null;
    case 'labels':
      return f.labels;
    case 'text':
      return `${f.text.length} characters`;
    case 'hours': {
      const { day, minutes } = localClock(c, f.now);
      return `${day} ${hm(minutes)}`;
    }
    default:
      return '';
  }
}

/**
 * Whether the condition holds for the facts. Pure; `trace` (for explain) receives every leaf evaluated.
 * `all`/`any` stop at the first decisive child, like the rules themselves.
 */
export function holds(c: Condition, f: RuleFacts, trace?: TraceLine[], depth = 0, scope: EvalScope = newScope()): boolean {
  let held: boolean;
  const at = trace ? trace.length : 0;
  switch (c.kind) {
    case 'all':
      trace?.push({ depth, condition: 'all of:', value: '', held: false });
      held = c.of.every((x) => holds(x, f, trace, depth + 1, scope));
      break;
    case 'any':
      trace?.push({ depth, condition: 'any of:', value: '', held: false });
      held = c.of.some((x) => holds(x, f, trace, depth + 1, scope));
      break;
    case 'not':
      trace?.push({ depth, condition: 'not:', value: '', held: false });
      held = !holds(c.of, f, trace, depth + 1, scope);
      break;
    case 'category':
      held = c.values.includes(f.category);
      break;
    case 'priority':
      held = c.values.includes(f.priority);
      break;
    case 'confidence':
      held = (c.gte === undefined || f.confidence >= c.gte) && (c.lte === undefined || f.confidence <= c.lte);
      break;
    case 'language':
      held = c.values.includes(f.language);
      break;
    case 'inbox_id':
      held = f.inboxId !== null && c.values.includes(f.inboxId);
      break;
    case 'channel':
      held = f.channel !== null && c.values.includes(f.channel);
      break;
    case 'plan':
      held = f.plan !== null && c.values.includes(f.plan);
      break;
    case 'account': {
      const v = f.account?.[c.field];
      held = v !== null && v !== undefined && c.values.includes(String(v));
      break;
    }
    case 'labels':
      held = c.has.every((l) => f.labels.includes(l)) && !c.hasNot.some((l) => f.labels.includes(l));
      break;
    case 'text':
      held = scope.textHits && c.index >= 0 ? scope.textHits.has(c.index) : c.regex.matcher(f.text).find();
      break;
    case 'hours':
      held = inHours(c, f.now, scope);
      break;
  }
  if (trace) {
    if (c.kind === 'all' || c.kind === 'any' || c.kind === 'not') trace[at]!.held = held;
    else trace.push({ depth, condition: describe(c), value: show(factOf(c, f)), held });
  }
  return held;
}
