/** Ranking and classification metrics for the impact benchmark. */

export interface RankingTotals {
  queries: number;
  answered: number;
  p1: number;
  p3: number;
  hit3: number;
  r10: number;
  mrr: number;
  /** Queries with an expected file anywhere in the list: the ceiling any re-ranking could reach. */
  hitAny: number;
}

export function emptyTotals(): RankingTotals {
  return { queries: 0, answered: 0, p1: 0, p3: 0, hit3: 0, r10: 0, mrr: 0, hitAny: 0 };
}

/** Adds one query's ranked list against its expected set. An empty list counts as unanswered. */
export function addQuery(totals: RankingTotals, ranked: readonly string[], expected: ReadonlySet<string>): void {
  totals.queries += 1;
  if (ranked.length === 0 || expected.size === 0) return;
  totals.answered += 1;
  const hitsIn = (k: number): number => ranked.slice(0, k).filter((path) => expected.has(path)).length;
  totals.p1 += hitsIn(1);
  totals.p3 += hitsIn(3) / 3;
  totals.hit3 += hitsIn(3) > 0 ? 1 : 0;
  totals.r10 += hitsIn(10) / expected.size;
  const first = ranked.findIndex((path) => expected.has(path));
  totals.mrr += first >= 0 ? 1 / (first + 1) : 0;
  totals.hitAny += first >= 0 ? 1 : 0;
}

export interface RankingFigures {
  queries: number;
  coverage: number;
  /** Means over answered queries (the protocol's figures, next to coverage). */
  answered: { p1: number; p3: number; hit3: number; r10: number; mrr: number; hitAny: number };
  /** Means over all queries (an unanswered query scores 0). */
  all: { p1: number; p3: number; hit3: number; r10: number; mrr: number; hitAny: number };
}

export function figures(totals: RankingTotals): RankingFigures {
  const over = (n: number) => ({
    p1: n ? totals.p1 / n : 0,
    p3: n ? totals.p3 / n : 0,
    hit3: n ? totals.hit3 / n : 0,
    r10: n ? totals.r10 / n : 0,
    mrr: n ? totals.mrr / n : 0,
    hitAny: n ? totals.hitAny / n : 0,
  });
  return {
    queries: totals.queries,
    coverage: totals.queries ? totals.answered / totals.queries : 0,
    answered: over(totals.answered),
    all: over(totals.queries),
  };
}

/** Area under the ROC curve (ties count half), via the rank-sum formula. */
export function auc(scores: readonly number[], labels: readonly boolean[]): number {
  const items = scores.map((score, index) => ({ score, label: labels[index] }));
  items.sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  let index = 0;
  while (index < items.length) {
    let end = index;
    while (end + 1 < items.length && items[end + 1].score === items[index].score) end += 1;
    const averageRank = (index + end) / 2 + 1;
    for (let k = index; k <= end; k += 1) {
      if (items[k].label) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    index = end + 1;
  }
  const negatives = items.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** nDCG@k of a ranked list of graded gains against the ideal ordering of the same gains. */
export function ndcgAt(k: number, gains: readonly number[]): number {
  const dcg = (list: readonly number[]) => list.slice(0, k).reduce((sum, gain, i) => sum + (2 ** gain - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...gains].sort((a, b) => b - a));
  return ideal > 0 ? dcg(gains) / ideal : Number.NaN;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
