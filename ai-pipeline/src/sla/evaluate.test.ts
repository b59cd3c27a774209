import { describe, expect, it } from 'vitest';
import { parseSlaConfig } from './config.js';
import { evaluateSla, type SlaMemory } from './evaluate.js';

const start = new Date('2026-03-24T09:00:00+01:00'); // a Tuesday
const min = (m: number) => new Date(start.getTime() + m * 60_000);
const fresh = (): SlaMemory => ({ startedAt: start, pausedSince: null, paused: { first_response: 0, resolution: 0 }, announced: [] });
const target = { first_response: 3600, resolution: 4 * 3600 };

describe('evaluateSla', () => {
  it('sleeps until 75 % of the nearest target, then announces at risk once, then the breach', () => {
    let r = evaluateSla(target, null, fresh(), { now: min(0), status: 'open', firstReplyAt: null });
    expect(r.actions).toEqual([]);
    expect(r.nextWakeAt).toEqual(min(15)); // the periodic look comes before the 75 % mark (45 min)
    r = evaluateSla(target, null, r.memory, { now: min(40), status: 'open', firstReplyAt: null });
    expect([r.actions, r.nextWakeAt]).toEqual([[], min(45)]);
    r = evaluateSla(target, null, r.memory, { now: min(45), status: 'open', firstReplyAt: null });
    expect(r.actions.map((a) => `${a.clock}:${a.kind}`)).toEqual(['first_response:at_risk']);
    expect([r.addLabels, r.removeLabels]).toEqual([['sla-at-risk'], []]);
    expect(r.nextWakeAt).toEqual(min(60));
    r = evaluateSla(target, null, r.memory, { now: min(46), status: 'open', firstReplyAt: null });
    expect(r.actions).toEqual([]);
    r = evaluateSla(target, null, r.memory, { now: min(60), status: 'open', firstReplyAt: null });
    expect(r.actions.map((a) => `${a.clock}:${a.kind}`)).toEqual(['first_response:breached']);
    expect([r.addLabels, r.removeLabels]).toEqual([['sla-breached'], ['sla-at-risk']]);
  });

  it('a reply in time stops the first-response clock and clears the risk label', () => {
    const r = evaluateSla(target, null, { ...fresh(), announced: ['first_response:at_risk'] }, { now: min(50), status: 'open', firstReplyAt: min(48) });
    expect(r.clocks.first_response).toMatchObject({ state: 'met', elapsedSeconds: 48 * 60 });
    expect([r.addLabels, r.removeLabels]).toEqual([[], ['sla-at-risk']]);
    expect(r.nextWakeAt).toEqual(min(50 + 15)); // resolution's 75 % (3h) is later than the periodic check
  });

  it('pending pauses both clocks; the pause is subtracted once the conversation is open again', () => {
    let r = evaluateSla(target, null, fresh(), { now: min(30), status: 'pending', firstReplyAt: null });
    expect(r.memory.pausedSince).toEqual(min(30));
    r = evaluateSla(target, null, r.memory, { now: min(200), status: 'pending', firstReplyAt: null });
    expect(r.actions).toEqual([]);
    expect(r.clocks.resolution).toMatchObject({ state: 'paused', elapsedSeconds: 30 * 60 });
    r = evaluateSla(target, null, r.memory, { now: min(220), status: 'open', firstReplyAt: null });
    expect(r.memory.paused).toEqual({ first_response: 190 * 60, resolution: 190 * 60 });
    expect(r.clocks.first_response.elapsedSeconds).toBe(30 * 60);
  });

  it('counts business hours only', () => {
    const hours = parseSlaConfig({ business_hours: { tz: 'Europe/Zurich', days: 'mon-fri', from: '08:00', to: '18:00' } }).businessHours;
    const friday = new Date('2026-03-27T17:30:00+01:00');
    const r = evaluateSla({ first_response: 3600 }, hours, { ...fresh(), startedAt: friday }, { now: friday, status: 'open', firstReplyAt: null });
    // 30 business minutes on Friday, the remaining 15 (to 75 %) on Monday morning (summer time by then).
    expect(r.nextWakeAt).toEqual(new Date(Math.min(friday.getTime() + 15 * 60_000, new Date('2026-03-30T08:15:00+02:00').getTime())));
    const monday = evaluateSla({ first_response: 3600 }, hours, r.memory, { now: new Date('2026-03-30T08:31:00+02:00'), status: 'open', firstReplyAt: null });
    expect(monday.actions.map((a) => `${a.clock}:${a.kind}`)).toEqual(['first_response:breached']);
  });

  it('resolving finishes the watcher', () => {
    const r = evaluateSla(target, null, fresh(), { now: min(100), status: 'resolved', firstReplyAt: min(10) });
    expect([r.finished, r.nextWakeAt, r.clocks.resolution.state]).toEqual([true, null, 'met']);
  });
});
