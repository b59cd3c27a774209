import { addBusinessSeconds, businessSecondsBetween } from './business-hours.js';
import type { BusinessHours, SlaTarget } from './config.js';

/** The two clocks the sidecar keeps per conversation. */
export const SLA_CLOCKS = ['first_response', 'resolution'] as const;
export type SlaClockName = (typeof SLA_CLOCKS)[number];

export const LABEL_SLA_AT_RISK = 'sla-at-risk';
export const LABEL_SLA_BREACHED = 'sla-breached';
/** Share of a target after which the conversation is "at risk". */
export const AT_RISK_SHARE = 0.75;
/** Even with nothing due, look at the conversation this often (to notice pending/resolved/replies). */
export const MAX_CHECK_INTERVAL_SECONDS = 15 * 60;

/** What the watcher remembers between wakes (stored in triage.sla_clocks). */
export interface SlaMemory {
  startedAt: Date;
  pausedSince: Date | null;
  /** Business seconds spent in `pending`, per clock (first response only while no reply had arrived). */
  paused: Record<SlaClockName, number>;
  /** Stages already announced, e.g. `first_response:at_risk`. */
  announced: string[];
}

/** What Chatwoot says now. */
export interface SlaObservation {
  now: Date;
  status: string;
  firstReplyAt: Date | null;
  /** When resolved: the latest moment it can have happened (Chatwoot's `updated_at`), else now. */
  resolvedAt?: Date | null;
}

export type ClockState = 'running' | 'paused' | 'met' | 'breached' | 'none';

export interface ClockReport {
  clock: SlaClockName;
  targetSeconds: number | null;
  elapsedSeconds: number;
  state: ClockState;
  /** Business seconds left before the target (negative once over). */
  remainingSeconds: number | null;
}

export type SlaAction = { kind: 'at_risk' | 'breached'; clock: SlaClockName; report: ClockReport };

export interface SlaEvaluation {
  memory: SlaMemory;
  clocks: Record<SlaClockName, ClockReport>;
  actions: SlaAction[];
  /** Labels to add and remove (applied to Chatwoot's current list). */
  addLabels: string[];
  removeLabels: string[];
  /** True when both clocks are stopped: the watcher can finish. */
  finished: boolean;
  /** When to look again (null when finished). */
  nextWakeAt: Date | null;
}

/**
 * The SLA decision for one wake, pure: updates the pause bookkeeping from the observed status, measures each
 * clock in business seconds, and says which announcements are due (each stage once) and when to wake next.
 * An agent's first public reply stops the first-response clock; `resolved` stops both; `pending` pauses both.
 */
export function evaluateSla(target: SlaTarget, hours: BusinessHours | null, before: SlaMemory, seen: SlaObservation): SlaEvaluation {
  const now = seen.now;
  const memory: SlaMemory = { ...before, paused: { ...before.paused }, announced: [...before.announced] };
  const pending = seen.status === 'pending';
  const resolved = seen.status === 'resolved';

  const resolvedAt = resolved ? (seen.resolvedAt && seen.resolvedAt < now ? seen.resolvedAt : now) : null;
  if (memory.pausedSince && !pending) {
    const pauseEnd = resolvedAt && resolvedAt > memory.pausedSince ? resolvedAt : resolvedAt ? memory.pausedSince : now;
    memory.paused.resolution += businessSecondsBetween(memory.pausedSince, pauseEnd, hours);
    const replyEnd = seen.firstReplyAt && seen.firstReplyAt < pauseEnd ? seen.firstReplyAt : pauseEnd;
    memory.paused.first_response += businessSecondsBetween(memory.pausedSince, replyEnd, hours);
    memory.pausedSince = null;
  } else if (!memory.pausedSince && pending && !resolved) {
    memory.pausedSince = now;
  }
  // While paused, the clock stands still at the moment the pause began.
  const runningUntil = memory.pausedSince ?? now;

  const measure = (clock: SlaClockName): ClockReport => {
    const targetSeconds = target[clock] ?? null;
    const stoppedAt = clock === 'first_response' ? seen.firstReplyAt : resolvedAt;
    const end = stoppedAt && stoppedAt < runningUntil ? stoppedAt : runningUntil;
    const elapsedSeconds = Math.max(0, businessSecondsBetween(memory.startedAt, end, hours) - memory.paused[clock]);
    if (targetSeconds === null) return { clock, targetSeconds, elapsedSeconds, state: 'none', remainingSeconds: null };
    const over = elapsedSeconds >= targetSeconds || memory.announced.includes(`${clock}:breached`);
    const stopped = stoppedAt !== null || (clock === 'first_response' && resolved);
    const state: ClockState = over ? 'breached' : stopped ? 'met' : memory.pausedSince ? 'paused' : 'running';
    return { clock, targetSeconds, elapsedSeconds, state, remainingSeconds: targetSeconds - elapsedSeconds };
  };
  const clocks = { first_response: measure('first_response'), resolution: measure('resolution') };

  const actions: SlaAction[] = [];
  for (const clock of SLA_CLOCKS) {
    const r = clocks[clock];
    if (r.targetSeconds === null) continue;
    const stoppedBeforeTarget = r.state === 'met';
    if (r.state === 'breached' && !memory.announced.includes(`${clock}:breached`)) {
      actions.push({ kind: 'breached', clock, report: r });
      memory.announced.push(`${clock}:breached`);
    } else if (
      !stoppedBeforeTarget &&
      r.state !== 'breached' &&
      r.elapsedSeconds >= AT_RISK_SHARE * r.targetSeconds &&
      !memory.announced.includes(`${clock}:at_risk`)
    ) {
      actions.push({ kind: 'at_risk', clock, report: r });
      memory.announced.push(`${clock}:at_risk`);
    }
  }

  const anyBreached = SLA_CLOCKS.some((c) => clocks[c].state === 'breached');
  const atRisk =
    !anyBreached &&
    SLA_CLOCKS.some((c) => {
      const r = clocks[c];
      return (r.state === 'running' || r.state === 'paused') && r.targetSeconds !== null && r.elapsedSeconds >= AT_RISK_SHARE * r.targetSeconds;
    });
  const addLabels = [...(anyBreached ? [LABEL_SLA_BREACHED] : []), ...(atRisk ? [LABEL_SLA_AT_RISK] : [])];
  const removeLabels = atRisk ? [] : [LABEL_SLA_AT_RISK];

  const live = SLA_CLOCKS.map((c) => clocks[c]).filter((r) => r.state === 'running' || r.state === 'paused');
  const finished = resolved || live.length === 0;
  let nextWakeAt: Date | null = null;
  if (!finished) {
    let wake = now.getTime() + MAX_CHECK_INTERVAL_SECONDS * 1000;
    for (const r of live) {
      if (r.state !== 'running' || r.targetSeconds === null) continue;
      const riskAt = AT_RISK_SHARE * r.targetSeconds;
      const nextMark = r.elapsedSeconds < riskAt ? riskAt : r.targetSeconds;
      const due = addBusinessSeconds(now, Math.max(1, Math.ceil(nextMark - r.elapsedSeconds)), hours);
      if (due) wake = Math.min(wake, due.getTime());
    }
    nextWakeAt = new Date(wake);
  }
  return { memory, clocks, actions, addLabels, removeLabels, finished, nextWakeAt };
}
