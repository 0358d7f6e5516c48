/**
 * Impact request latency: cold open (mine + graph), then warm assessImpact on files (p50/p95), on exported functions
 * (the CodeLens/"function at the cursor" path), on the clean working-tree diff and on a diff of a few edited files.
 * Runs on a checked-out vuejs/core and on a generated 10k-file repository (impactSyntheticRepo.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assessWithWorkspace } from "../../server/src/impact/assess";
import { extractExports } from "../../server/src/impact/exportExtract";
import { ImpactWorkspace } from "../../server/src/impact/impactWorkspace";
import { importLanguageOf } from "../../server/src/impact/parsers";
import { ParsePool } from "../../server/src/indexer/parsePool";
import { IMPACT_SCRATCH, gitIn, isSourcePath, prepareClone } from "./impactRepo";
import { median, percentile } from "./impactMetrics";
import { buildSyntheticRepo } from "./impactSyntheticRepo";

interface Spread {
  p50: number;
  p95: number;
  max: number;
}

export interface LatencyFigures {
  repository: string;
  files: number;
  graphFiles: number;
  commits: number;
  coldOpenMs: number;
  /** A second workspace on the same storage folder: what a window reload or server restart costs. */
  reopenMs: number;
  requests: number;
  fileRequestMs: Spread;
  functionRequests: number;
  functionRequestMs: Spread;
  /** Clean tree: `git diff` and nothing to rank. */
  diffRequestMs: number;
  /** A few files edited (one exported signature changed), median of 5. */
  dirtyDiffFiles: number;
  dirtyDiffRequestMs: Spread;
  /** 1-minute load average when the measurement started (the machine is shared). */
  loadAverage: number;
}

function spread(times: number[]): Spread {
  return { p50: median(times), p95: percentile(times, 95), max: Math.max(...times) };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function measure(repository: string, root: string, log: (line: string) => void, requests: number): Promise<LatencyFigures> {
  const loadAverage = (await import("node:os")).loadavg()[0];
  const storage = mkdtempSync(join(IMPACT_SCRATCH, "latency-cache-"));
  try {
    // As the server opens it: the first build parses on worker threads.
    const options = { root, storageDir: storage, openImportWorkers: () => new ParsePool() };
    const workspace = new ImpactWorkspace(options);
    const coldOpenMs = await timed(() => workspace.refresh());
    const reopenMs = await timed(() => new ImpactWorkspace(options).refresh());
    const sources = [...workspace.files].filter(isSourcePath).sort();
    const step = Math.max(1, Math.floor(sources.length / requests));
    const sample: string[] = [];
    for (let i = 0; i < sources.length && sample.length < requests; i += step) sample.push(sources[i]);
    const fileTimes: number[] = [];
    for (const path of sample) fileTimes.push(await timed(() => assessWithWorkspace(workspace, { target: { kind: "file", path } })));

    const functionTimes: number[] = [];
    const parser = workspace.parserForReuse;
    for (const path of sample) {
      const language = importLanguageOf(path);
      if (!parser || !language) continue;
      const tree = parser.parse(language, readFileSync(join(root, path), "utf8"));
      const exported = tree ? extractExports(tree, language).find((symbol) => symbol.endLine > symbol.startLine) : undefined;
      tree?.delete();
      if (!exported) continue;
      const target = { kind: "range" as const, path, startLine: exported.startLine, endLine: exported.endLine };
      functionTimes.push(await timed(() => assessWithWorkspace(workspace, { target })));
    }
    const diffRequestMs = await timed(() => assessWithWorkspace(workspace, { target: { kind: "diff" } }));

    // Edit a few files the way a developer would: append code to three, change one exported function's parameters.
    const edited = sample.filter((_, index) => index % 25 === 3).slice(0, 4);
    const originals = new Map(edited.map((path) => [path, readFileSync(join(root, path), "utf8")]));
    const dirtyTimes: number[] = [];
    try {
      for (const [index, path] of edited.entries()) {
        const text = originals.get(path) ?? "";
        const changed = index === 0 ? text.replace(/export function (\w+)\(/, "export function $1(extraArgument: number, ") : `${text}\nexport const benchEdit${index} = ${index};\n`;
        writeFileSync(join(root, path), changed);
      }
      for (let run = 0; run < 5; run += 1) dirtyTimes.push(await timed(() => assessWithWorkspace(workspace, { target: { kind: "diff" } })));
    } finally {
      for (const [path, text] of originals) writeFileSync(join(root, path), text);
    }
    const figures: LatencyFigures = {
      repository,
      files: workspace.files.size,
      graphFiles: workspace.graph?.fileCount ?? 0,
      commits: workspace.history?.commits.length ?? 0,
      coldOpenMs,
      reopenMs,
      requests: fileTimes.length,
      fileRequestMs: spread(fileTimes),
      functionRequests: functionTimes.length,
      functionRequestMs: spread(functionTimes),
      diffRequestMs,
      dirtyDiffFiles: edited.length,
      dirtyDiffRequestMs: spread(dirtyTimes),
      loadAverage,
    };
    log(
      `latency ${repository}: cold open ${coldOpenMs.toFixed(0)} ms, reopen ${reopenMs.toFixed(0)} ms; file p50 ${figures.fileRequestMs.p50.toFixed(0)} / p95 ${figures.fileRequestMs.p95.toFixed(0)} ms; ` +
        `function p95 ${figures.functionRequestMs.p95.toFixed(0)} ms; dirty diff p50 ${figures.dirtyDiffRequestMs.p50.toFixed(0)} ms (load ${loadAverage.toFixed(2)})`,
    );
    return figures;
  } finally {
    rmSync(storage, { recursive: true, force: true });
  }
}

/** vuejs/core checked out at the mirror's HEAD. */
export async function runLatencyBench(log: (line: string) => void, requests = 100): Promise<LatencyFigures> {
  const repo = prepareClone("vue-latency");
  gitIn(repo, ["checkout", "-q", "-f", "HEAD"]);
  return measure("vuejs/core", repo, log, requests);
}

/** The generated 10k-file repository with a few thousand commits. */
export async function runLargeLatencyBench(log: (line: string) => void, requests = 100): Promise<LatencyFigures> {
  const started = performance.now();
  const repo = buildSyntheticRepo();
  log(`synthetic repository: ${repo.files} files, ${repo.commits} commits (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return measure(`synthetic ${repo.files}-file repository`, repo.root, log, requests);
}
