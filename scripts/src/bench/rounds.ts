/**
 * Interleaved rounds for a same-machine comparison: the baseline and the candidate are measured in alternating short
 * rounds (A B, B A, A B, …), so a change in the machine's load hits both about equally, and the figures are the median
 * over rounds with their spread. Pure: no I/O.
 */

export interface RoundFigures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function spread(xs: number[]): Spread {
  return { median: round3(median(xs)), min: round3(Math.min(...xs)), max: round3(Math.max(...xs)) };
}

/** Which side runs first in round `i` (0-based): the baseline in even rounds, the candidate in odd ones. */
export function roundOrder(i: number): ['baseline', 'candidate'] | ['candidate', 'baseline'] {
  return i % 2 === 0 ? ['baseline', 'candidate'] : ['candidate', 'baseline'];
}

export interface PairedSummary {
  rounds: number;
  /** candidate ÷ baseline requests/s, one per round. */
  ratios: number[];
  ratio: Spread;
  baseline: { requestsPerSecond: Spread; latencyP50Ms: Spread; latencyP99Ms: Spread };
  candidate: { requestsPerSecond: Spread; latencyP50Ms: Spread; latencyP99Ms: Spread };
}

function sideSummary(rs: RoundFigures[]): PairedSummary['baseline'] {
  return {
    requestsPerSecond: spread(rs.map((r) => r.requestsPerSecond)),
    latencyP50Ms: spread(rs.map((r) => r.latencyP50Ms)),
    latencyP99Ms: spread(rs.map((r) => r.latencyP99Ms)),
  };
}

/** Per-round ratios (round i's candidate ÷ round i's baseline) and the median and range of every figure. */
export function summarisePairs(baseline: RoundFigures[], candidate: RoundFigures[]): PairedSummary {
  if (baseline.length !== candidate.length || baseline.length === 0) throw new Error('summarisePairs: one baseline and one candidate figure per round');
  const ratios = baseline.map((b, i) => (b.requestsPerSecond > 0 ? round3(candidate[i]!.requestsPerSecond / b.requestsPerSecond) : 0));
  return { rounds: baseline.length, ratios, ratio: spread(ratios), baseline: sideSummary(baseline), candidate: sideSummary(candidate) };
}
