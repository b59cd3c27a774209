/** One labelled retrieval case and what retrieval returned for it (article slugs above the threshold, best first). */
export interface RetrievalCase {
  id: string;
  lang: string;
  /** Slugs of the articles that answer the ticket; empty = no article does (it must come out as "no match"). */
  expected: string[];
  found: string[];
}

export interface RetrievalScores {
  tickets: number;
  /** Tickets some article answers. */
  answerable: number;
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  /** Share of all tickets where nothing reached the threshold. */
  noMatchShare: number;
  /** Unanswerable tickets that came out as "no match" (should be all). */
  unanswerable: number;
  unanswerableNoMatch: number;
}

export interface RetrievalMetrics {
  overall: RetrievalScores;
  byLanguage: Record<string, RetrievalScores>;
  /** Cases that missed (answerable and not in the top 3, or unanswerable but matched). */
  misses: RetrievalCase[];
}

function rankOf(c: RetrievalCase): number | null {
  const i = c.found.findIndex((slug) => c.expected.includes(slug));
  return i < 0 ? null : i + 1;
}

function score(cases: RetrievalCase[]): RetrievalScores {
  const answerable = cases.filter((c) => c.expected.length > 0);
  const unanswerable = cases.filter((c) => c.expected.length === 0);
  const ranks = answerable.map(rankOf);
  const share = (n: number, d: number) => (d === 0 ? 0 : n / d);
  return {
    tickets: cases.length,
    answerable: answerable.length,
    hitAt1: share(ranks.filter((r) => r === 1).length, answerable.length),
    hitAt3: share(ranks.filter((r) => r !== null && r <= 3).length, answerable.length),
    mrr: share(ranks.reduce<number>((sum, r) => sum + (r ? 1 / r : 0), 0), answerable.length),
    noMatchShare: share(cases.filter((c) => c.found.length === 0).length, cases.length),
    unanswerable: unanswerable.length,
    unanswerableNoMatch: unanswerable.filter((c) => c.found.length === 0).length,
  };
}

/** hit@1, hit@3, MRR and the no-match share, overall and per language. Pure. */
export function computeRetrievalMetrics(cases: RetrievalCase[]): RetrievalMetrics {
  const langs = [...new Set(cases.map((c) => c.lang))].sort();
  return {
    overall: score(cases),
    byLanguage: Object.fromEntries(langs.map((l) => [l, score(cases.filter((c) => c.lang === l))])),
    misses: cases.filter((c) => (c.expected.length ? (rankOf(c) ?? 99) > 3 : c.found.length > 0)),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatRetrievalReport(m: RetrievalMetrics, header: string): string {
  const row = (name: string, s: RetrievalScores) =>
    `| ${name} | ${s.tickets} | ${s.answerable} | ${pct(s.hitAt1)} | ${pct(s.hitAt3)} | ${s.mrr.toFixed(3)} | ${pct(s.noMatchShare)} | ${s.unanswerableNoMatch}/${s.unanswerable} |`;
  const lines = [
    header,
    '',
    '| language | tickets | answerable | hit@1 | hit@3 | MRR | no match | unanswerable → no match |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    row('all', m.overall),
    ...Object.entries(m.byLanguage).map(([l, s]) => row(l, s)),
  ];
  if (m.misses.length) {
    lines.push('', 'Misses:');
    for (const c of m.misses) lines.push(`- ${c.id} (${c.lang}): expected ${c.expected.join(', ') || 'no match'}; got ${c.found.slice(0, 3).join(', ') || 'no match'}`);
  }
  return lines.join('\n');
}
