/**
 * Fits the linear ranking weights of server/src/impact/rankAffected.ts on replayed queries: a listwise softmax
 * objective (the probability mass the model puts on the files that really changed), with L2 regularisation.
 */
import { FEATURE_NAMES, type CandidateFeatures, type RankWeights } from "../../server/src/impact/rankAffected";

export interface FitQuery {
  rows: Array<{ features: CandidateFeatures; label: boolean }>;
}

export function fitRankWeights(queries: FitQuery[], epochs = 400, learningRate = 0.3, l2 = 1e-3): RankWeights {
  const dims = FEATURE_NAMES.length;
  const usable = queries
    .filter((query) => query.rows.some((row) => row.label))
    .map((query) => ({
      x: query.rows.map((row) => FEATURE_NAMES.map((name) => row.features[name])),
      y: query.rows.map((row) => (row.label ? 1 : 0)),
    }));
  const w = new Array<number>(dims).fill(0);
  w[FEATURE_NAMES.indexOf("coChange")] = 1;
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    const gradient = new Array<number>(dims).fill(0);
    for (const query of usable) {
      const scores = query.x.map((x) => x.reduce((sum, value, d) => sum + value * w[d], 0));
      const max = Math.max(...scores);
      const exps = scores.map((score) => Math.exp(score - max));
      const total = exps.reduce((a, b) => a + b, 0);
      const positives = query.y.reduce<number>((a, b) => a + b, 0);
      for (let i = 0; i < query.x.length; i += 1) {
        const delta = exps[i] / total - query.y[i] / positives;
        for (let d = 0; d < dims; d += 1) gradient[d] += delta * query.x[i][d];
      }
    }
    for (let d = 0; d < dims; d += 1) w[d] -= learningRate * (gradient[d] / usable.length + l2 * w[d]);
  }
  const weights = {} as RankWeights;
  FEATURE_NAMES.forEach((name, d) => (weights[name] = Math.round(w[d] * 1000) / 1000));
  return weights;
}
