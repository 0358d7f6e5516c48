import type { FileRisk, ImpactEvidence, RiskFactor, RiskFactorId } from "../../../shared/protocol/impact";
import { plural } from "../../../shared/text/plural";
import type { FileTouch } from "./fileHistory";
import type { ImportEdge } from "./importGraph";
import type { LcovFile, TestLink } from "./testPairing";

/** Everything the risk score of one file is computed from; each input is also the evidence shown for it. */
export interface RiskInputs {
  path: string;
  /** The file's commits, oldest first (renames followed). */
  touches: readonly FileTouch[];
  /** Seconds since the epoch that recency is measured from. */
  now: number;
  /** Current text, for size and the branch-keyword complexity proxy (undefined: unreadable or binary). */
  text?: string;
  directImporters: readonly ImportEdge[];
  transitiveImporters: number;
  tests: readonly TestLink[];
  lcov?: LcovFile;
  /** The current git user; familiarity is their share of the file's commits. */
  userEmail?: string;
}

/** Per-factor maximum points (summing to 100) and the value at which each factor reaches half strength. */
export interface RiskModel {
  weights: Record<RiskFactorId, number>;
  halfLifeDays: number;
  halfPoints: { churnCommits: number; churnLines: number; lines: number; branches: number; dependents: number; fixes: number };
}

/**
 * Calibrated on vuejs/core (bench/impact.ts, risk part). A logistic regression of "a fix commit touches the file
 * within 60 days" on the normalized factors, fitted on the earlier 8 of 16 cut-off dates, puts its weight on churn
 * (49), size (36) and dependents (14) and reaches AUC 0.833 on the later 8 (churn × size: 0.793). These weights stay
 * close to that (AUC 0.827) but keep small weights on bug fixes, coverage and familiarity, which users expect to see
 * count; coverage alone is even inversely related there (well-tested core files get more fixes).
 */
export const DEFAULT_RISK_MODEL: RiskModel = {
  weights: { churn: 40, size: 30, dependents: 10, coverage: 5, bugfixes: 10, familiarity: 5 },
  halfLifeDays: 90,
  halfPoints: { churnCommits: 3, churnLines: 200, lines: 400, branches: 60, dependents: 8, fixes: 1.5 },
};

const DAY = 86_400;
const BRANCH_KEYWORDS = /\b(if|else if|elif|for|while|case|catch|except)\b|&&|\|\||\?\?|\?(?=[^.:?])/g;

/** Lines and a cheap cyclomatic proxy: how many branch keywords/operators the text has outside comments. */
export function fileMetrics(text: string): { lines: number; codeLines: number; branches: number } {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1").replace(/^\s*#.*$/gm, "");
  const lines = text.length === 0 ? 0 : text.split("\n").length;
  const codeLines = withoutComments.split("\n").filter((line) => line.trim().length > 0).length;
  const branches = withoutComments.match(BRANCH_KEYWORDS)?.length ?? 0;
  return { lines, codeLines, branches };
}

/** x / (x + half): 0 at 0, 0.5 at `half`, approaching 1. */
function saturate(value: number, half: number): number {
  return value <= 0 ? 0 : value / (value + half);
}

/** The raw quantities behind each factor, also used by the benchmark to fit the weights. */
export interface RiskFeatures {
  weightedCommits: number;
  weightedLines: number;
  commits: number;
  lines: number;
  codeLines: number;
  branches: number;
  directImporters: number;
  transitiveImporters: number;
  weightedFixes: number;
  fixCommits: string[];
  /** 0–1 covered share (lcov) or undefined. */
  coveredShare?: number;
  pairedTests: number;
  /** 0–1 share of the file's commits by the current user, or undefined when unknown. */
  userShare?: number;
}

export function riskFeatures(inputs: RiskInputs, model: RiskModel = DEFAULT_RISK_MODEL): RiskFeatures {
  const halfLife = model.halfLifeDays * DAY;
  let weightedCommits = 0;
  let weightedLines = 0;
  let weightedFixes = 0;
  let mine = 0;
  const fixCommits: string[] = [];
  for (const touch of inputs.touches) {
    if (touch.time > inputs.now) continue;
    const weight = 2 ** (-(inputs.now - touch.time) / halfLife);
    // A bulk commit (formatting, mass rename) touches everything; it says little about this file's own churn.
    const bulk = touch.commitSize > 30 ? 0.1 : 1;
    weightedCommits += weight * bulk;
    weightedLines += weight * bulk * (touch.added + touch.deleted);
    if (touch.fix) {
      weightedFixes += weight;
      fixCommits.push(touch.hash);
    }
    if (inputs.userEmail && touch.authorEmail === inputs.userEmail.toLowerCase()) mine += 1;
  }
  const metrics = inputs.text === undefined ? { lines: 0, codeLines: 0, branches: 0 } : fileMetrics(inputs.text);
  const coveredShare = inputs.lcov && inputs.lcov.linesFound > 0 ? inputs.lcov.linesHit / inputs.lcov.linesFound : undefined;
  return {
    weightedCommits,
    weightedLines,
    commits: inputs.touches.length,
    ...metrics,
    directImporters: inputs.directImporters.length,
    transitiveImporters: inputs.transitiveImporters,
    weightedFixes,
    fixCommits: fixCommits.reverse(),
    coveredShare,
    pairedTests: inputs.tests.length,
    userShare: inputs.userEmail && inputs.touches.length > 0 ? mine / inputs.touches.length : undefined,
  };
}

/** Each factor's 0–1 strength, in the order of RiskFactorId. */
export function normalizedFactors(features: RiskFeatures, model: RiskModel = DEFAULT_RISK_MODEL): Record<RiskFactorId, number> {
  const h = model.halfPoints;
  return {
    churn: 0.5 * saturate(features.weightedCommits, h.churnCommits) + 0.5 * saturate(features.weightedLines, h.churnLines),
    size: 0.5 * saturate(features.codeLines, h.lines) + 0.5 * saturate(features.branches, h.branches),
    dependents: saturate(features.directImporters + 0.25 * features.transitiveImporters, h.dependents),
    coverage: features.coveredShare !== undefined ? 1 - features.coveredShare : features.pairedTests > 0 ? 0.3 : 1,
    bugfixes: saturate(features.weightedFixes, h.fixes),
    familiarity: features.userShare === undefined ? 0.5 : 1 - features.userShare,
  };
}

const LABELS: Record<RiskFactorId, string> = {
  churn: "Recent churn",
  size: "Size and complexity",
  dependents: "Dependents",
  coverage: "Test coverage",
  bugfixes: "Bug-fix history",
  familiarity: "Your familiarity",
};

/** Risk score 0–100 of one file, with each factor's value, points, explanation and evidence. */
export function assessRisk(inputs: RiskInputs, model: RiskModel = DEFAULT_RISK_MODEL): FileRisk {
  const features = riskFeatures(inputs, model);
  const normalized = normalizedFactors(features, model);
  const pct = (value: number) => `${Math.round(value * 100)}%`;
  const explanations: Record<RiskFactorId, { value: number; text: string; evidence: ImpactEvidence[] }> = {
    churn: {
      value: features.weightedCommits,
      text: `${features.commits} commits in total; recency-weighted ${features.weightedCommits.toFixed(1)} commits and ${Math.round(features.weightedLines)} changed lines (half-life ${model.halfLifeDays} days)`,
      evidence: [{ kind: "commits", hashes: inputs.touches.slice(-10).map((touch) => touch.hash).reverse() }],
    },
    size: {
      value: features.codeLines,
      text: `${features.codeLines} lines of code, ${features.branches} branch points`,
      evidence: [{ kind: "file-metrics", path: inputs.path, lines: features.lines, branches: features.branches }],
    },
    dependents: {
      value: features.directImporters + features.transitiveImporters,
      text: `${features.directImporters} files import it directly, ${features.transitiveImporters} more through them`,
      evidence: inputs.directImporters.slice(0, 10).map((edge) => ({ kind: "import" as const, from: edge.from, to: edge.to, line: edge.line, specifier: edge.specifier })),
    },
    coverage: {
      value: features.coveredShare ?? features.pairedTests,
      text:
        features.coveredShare !== undefined
          ? `${pct(features.coveredShare)} of its lines are covered (coverage/lcov.info)`
          : features.pairedTests > 0
            ? `${plural(features.pairedTests, "test file")} ${features.pairedTests === 1 ? "exercises" : "exercise"} it (by name or import); no line coverage report`
            : "no test file imports it or is named after it",
      evidence: inputs.lcov
        ? [{ kind: "lcov", path: inputs.path, linesFound: inputs.lcov.linesFound, linesHit: inputs.lcov.linesHit }]
        : inputs.tests.map((link) => ({ kind: "test-name" as const, test: link.test, source: link.source })),
    },
    bugfixes: {
      value: features.fixCommits.length,
      text: `${features.fixCommits.length} bug-fix commits touched it (recency-weighted ${features.weightedFixes.toFixed(1)})`,
      evidence: [{ kind: "commits", hashes: features.fixCommits.slice(0, 10) }],
    },
    familiarity: {
      value: features.userShare ?? 0,
      text:
        features.userShare === undefined
          ? "unknown (no git user or no history)"
          : `you made ${pct(features.userShare)} of its ${features.commits} commits`,
      evidence: [],
    },
  };
  const factors: RiskFactor[] = (Object.keys(LABELS) as RiskFactorId[]).map((id) => {
    const weight = model.weights[id];
    return {
      id,
      label: LABELS[id],
      value: explanations[id].value,
      normalized: normalized[id],
      weight,
      contribution: Math.round(normalized[id] * weight * 10) / 10,
      explanation: explanations[id].text,
      evidence: explanations[id].evidence,
    };
  });
  const score = Math.round(Math.min(100, factors.reduce((sum, factor) => sum + factor.normalized * factor.weight, 0)));
  return { path: inputs.path, score, level: score >= 60 ? "high" : score >= 35 ? "medium" : "low", factors };
}
