/** Markdown summary of bench/impact.ts results. */
import type { CatchUpFigures } from "./impactCatchUp";
import type { LatencyFigures } from "./impactLatency";
import type { RankingFigures } from "./impactMetrics";
import type { ReplayFigures } from "./impactReplay";
import type { RiskFigures } from "./impactRisk";
import type { SpeedFigures } from "./impactSpeed";

const f3 = (value: number | undefined): string => (value === undefined || Number.isNaN(value) ? "–" : value.toFixed(3));

function rankingRow(name: string, figures: RankingFigures): string {
  const a = figures.answered;
  return `| ${name} | ${figures.queries} | ${f3(figures.coverage)} | ${f3(a.p1)} | ${f3(a.p3)} | ${f3(a.hit3)} | ${f3(a.r10)} | ${f3(a.mrr)} |`;
}

export function impactMarkdown(results: Record<string, unknown>): string {
  const lines: string[] = [`# Impact benchmark (vuejs/core)`, ``, `Run ${String(results.date)}; history: ${JSON.stringify(results.history)}`, ``];
  const replay = results.replay as ReplayFigures | undefined;
  if (replay) lines.push(...replaySection(replay, "Likely-affected files: replay of", "##"));
  const calibration = results.replayCalibration as ReplayFigures | undefined;
  if (calibration) {
    lines.push(
      `## Calibration window (in sample: the rank weights, the feature set and the warning thresholds were chosen here)`,
      ``,
      ...replaySection(calibration, "Replay of", "###"),
    );
  }
  const risk = results.risk as RiskFigures | undefined;
  if (risk?.auc) {
    lines.push(
      `## Risk score: AUC for "a fix commit touches the file within 60 days"`,
      ``,
      `${risk.cutoffs} cut-offs 60 days apart; fitted on the first ${risk.trainCutoffs} (${risk.files.train} file-samples, positive rate ${f3(risk.positiveRate.train)}), ` +
        `evaluated on the rest (${risk.files.test} file-samples, positive rate ${f3(risk.positiveRate.test)}).`,
      ``,
      `| score | AUC (test cut-offs) |`,
      `|---|---|`,
      `| product (DEFAULT_RISK_MODEL ${JSON.stringify(risk.modelWeights)}) | ${f3(risk.auc.product)} |`,
      `| refitted on train cut-offs ${JSON.stringify(risk.fittedWeights)} | ${f3(risk.auc.fitted)} |`,
      `| baseline: commits in the last year × lines of code | ${f3(risk.auc.churnTimesSize)} |`,
      ...(risk.variants ?? []).map((variant) => `| other weights ${JSON.stringify(variant.weights)} | ${f3(variant.auc)} |`),
      ``,
      `Single factors: ${Object.entries(risk.perFactorAuc).map(([id, value]) => `${id} ${f3(value)}`).join(", ")}`,
      ``,
    );
  }
  const catchUp = results.catchUp as CatchUpFigures | undefined;
  if (catchUp?.ndcg5) {
    lines.push(
      `## Catch Me Up ranking`,
      ``,
      `${catchUp.episodes} episodes of an author returning after ≥ ${catchUp.gapDays} days (mean ${catchUp.meanCandidates.toFixed(1)} commits by others to rank); ` +
        `gain = files of the commit the author edits in the next ${catchUp.lookaheadDays} days (capped at 3).`,
      ``,
      `| ranking | nDCG@5 |`,
      `|---|---|`,
      `| product | ${f3(catchUp.ndcg5.product)} |`,
      `| chronological (newest first) | ${f3(catchUp.ndcg5.chronological)} |`,
      `| random | ${f3(catchUp.ndcg5.random)} |`,
      ``,
    );
  }
  const speed = results.speed as SpeedFigures | undefined;
  if (speed) {
    lines.push(
      `## Mining speed`,
      ``,
      `| measure | value |`,
      `|---|---|`,
      `| cold, first-parent (${speed.coldRuns[0]?.commits} commits), median of 3 | ${speed.coldMedianMs.firstParent.toFixed(0)} ms |`,
      `| cold, all commits (${speed.coldRuns[1]?.commits}), median of 3 | ${speed.coldMedianMs.all.toFixed(0)} ms |`,
      `| cold, scaled to 10k commits (first-parent / all) | ${speed.coldMsPer10kCommits.firstParent.toFixed(0)} / ${speed.coldMsPer10kCommits.all.toFixed(0)} ms |`,
      `| incremental, one new commit (p50 / p95 / max over ${speed.incrementalSteps}) | ${speed.incrementalMs.p50.toFixed(0)} / ${speed.incrementalMs.p95.toFixed(0)} / ${speed.incrementalMs.max.toFixed(0)} ms |`,
      `| cache load (LanceDB) | ${speed.cacheLoadMs.toFixed(0)} ms |`,
      ``,
    );
  }
  for (const latency of [results.latency, results.latencyLarge] as Array<LatencyFigures | undefined>) {
    if (latency) lines.push(...latencyTable(latency));
  }
  if (results.fittedRankWeights) lines.push(`Fitted rank weights: \`${JSON.stringify(results.fittedRankWeights)}\``, ``);
  return `${lines.join("\n")}\n`;
}

function latencyTable(latency: LatencyFigures): string[] {
  const ms = (spread: { p50: number; p95: number; max: number }): string => `${spread.p50.toFixed(0)} / ${spread.p95.toFixed(0)} / ${spread.max.toFixed(0)} ms`;
  return [
    `## Impact request latency (${latency.repository}: ${latency.files} files, ${latency.graphFiles} parsed for imports, ${latency.commits} commits)`,
    ``,
    `Load average when it started: ${latency.loadAverage.toFixed(2)} on a shared 2-core machine, so these are upper bounds.`,
    ``,
    `| measure | value |`,
    `|---|---|`,
    `| cold open (mine history + import graph) | ${latency.coldOpenMs.toFixed(0)} ms |`,
    `| reopen (same storage folder: cached history and import records) | ${latency.reopenMs.toFixed(0)} ms |`,
    `| assessImpact on a file, p50 / p95 / max over ${latency.requests} files | ${ms(latency.fileRequestMs)} |`,
    `| assessImpact on an exported function, p50 / p95 / max over ${latency.functionRequests} | ${ms(latency.functionRequestMs)} |`,
    `| assessImpact on the clean working-tree diff | ${latency.diffRequestMs.toFixed(0)} ms |`,
    `| assessImpact on a diff of ${latency.dirtyDiffFiles} edited files, p50 / p95 / max of 5 | ${ms(latency.dirtyDiffRequestMs)} |`,
    ``,
  ];
}

function replaySection(replay: ReplayFigures, title: string, level: string): string[] {
  const lines = [
    `${level} ${title} ${replay.commits} qualifying first-parent commits (${replay.firstDate} … ${replay.lastDate})`,
    ``,
    `${replay.queries} queries (one per modified pre-existing source file). Import graph built once at the parent of the first commit ` +
      `(${replay.graph.buildMs.toFixed(0)} ms) and then updated file by file at every commit (${(replay.graph.updateMs / 1000).toFixed(0)} s in total), ` +
      `so each query sees the code exactly at its parent. Means over answered queries; coverage = share of queries answered.`,
    ``,
  ];
  for (const kind of ["all", "source-source", "test-source"] as const) {
    lines.push(`${level}# ${kind === "all" ? "All pairs" : kind === "source-source" ? "source ↔ source" : "test ↔ source"}`, ``);
    lines.push(`| method | queries | coverage | P@1 | P@3 | Hit@3 | R@10 | MRR |`, `|---|---|---|---|---|---|---|---|`);
    for (const [name, methods] of Object.entries(replay.methods)) lines.push(rankingRow(name, methods[kind]));
    lines.push(``);
  }
  lines.push(`${level}# "You usually also change X" warnings`, ``, `| min confidence | min shared | min reverse confidence | max days since shared | warnings | precision | coverage |`, `|---|---|---|---|---|---|---|`);
  for (const w of replay.warnings) {
    lines.push(`| ${w.minConfidence} | ${w.minShared} | ${w.minReverseConfidence} | ${w.maxDaysSinceShared} | ${w.warnings} | ${f3(w.precision)} | ${f3(w.coverage)} |`);
  }
  lines.push(`(first row = the product's DEFAULT_WARNING_THRESHOLDS)`, ``);
  return lines;
}
