/**
 * Index speed at scale: cold lexical index of a 10k-file tree, reopen with no changes, save → searchable latency
 * and peak memory. The same-run baseline is the bench's own in-process reader + BM25 indexer over the same files
 * (the floor any lexical index pays: read, tokenize, count).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import type { IndexRunSummary } from "../../shared/protocol/indexing";
import { tokenizeForSearch } from "../../server/src/text/identifiers";
import { Bm25Index } from "./bm25";
import { benchSettings } from "./benchSettings";
import { distribution, type Distribution } from "./metrics";
import { BenchServer, type PeakMemory } from "./serverClient";
import { buildSyntheticTree, treeSize } from "./syntheticTree";
import { WORK_DIR } from "./vueRepo";

export interface IndexSpeedFigures {
  tree: { files: number; bytes: number; lines: number; sourceCommit: string };
  cold: { wallMs: number; summary: IndexRunSummary; chunks?: number; indexBytes?: number; peak: PeakMemory };
  baselineBuildMs: number;
  reopen: { startupMs: number; wallMs: number; summary: IndexRunSummary; zeroRework: boolean; peak: PeakMemory };
  saveToSearchableMs: Distribution & { timeouts: number };
  peakServerBytes: number;
}

export interface SpeedOptions {
  files?: number;
  edits?: number;
}

export async function runLexicalSpeed(options: SpeedOptions = {}): Promise<IndexSpeedFigures> {
  const tree = buildSyntheticTree(options.files ?? 10_000);
  const size = treeSize(tree);
  log(`index speed: ${tree.files.length} files, ${(size.bytes / 2 ** 20).toFixed(1)} MB, ${size.lines} lines in ${tree.root}`);
  const runDir = join(WORK_DIR, "index-speed");
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const serverOptions = {
    workspaceFolder: tree.root,
    storagePath: join(runDir, "storage"),
    modelCachePath: join(runDir, "models"),
    settings: benchSettings("none", 10),
    logFile: join(runDir, "server.log"),
  };

  const baselineStart = performance.now();
  const bm25 = new Bm25Index(tokenizeForSearch);
  for (const file of tree.files) bm25.set(file, readFileSync(join(tree.root, file), "utf8"));
  const baselineBuildMs = performance.now() - baselineStart;
  log(`baseline (read + tokenize + BM25 counts, in-process): ${baselineBuildMs.toFixed(0)} ms`);

  const first = await BenchServer.start(serverOptions);
  let cold: IndexSpeedFigures["cold"];
  try {
    const start = performance.now();
    const summary = await first.indexNow(false, COLD_TIMEOUT_MS);
    const wallMs = performance.now() - start;
    const status = await first.status();
    cold = { wallMs, summary, chunks: status.chunks, indexBytes: status.indexBytes, peak: first.peakMemory() };
    log(`cold lexical index: ${wallMs.toFixed(0)} ms, ${JSON.stringify(summary)}, ${status.chunks} chunks`);
  } finally {
    await first.stop();
  }

  const reopenStart = performance.now();
  const second = await BenchServer.start(serverOptions);
  const startupMs = performance.now() - reopenStart;
  try {
    const start = performance.now();
    const summary = await second.indexNow(false, COLD_TIMEOUT_MS);
    const wallMs = performance.now() - start;
    const zeroRework = summary.filesIndexed === 0 && summary.chunksWritten === 0 && summary.embeddingsComputed === 0;
    log(`reopen: start ${startupMs.toFixed(0)} ms, indexNow ${wallMs.toFixed(0)} ms, ${JSON.stringify(summary)}`);
    const edits = await measureSaveToSearchable(second, tree.root, options.edits ?? 20);
    log(`save → searchable p50/p95: ${edits.p50.toFixed(0)}/${edits.p95.toFixed(0)} ms (${edits.timeouts} timeouts)`);
    const reopen = { startupMs, wallMs, summary, zeroRework, peak: second.peakMemory() };
    return {
      tree: { files: tree.files.length, ...size, sourceCommit: tree.sourceCommit },
      cold,
      baselineBuildMs,
      reopen,
      saveToSearchableMs: edits,
      peakServerBytes: Math.max(cold.peak.serverBytes, reopen.peak.serverBytes),
    };
  } finally {
    await second.stop();
    rmSync(join(tree.root, PROBE_DIR), { recursive: true, force: true });
  }
}

const PROBE_DIR = "bench-probes";
/** Twenty times the goal: a run that takes longer has failed in every sense, and may be hung. */
const COLD_TIMEOUT_MS = 10 * 60_000;
const SEARCHABLE_TIMEOUT_MS = 30_000;

/**
 * Writes files that define a new, unique function, tells the server as a file watcher would, and polls search
 * until the new file is a hit. The figure is save → first successful search, as a user would feel it.
 */
async function measureSaveToSearchable(server: BenchServer, root: string, edits: number): Promise<Distribution & { timeouts: number }> {
  const times: number[] = [];
  let timeouts = 0;
  for (let i = 0; i < edits; i++) {
    const name = `vibeProbeMarker${i}Qz${(i * 7919) % 1000}`;
    const relativePath = `${PROBE_DIR}/probe${i}.ts`;
    const fullPath = join(root, relativePath);
    mkdirSync(dirname(fullPath), { recursive: true });
    const start = performance.now();
    writeFileSync(fullPath, `/** Benchmark probe ${i}. */\nexport function ${name}(input: number): number {\n  return input * ${i + 2};\n}\n`);
    await server.filesChanged([{ path: fullPath, kind: "created" }]);
    let found = false;
    while (!found && performance.now() - start < SEARCHABLE_TIMEOUT_MS) {
      const result = await server.search({ query: name, limit: 5 });
      found = result.hits.some((hit) => hit.path === relativePath);
      if (!found) await sleep(10);
    }
    if (found) times.push(performance.now() - start);
    else timeouts++;
    await sleep(200);
  }
  return { ...distribution(times), timeouts };
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function log(line: string): void {
  process.stdout.write(line + "\n");
}
