/** File-level ranking metrics for the retrieval benchmark, and the summary statistics every benchmark quotes. */

/** Distinct paths in order of their first (= best-ranked) chunk: a file's rank is its best chunk's rank. */
export function rankFiles(hits: ReadonlyArray<{ path: string }>): string[] {
  const seen = new Set<string>();
  const files: string[] = [];
  for (const hit of hits) {
    if (!seen.has(hit.path)) {
      seen.add(hit.path);
      files.push(hit.path);
    }
  }
  return files;
}

export interface RowScores {
  acc1: number;
  acc5: number;
  acc10: number;
  recall5: number;
  recall10: number;
  mrr10: number;
  ndcg10: number;
}

export const SCORE_NAMES: ReadonlyArray<keyof RowScores> = ["acc1", "acc5", "acc10", "recall5", "recall10", "mrr10", "ndcg10"];

export const SCORE_LABELS: Record<keyof RowScores, string> = {
  acc1: "Acc@1",
  acc5: "Acc@5",
  acc10: "Acc@10",
  recall5: "Recall@5",
  recall10: "Recall@10",
  mrr10: "MRR@10",
  ndcg10: "nDCG@10",
};

/**
 * Scores one ranked file list against the gold files. Acc@k: every gold file is in the top k. Recall@k: the
 * share of gold files in the top k. MRR@10: 1/rank of the first gold file. nDCG@10: binary gains.
 */
export function scoreRanking(ranked: readonly string[], gold: readonly string[]): RowScores {
  const goldSet = new Set(gold);
  const rankOf = new Map<string, number>();
  ranked.forEach((path, index) => {
    if (goldSet.has(path) && !rankOf.has(path)) rankOf.set(path, index + 1);
  });
  const inTop = (k: number) => gold.filter((path) => (rankOf.get(path) ?? Infinity) <= k).length;
  const firstRank = Math.min(...gold.map((path) => rankOf.get(path) ?? Infinity));
  let dcg = 0;
  for (const rank of rankOf.values()) if (rank <= 10) dcg += 1 / Math.log2(rank + 1);
  let idealDcg = 0;
  for (let i = 1; i <= Math.min(gold.length, 10); i++) idealDcg += 1 / Math.log2(i + 1);
  return {
    acc1: inTop(1) === gold.length ? 1 : 0,
    acc5: inTop(5) === gold.length ? 1 : 0,
    acc10: inTop(10) === gold.length ? 1 : 0,
    recall5: inTop(5) / gold.length,
    recall10: inTop(10) / gold.length,
    mrr10: firstRank <= 10 ? 1 / firstRank : 0,
    ndcg10: idealDcg > 0 ? dcg / idealDcg : 0,
  };
}

/** Mean of each score over the rows, in percent (MRR and nDCG too, so all columns read alike). */
export function meanScores(rows: readonly RowScores[]): RowScores {
  const mean = {} as RowScores;
  for (const name of SCORE_NAMES) {
    mean[name] = rows.length === 0 ? 0 : (100 * rows.reduce((sum, row) => sum + row[name], 0)) / rows.length;
  }
  return mean;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function distribution(values: readonly number[]): Distribution {
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: values.length ? Math.max(...values) : Number.NaN,
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN,
  };
}
