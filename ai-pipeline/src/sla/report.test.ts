import { describe, expect, it } from 'vitest';
import { formatAttainment, slaAttainment } from './report.js';
import type { SlaRow } from './store.js';

const row = (priority: string, teamId: number | null, outcome: SlaRow['outcome']): SlaRow => ({
  accountId: 1,
  conversationId: 1,
  priority,
  teamId,
  startedAt: new Date(0),
  pausedSince: null,
  paused: { first_response: 0, resolution: 0 },
  announced: [],
  targets: {},
  elapsed: {},
  outcome,
  finished: false,
});

describe('slaAttainment', () => {
  it('counts met, breached and open clocks per priority, team and clock', () => {
    const rows = [
      row('high', 101, { first_response: 'met', resolution: 'met' }),
      row('high', 101, { first_response: 'breached', resolution: 'running' }),
      row('high', 101, { first_response: 'met', resolution: 'paused' }),
      row('urgent', null, { first_response: 'met' }),
      row('high', 102, { first_response: 'breached', resolution: 'breached' }),
    ];
    const result = slaAttainment(rows);
    expect(result).toEqual([
      { priority: 'urgent', teamId: null, clock: 'first_response', met: 1, breached: 0, open: 0, attainment: 1 },
      { priority: 'high', teamId: 101, clock: 'first_response', met: 2, breached: 1, open: 0, attainment: 2 / 3 },
      { priority: 'high', teamId: 101, clock: 'resolution', met: 1, breached: 0, open: 2, attainment: 1 },
      { priority: 'high', teamId: 102, clock: 'first_response', met: 0, breached: 1, open: 0, attainment: 0 },
      { priority: 'high', teamId: 102, clock: 'resolution', met: 0, breached: 1, open: 0, attainment: 0 },
    ]);
    expect(formatAttainment(result.slice(0, 2), new Map([[101, 'bugs']]))).toBe(
      [
        'priority  team  clock           met  breached  open  attainment',
        'urgent    -     first_response  1    0         0     100.0 %',
        'high      bugs  first_response  2    1         0     66.7 %',
      ].join('\n'),
    );
  });

  it('has nothing to say without rows', () => {
    expect(slaAttainment([])).toEqual([]);
  });
});
