/**
 * `npm run bench:impact [-- --window N] [-- --only speed,latency,latency10k,replay,risk,catchup] [-- --calibration]`: the
 * impact benchmark of shared/bench/README.md on vuejs/core (plus request latency on a generated 10k-file repository).
 * `--calibration` also replays the window the ranker was fitted on (in sample). `--fit --offset N` refits the rank
 * weights on the window N commits back. Writes bench/results/impact.json and impact.md.
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { mineHistory } from "../server/src/git/mineHistory";
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

  const mined = await mineHistory(repo);
  const commitsOldestFirst = [...mined.commits].reverse();
  results.history = { head: mined.head, commits: mined.commits.length, firstParent: mined.firstParent };
  log(`mined ${mined.commits.length} first-parent commits at ${mined.head?.slice(0, 9)}`);
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
    results.replay = await runImpactReplay({ repo, commitsOldestFirst, parser, window, offset, variants, coChangeConfigs, warningThresholds, onCandidates, log });
    if (values.calibration && offset === 0) {
      // The window the weights were fitted on, right before the reported one: in-sample figures, for comparison.
      results.replayCalibration = await runImpactReplay({ repo, commitsOldestFirst, parser, window, offset: window, variants, coChangeConfigs, warningThresholds, log });
    }
    if (values.fit) {
      const fitted = fitRankWeights(fitQueries);
      results.fittedRankWeights = fitted;
      log(`fitted rank weights: ${JSON.stringify(fitted)}`);
    }
  }
  if (parts.has("risk")) results.risk = await runRiskBench({ repo, commitsOldestFirst, parser, log });
  if (parts.has("catchup")) results.catchUp = runCatchUpBench({ commitsOldestFirst, log });

  const outDir = join(__dirname, "results");
  mkdirSync(outDir, { recursive: true });
  const suffix = values.tune || values.fit ? "-tuning" : "";
  writeFileSync(join(outDir, `impact${suffix}.json`), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, `impact${suffix}.md`), impactMarkdown(results));
  log(impactMarkdown(results));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
