/**
 * Fits the linear ranking weights of server/src/impact/rankAffected.ts on replayed queries: a listwise softmax
 * objective (the probability mass the model puts on the files that really changed), with L2 regularisation, minimised
 * with Adam from all-zero weights (plain gradient descent stalled on the features with small ranges).
 */
import { FEATURE_NAMES, type CandidateFeatures, type RankWeights } from "../../server/src/impact/rankAffected";

export interface FitQuery {
  rows: Array<{ features: CandidateFeatures; label: boolean }>;
}

export function fitRankWeights(queries: FitQuery[], epochs = 250, learningRate = 0.05, l2 = 1e-3): RankWeights {
  const dims = FEATURE_NAMES.length;
  const usable = queries
    .filter((query) => query.rows.some((row) => row.label))
    .map((query) => ({
      x: query.rows.map((row) => FEATURE_NAMES.map((name) => row.features[name])),
      y: query.rows.map((row) => (row.label ? 1 : 0)),
    }));
  const w = new Array<number>(dims).fill(0);
  const moment = new Array<number>(dims).fill(0);
  const variance = new Array<number>(dims).fill(0);
  const [beta1, beta2] = [0.9, 0.999];
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
    for (let d = 0; d < dims; d += 1) {
      const g = gradient[d] / usable.length + l2 * w[d];
      moment[d] = beta1 * moment[d] + (1 - beta1) * g;
      variance[d] = beta2 * variance[d] + (1 - beta2) * g * g;
      const step = moment[d] / (1 - beta1 ** (epoch + 1)) / (Math.sqrt(variance[d] / (1 - beta2 ** (epoch + 1))) + 1e-8);
      w[d] -= learningRate * step;
    }
  }
  const weights = {} as RankWeights;
  FEATURE_NAMES.forEach((name, d) => (weights[name] = Math.round(w[d] * 1000) / 1000));
  return weights;
}
