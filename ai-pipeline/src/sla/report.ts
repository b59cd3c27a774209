import { SLA_CLOCKS, type SlaClockName } from './evaluate.js';
import type { SlaRow } from './store.js';

/** SLA attainment of one (priority, team, clock) group. */
export interface SlaAttainment {
  priority: string;
  teamId: number | null;
  clock: SlaClockName;
  /** Clocks that stopped in time. */
  met: number;
  /** Clocks that went over their target (stopped or not). */
  breached: number;
  /** Clocks still running or paused, not yet over. */
  open: number;
  /** met / (met + breached); null when nothing is decided yet. */
  attainment: number | null;
}

const PRIORITY_ORDER = ['urgent', 'high', 'medium', 'low'];

/** Pure: attainment per priority and team (and clock) from the stored SLA clocks. */
export function slaAttainment(rows: readonly SlaRow[]): SlaAttainment[] {
  const groups = new Map<string, SlaAttainment>();
  for (const row of rows) {
    for (const clock of SLA_CLOCKS) {
      const outcome = row.outcome[clock];
      if (outcome === undefined || outcome === 'none') continue;
      const key = `${row.priority}|${row.teamId ?? ''}|${clock}`;
      const g = groups.get(key) ?? { priority: row.priority, teamId: row.teamId, clock, met: 0, breached: 0, open: 0, attainment: null };
      if (outcome === 'met') g.met++;
      else if (outcome === 'breached') g.breached++;
      else g.open++;
      groups.set(key, g);
    }
  }
  return [...groups.values()]
    .map((g) => ({ ...g, attainment: g.met + g.breached === 0 ? null : g.met / (g.met + g.breached) }))
    .sort(
      (a, b) =>
        PRIORITY_ORDER.indexOf(a.priority) - PRIORITY_ORDER.indexOf(b.priority) ||
        (a.teamId ?? -1) - (b.teamId ?? -1) ||
        SLA_CLOCKS.indexOf(a.clock) - SLA_CLOCKS.indexOf(b.clock),
    );
}

/** A plain-text table of the attainment rows. */
export function formatAttainment(rows: readonly SlaAttainment[], teamNames: Map<number, string> = new Map()): string {
  const header = ['priority', 'team', 'clock', 'met', 'breached', 'open', 'attainment'];
  const body = rows.map((r) => [
    r.priority,
    r.teamId === null ? '-' : (teamNames.get(r.teamId) ?? `#${r.teamId}`),
    r.clock,
    String(r.met),
    String(r.breached),
    String(r.open),
    r.attainment === null ? '-' : `${(r.attainment * 100).toFixed(1)} %`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}
