/**
 * What the fault suite checks after every scenario, by reading what the Chatwoot-compatible fake received
 * and holds: every write is one the pipeline is allowed to make, and each conversation got one set of notes.
 */
import type { FakeChatwoot, RecordedRequest } from '../../../testkit/fakes/chatwoot-server.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { CATEGORIES, PRIORITIES } from '../../src/triage/categories.js';
import { LABEL_FAILED, LABEL_HIGH_CONFIDENCE, LABEL_NEEDS_TRIAGE, LABEL_PROCESSED } from '../../src/triage/decide.js';

export const ALLOWED_LABELS: readonly string[] = [...CATEGORIES, LABEL_HIGH_CONFIDENCE, LABEL_NEEDS_TRIAGE, LABEL_PROCESSED, LABEL_FAILED];
const ATTRIBUTE_KEYS = ['ai_category', 'ai_priority', 'ai_confidence', 'ai_language', 'ai_summary'];

/** The team and agent ids of testkit/harness.ts DEFAULT_ROUTING_YAML. */
export const HARNESS_TARGETS = { teamIds: [101, 102, 103], agentIds: [2] };

function bodyOf(r: RecordedRequest): Record<string, unknown> {
  return r.body && typeof r.body === 'object' && !Array.isArray(r.body) ? (r.body as Record<string, unknown>) : {};
}

/**
 * Every write the pipeline sent to Chatwoot that it must never send: a label outside ALLOWED_LABELS, an
 * attribute outside the ai_* set or with a value outside its enum, a team/agent outside the routing config,
 * a message that is not a private note, or any write to a route the pipeline has no business with.
 * Returns one line per violation (empty = clean).
 */
export function forbiddenWrites(requests: readonly RecordedRequest[], targets = HARNESS_TARGETS): string[] {
  const bad: string[] = [];
  for (const r of requests) {
    if (r.method === 'GET') continue;
    const b = bodyOf(r);
    const where = `${r.method} ${r.path}`;
    switch (r.route) {
      case 'createMessage':
        if (b.private !== true) bad.push(`${where}: a non-private message (${JSON.stringify(b).slice(0, 120)})`);
        break;
      case 'setConversationLabels': {
        const labels = Array.isArray(b.labels) ? b.labels : [];
        for (const l of labels) if (!ALLOWED_LABELS.includes(String(l))) bad.push(`${where}: label ${JSON.stringify(l)}`);
        break;
      }
      case 'setCustomAttributes': {
        const attrs = (b.custom_attributes ?? {}) as Record<string, unknown>;
        for (const [k, v] of Object.entries(attrs)) {
          if (!ATTRIBUTE_KEYS.includes(k)) bad.push(`${where}: attribute ${k}`);
          if (k === 'ai_category' && !(CATEGORIES as readonly unknown[]).includes(v)) bad.push(`${where}: ai_category ${JSON.stringify(v)}`);
          if (k === 'ai_priority' && !(PRIORITIES as readonly unknown[]).includes(v)) bad.push(`${where}: ai_priority ${JSON.stringify(v)}`);
          if (k === 'ai_confidence' && (typeof v !== 'number' || v < 0 || v > 1)) bad.push(`${where}: ai_confidence ${JSON.stringify(v)}`);
          if (k === 'ai_language' && (typeof v !== 'string' || !/^([a-z]{2}|unknown)$/.test(v))) bad.push(`${where}: ai_language ${JSON.stringify(v)}`);
          if (k === 'ai_summary' && (typeof v !== 'string' || v.length > 255)) bad.push(`${where}: ai_summary not a string ≤ 255`);
        }
        break;
      }
      case 'togglePriority':
        if (!(PRIORITIES as readonly unknown[]).includes(b.priority)) bad.push(`${where}: priority ${JSON.stringify(b.priority)}`);
        break;
      case 'assign':
        if ('team_id' in b && !targets.teamIds.includes(Number(b.team_id))) bad.push(`${where}: team ${JSON.stringify(b.team_id)}`);
        if ('assignee_id' in b && !targets.agentIds.includes(Number(b.assignee_id))) bad.push(`${where}: agent ${JSON.stringify(b.assignee_id)}`);
        break;
      default:
        bad.push(`${where}: unexpected write (route ${r.route ?? 'unknown'})`);
    }
  }
  return bad;
}

export interface ConversationOutcome {
  displayId: number;
  /** Note markers ("triage:1:7/draft" …) in posting order. */
  notes: string[];
  /** Successful POSTs of the labels list. */
  labelWrites: number;
  labels: string[];
}

const markerOf = (content: string | null) => /_ai-triage ref (\S+)_\s*$/.exec(content ?? '')?.[1] ?? '(no marker)';

/** Per conversation: its private notes' markers, how many label writes succeeded, its labels now. */
export function outcomes(chatwoot: FakeChatwoot): Map<number, ConversationOutcome> {
  const out = new Map<number, ConversationOutcome>();
  for (const c of chatwoot.state.conversations) out.set(c.displayId, { displayId: c.displayId, notes: [], labelWrites: 0, labels: c.labels });
  for (const m of chatwoot.state.messages) if (m.private) out.get(m.conversationDisplayId)?.notes.push(markerOf(m.content));
  for (const r of chatwoot.requests) {
    if (r.route !== 'setConversationLabels' || r.status !== 200) continue;
    const id = Number(/\/conversations\/(\d+)\//.exec(r.path)?.[1]);
    const o = out.get(id);
    if (o) o.labelWrites++;
  }
  return out;
}

/** The two notes of one full triage, in posting order (the triage note carries the customer context). */
export const triageNotes = (displayId: number, accountId = 1) => ['triage', 'draft'].map((p) => `triage:${accountId}:${displayId}/${p}`);

/** Conversations whose notes are not exactly one triage and one draft note (with what they have). */
export function notTriagedOnce(chatwoot: FakeChatwoot): string[] {
  const bad: string[] = [];
  for (const o of outcomes(chatwoot).values()) {
    const want = triageNotes(o.displayId, chatwoot.accountId);
    if (JSON.stringify(o.notes) !== JSON.stringify(want) || o.labelWrites !== 1 || !o.labels.includes(LABEL_PROCESSED)) {
      bad.push(`#${o.displayId}: notes [${o.notes.join(', ')}], label writes ${o.labelWrites}, labels [${o.labels.join(', ')}]`);
    }
  }
  return bad;
}

/** An email for the fake's inbox from one sample ticket; `n` keeps senders distinct. */
export function emailOf(t: Ticket, inboxId: number, n: number) {
  return { inboxId, from: { email: `${t.id}.${n}@customers.example`, name: t.from_name ?? t.id }, subject: t.subject, text: t.body };
}

/**
 * The model calls a set of triaged tickets should have cost once each: one analysis per ticket and one draft per
 * ticket, except those whose draft note says no reply was drafted (mail a machine wrote: no draft is asked for).
 */
export function modelCallsOnce(chatwoot: FakeChatwoot, tickets: number): number {
  const noReply = chatwoot.state.messages.filter((m) => m.private && (m.content ?? '').startsWith('**✉️ No reply drafted**')).length;
  return 2 * tickets - noReply;
}
