/**
 * Risk replay: at cut-off dates every 60 days, score every source file with the product's risk model using only
 * history and code up to the cut-off; label = a fix commit touches the file in the next 60 days. AUC against
 * "recent churn × size" computed the same way; weights are fitted on the earlier half of the cut-offs and the AUC
 * reported on the later half (time-ordered split).
 */
import { join } from "node:path";
import type { RiskFactorId } from "../../shared/protocol/impact";
import type { MinedCommit } from "../../server/src/git/types";
import { FileHistoryIndex, isFixCommit } from "../../server/src/impact/fileHistory";
import { ImportGraphBuilder } from "../../server/src/impact/importGraph";
import type { SourceParser } from "../../server/src/impact/parsers";
import { DEFAULT_RISK_MODEL, fileMetrics, normalizedFactors, riskFeatures, type RiskModel } from "../../server/src/impact/risk";
import { TestPairing, isTestFile } from "../../server/src/impact/testPairing";
import { IMPACT_SCRATCH, isGraphConfigPath, isSourcePath, listTree, materialize, readBlobs } from "./impactRepo";
import { auc } from "./impactMetrics";

const DAY = 86_400;
const FACTORS: RiskFactorId[] = ["churn", "size", "dependents", "coverage", "bugfixes", "familiarity"];

interface Sample {
  cutoff: number;
  factors: Record<RiskFactorId, number>;
  churnTimesSize: number;
  label: boolean;
}

export interface RiskFigures {
  cutoffs: number;
  trainCutoffs: number;
  files: { train: number; test: number };
  positiveRate: { train: number; test: number };
  auc: { product: number; fitted: number; churnTimesSize: number };
  perFactorAuc: Record<RiskFactorId, number>;
  fittedWeights: Record<RiskFactorId, number>;
  modelWeights: Record<RiskFactorId, number>;
  /** AUC on the test cut-offs of other weightings, for the calibration notes. */
  variants: Array<{ weights: Record<RiskFactorId, number>; auc: number }>;
}

const VARIANTS: Array<Record<RiskFactorId, number>> = [
  { churn: 35, size: 20, dependents: 10, coverage: 10, bugfixes: 20, familiarity: 5 },
  { churn: 45, size: 30, dependents: 10, coverage: 0, bugfixes: 15, familiarity: 0 },
  { churn: 40, size: 30, dependents: 10, coverage: 5, bugfixes: 10, familiarity: 5 },
  { churn: 50, size: 50, dependents: 0, coverage: 0, bugfixes: 0, familiarity: 0 },
];

function score(factors: Record<RiskFactorId, number>, weights: Record<RiskFactorId, number>): number {
  return FACTORS.reduce((sum, id) => sum + factors[id] * weights[id], 0);
}

/** Logistic regression on the normalized factors; positive coefficients rescaled to sum to 100. */
function fitWeights(samples: Sample[]): Record<RiskFactorId, number> {
  const w = new Array<number>(FACTORS.length + 1).fill(0);
  for (let epoch = 0; epoch < 2000; epoch += 1) {
    const gradient = new Array<number>(w.length).fill(0);
    for (const sample of samples) {
      const x = [...FACTORS.map((id) => sample.factors[id]), 1];
      const z = x.reduce((sum, value, d) => sum + value * w[d], 0);
      const p = 1 / (1 + Math.exp(-z));
      const error = p - (sample.label ? 1 : 0);
      for (let d = 0; d < w.length; d += 1) gradient[d] += error * x[d];
    }
    for (let d = 0; d < w.length; d += 1) w[d] -= (1.0 * gradient[d]) / samples.length;
  }
  const positive = FACTORS.map((_, d) => Math.max(0, w[d]));
  const total = positive.reduce((a, b) => a + b, 0) || 1;
  const weights = {} as Record<RiskFactorId, number>;
  FACTORS.forEach((id, d) => (weights[id] = Math.round((positive[d] / total) * 100)));
  return weights;
}

export async function runRiskBench(options: {
  repo: string;
  commitsOldestFirst: MinedCommit[];
  parser: SourceParser;
  log: (line: string) => void;
  model?: RiskModel;
  cutoffCount?: number;
}): Promise<RiskFigures> {
  const model = options.model ?? DEFAULT_RISK_MODEL;
  const commits = options.commitsOldestFirst;
  const last = commits[commits.length - 1].authorTime;
  const count = options.cutoffCount ?? 16;
  const cutoffs = Array.from({ length: count }, (_, k) => last - 60 * DAY - (count - 1 - k) * 60 * DAY);
  const history = new FileHistoryIndex();
  const samples: Sample[] = [];
  let next = 0;
  const treeDir = join(IMPACT_SCRATCH, "risk-tree");
  for (const cutoff of cutoffs) {
    while (next < commits.length && commits[next].authorTime <= cutoff) history.addCommit(commits[next++]);
    const head = commits[next - 1];
    const tree = listTree(options.repo, head.hash, (path) => isSourcePath(path) || isGraphConfigPath(path));
    materialize(options.repo, treeDir, tree);
    const graph = await new ImportGraphBuilder({ root: treeDir, files: [...tree.keys()], parser: options.parser }).build();
    const sources = [...tree.keys()].filter((path) => isSourcePath(path) && !isTestFile(path) && !path.endsWith(".d.ts"));
    const pairing = new TestPairing(tree.keys(), graph);
    const blobs = readBlobs(options.repo, sources.map((path) => tree.get(path) as string));
    const fixedSoon = new Set<string>();
    for (let i = next; i < commits.length && commits[i].authorTime <= cutoff + 60 * DAY; i += 1) {
      if (isFixCommit(commits[i].subject, commits[i].body)) for (const file of commits[i].files) fixedSoon.add(file.path);
    }
    for (const path of sources) {
      const text = blobs.get(tree.get(path) as string)?.toString("utf8");
      const direct = graph.importersOf(path);
      const transitive = Math.max(0, graph.dependents(path).length - direct.length);
      const inputs = { path, touches: history.touches(path), now: cutoff, text, directImporters: direct, transitiveImporters: transitive, tests: pairing.testsOf(path) };
      const features = riskFeatures(inputs, model);
      const recentCommits = history.touches(path).filter((touch) => touch.time > cutoff - 365 * DAY).length;
      samples.push({
        cutoff,
        factors: normalizedFactors(features, model),
        churnTimesSize: recentCommits * (text ? fileMetrics(text).codeLines : 0),
        label: fixedSoon.has(path),
      });
    }
    options.log(`risk cut-off ${new Date(cutoff * 1000).toISOString().slice(0, 10)}: ${sources.length} files, ${[...fixedSoon].filter((p) => sources.includes(p)).length} fixed within 60 days`);
  }
  const split = cutoffs[Math.floor(count / 2)];
  const train = samples.filter((sample) => sample.cutoff < split);
  const test = samples.filter((sample) => sample.cutoff >= split);
  const fitted = fitWeights(train);
  const labels = test.map((sample) => sample.label);
  const perFactorAuc = {} as Record<RiskFactorId, number>;
  for (const id of FACTORS) perFactorAuc[id] = auc(test.map((sample) => sample.factors[id]), labels);
  const rate = (list: Sample[]) => list.filter((sample) => sample.label).length / Math.max(1, list.length);
  return {
    cutoffs: count,
    trainCutoffs: cutoffs.filter((cutoff) => cutoff < split).length,
    files: { train: train.length, test: test.length },
    positiveRate: { train: rate(train), test: rate(test) },
    auc: {
      product: auc(test.map((sample) => score(sample.factors, model.weights)), labels),
      fitted: auc(test.map((sample) => score(sample.factors, fitted)), labels),
      churnTimesSize: auc(test.map((sample) => sample.churnTimesSize), labels),
    },
    perFactorAuc,
    fittedWeights: fitted,
    modelWeights: model.weights,
    variants: VARIANTS.map((weights) => ({ weights, auc: auc(test.map((sample) => score(sample.factors, weights)), labels) })),
  };
}
