/** Mining speed: a cold mine of the whole history and the incremental step as HEAD moves one commit at a time. */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { LanceHistoryCache } from "../../server/src/store/historyTable";
import { loadHistory } from "../../server/src/git/historyStore";
import { mineHistory } from "../../server/src/git/mineHistory";
import { IMPACT_SCRATCH, gitIn, prepareClone } from "./impactRepo";
import { median, percentile } from "./impactMetrics";

export interface SpeedFigures {
  coldRuns: Array<{ mode: "first-parent" | "all"; commits: number; ms: number }>;
  coldMedianMs: { firstParent: number; all: number };
  /** Cold time scaled to 10,000 commits (vuejs/core has fewer). */
  coldMsPer10kCommits: { firstParent: number; all: number };
  incrementalSteps: number;
  incrementalMs: { p50: number; p95: number; max: number };
  cacheLoadMs: number;
}

export async function runMiningSpeed(log: (line: string) => void, steps = 20): Promise<SpeedFigures> {
  const repo = prepareClone("vue-speed");
  const branch = gitIn(repo, ["symbolic-ref", "--short", "HEAD"]).trim();
  const tip = gitIn(repo, ["rev-parse", `origin/${branch}`]).trim();
  gitIn(repo, ["update-ref", `refs/heads/${branch}`, tip]);
  const coldRuns: SpeedFigures["coldRuns"] = [];
  for (let run = 0; run < 3; run += 1) {
    for (const mode of ["first-parent", "all"] as const) {
      const start = performance.now();
      const history = await mineHistory(repo, { firstParent: mode === "first-parent" });
      coldRuns.push({ mode, commits: history.commits.length, ms: performance.now() - start });
    }
  }
  const medianOf = (mode: string) => median(coldRuns.filter((run) => run.mode === mode).map((run) => run.ms));
  const commitsOf = (mode: string) => coldRuns.find((run) => run.mode === mode)?.commits ?? 1;
  const coldMedianMs = { firstParent: medianOf("first-parent"), all: medianOf("all") };
  const coldMsPer10kCommits = {
    firstParent: (coldMedianMs.firstParent / commitsOf("first-parent")) * 10_000,
    all: (coldMedianMs.all / commitsOf("all")) * 10_000,
  };
  log(`cold mining: first-parent ${coldMedianMs.firstParent.toFixed(0)} ms for ${commitsOf("first-parent")} commits, all ${coldMedianMs.all.toFixed(0)} ms for ${commitsOf("all")}`);

  // Step HEAD forward one first-parent commit at a time, as a developer pulling or committing would.
  const line = gitIn(repo, ["rev-list", "--first-parent", `--max-count=${steps + 1}`, tip]).trim().split("\n").reverse();
  const storage = join(IMPACT_SCRATCH, "speed-cache");
  rmSync(storage, { recursive: true, force: true });
  gitIn(repo, ["update-ref", `refs/heads/${branch}`, line[0]]);
  await loadHistory(repo, { cache: new LanceHistoryCache(storage) });
  const loadStart = performance.now();
  await new LanceHistoryCache(storage).load();
  const cacheLoadMs = performance.now() - loadStart;
  const cache = new LanceHistoryCache(storage);
  let known = (await loadHistory(repo, { cache })).history;
  const stepMs: number[] = [];
  for (const commit of line.slice(1)) {
    gitIn(repo, ["update-ref", `refs/heads/${branch}`, commit]);
    const start = performance.now();
    // As the server does: the history in memory is passed on, so a HEAD move mines and appends, without a re-read.
    const step = await loadHistory(repo, { cache, known });
    known = step.history;
    stepMs.push(performance.now() - start);
    if (step.source !== "incremental" || step.minedCommits !== 1) throw new Error(`expected one incremental commit, got ${step.source}/${step.minedCommits}`);
  }
  gitIn(repo, ["update-ref", `refs/heads/${branch}`, tip]);
  const incrementalMs = { p50: median(stepMs), p95: percentile(stepMs, 95), max: Math.max(...stepMs) };
  log(`incremental: p50 ${incrementalMs.p50.toFixed(0)} ms, p95 ${incrementalMs.p95.toFixed(0)} ms per new commit; cache load ${cacheLoadMs.toFixed(0)} ms`);
  return { coldRuns, coldMedianMs, coldMsPer10kCommits, incrementalSteps: stepMs.length, incrementalMs, cacheLoadMs };
}
