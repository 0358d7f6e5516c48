/**
 * `npm run bench:impact [-- --window N] [-- --only speed,latency,latency10k,replay,risk,catchup] [-- --calibration]
 * [-- --history first-parent]`: the impact benchmark of shared/bench/README.md on vuejs/core (plus request latency on
 * a generated 10k-file repository). `--history first-parent` replays with bulk merges left as one diff, as before.
 * `--calibration` also replays the window the ranker was fitted on (in sample). `--fit --offset N` refits the rank
 * weights on the window N commits back. Writes bench/results/impact.json and impact.md.
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { isExpandedMerge, mineHistory } from "../server/src/git/mineHistory";
import type { MinedCommit } from "../server/src/git/types";
import { DEFAULT_COCHANGE_OPTIONS } from "../server/src/impact/cochange";
import { loadSourceParser } from "../server/src/impact/parsers";
import { DEFAULT_RANK_WEIGHTS } from "../server/src/impact/rankAffected";
import { DEFAULT_WARNING_THRESHOLDS } from "../server/src/impact/warnings";
import { runCatchUpBench } from "./lib/impactCatchUp";
import { runLargeLatencyBench, runLatencyBench } from "./lib/impactLatency";
import { prepareClone } from "./lib/impactRepo";
import { impactMarkdown } from "./lib/impactReport";
import { fitRankWeights, type FitQuery } from "./lib/impactFit";
import { runImpactReplay } from "./lib/impactReplay";
import { runRiskBench } from "./lib/impactRisk";
import { runMiningSpeed } from "./lib/impactSpeed";
import { BASELINE_COCHANGE, TUNING_COCHANGE, TUNING_VARIANTS, WARNING_GRID } from "./lib/impactVariants";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      window: { type: "string" },
      offset: { type: "string" },
      only: { type: "string" },
      tune: { type: "boolean" },
      fit: { type: "boolean" },
      dump: { type: "string" },
      calibration: { type: "boolean" },
      history: { type: "string" },
    },
    allowPositionals: true,
  });
  const window = Number(values.window ?? 1000);
  const parts = new Set((values.only ?? "speed,latency,latency10k,replay,risk,catchup").split(","));
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  const repo = prepareClone();
  const results: Record<string, unknown> = { repository: "vuejs/core", date: new Date().toISOString() };

  if (parts.has("speed")) results.speed = await runMiningSpeed(log);
  if (parts.has("latency")) results.latency = await runLatencyBench(log);
  if (parts.has("latency10k")) results.latencyLarge = await runLargeLatencyBench(log);

  // Queries come from the first-parent line with every merge as its diff (the protocol); the history the product
  // learns from expands bulk merges unless `--history first-parent` asks for the old behaviour.
  const mined = await mineHistory(repo, { expandMergesOver: Infinity });
  const commitsOldestFirst = [...mined.commits].reverse();
  const expandMerges = values.history !== "first-parent";
  const history = expandMerges ? await mineHistory(repo) : mined;
  const mergedCommits = expandMerges ? commitsBroughtByMerges(history.commits) : undefined;
  results.history = { head: mined.head, firstParentCommits: mined.commits.length, historyCommits: history.commits.length, expandedMerges: mergedCommits?.size ?? 0 };
  log(`mined ${mined.commits.length} first-parent commits at ${mined.head?.slice(0, 9)}; history ${history.commits.length} commits (${mergedCommits?.size ?? 0} bulk merges expanded)`);
  const parser = await loadSourceParser();

  if (parts.has("replay")) {
    const product = { weights: DEFAULT_RANK_WEIGHTS, coChange: "product" };
    const variants = values.tune ? { product, ...TUNING_VARIANTS } : { product };
    const coChangeConfigs = { baseline: BASELINE_COCHANGE, product: DEFAULT_COCHANGE_OPTIONS, ...(values.tune ? TUNING_COCHANGE : {}) };
    const warningThresholds = values.tune ? WARNING_GRID : [DEFAULT_WARNING_THRESHOLDS, ...WARNING_GRID];
    const offset = Number(values.offset ?? 0);
    const fitQueries: FitQuery[] = [];
    const dump = values.dump;
    if (dump) writeFileSync(dump, "");
    const onCandidates =
      values.fit || dump
        ? (rows: FitQuery["rows"], expectedCount: number, query: string, commit: string) => {
            if (values.fit) fitQueries.push({ rows });
            if (dump) appendFileSync(dump, `${JSON.stringify({ commit, query, expectedCount, rows })}\n`);
          }
        : undefined;
    results.replay = await runImpactReplay({ repo, commitsOldestFirst, parser, window, offset, variants, coChangeConfigs, warningThresholds, onCandidates, mergedCommits, log });
    if (values.calibration && offset === 0) {
      // The window the weights were fitted on, right before the reported one: in-sample figures, for comparison.
      results.replayCalibration = await runImpactReplay({ repo, commitsOldestFirst, parser, window, offset: window, variants, coChangeConfigs, warningThresholds, mergedCommits, log });
    }
    if (values.fit) {
      const fitted = fitRankWeights(fitQueries);
      results.fittedRankWeights = fitted;
      log(`fitted rank weights: ${JSON.stringify(fitted)}`);
    }
  }
  // Risk and catch-up read the history as the product mines it.
  const historyOldestFirst = [...history.commits].reverse();
  if (parts.has("risk")) results.risk = await runRiskBench({ repo, commitsOldestFirst: historyOldestFirst, parser, log });
  if (parts.has("catchup")) results.catchUp = runCatchUpBench({ commitsOldestFirst: historyOldestFirst, log });

  const outDir = join(__dirname, "results");
  mkdirSync(outDir, { recursive: true });
  const suffix = values.tune || values.fit ? "-tuning" : "";
  writeFileSync(join(outDir, `impact${suffix}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, `impact${suffix}.md`), impactMarkdown(results));
  log(impactMarkdown(results));
}

/**
 * The replay asks at first-parent commits (a merge as its diff, whatever its size), while the product's history
 * counts a bulk merge as the commits it brought: those commits, oldest first, by the merge they replace.
 */
function commitsBroughtByMerges(historyNewestFirst: MinedCommit[]): Map<string, MinedCommit[]> {
  const result = new Map<string, MinedCommit[]>();
  let current: MinedCommit[] | undefined;
  for (const commit of historyNewestFirst) {
    if (commit.mergedBy === undefined) {
      current = isExpandedMerge(commit) ? [] : undefined;
      if (current) result.set(commit.hash, current);
    } else current?.unshift(commit);
  }
  return result;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
