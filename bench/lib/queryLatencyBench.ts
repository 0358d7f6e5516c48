/**
 * Query latency at scale: the retrieval dataset's queries against a ~100k-chunk index of the synthetic tree, over
 * LSP as a client feels it, lexical-only and with vectors. The same-run baseline is the bench's in-process BM25
 * over the same files (no IPC, no chunking).
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { SearchResult } from "../../shared/protocol/search";
import { tokenizeForSearch } from "../../server/src/text/identifiers";
import { Bm25Index } from "./bm25";
import { benchSettings, type EmbedderChoice } from "./benchSettings";
import { loadRowsOldestFirst } from "./dataset";
import { distribution, type Distribution } from "./metrics";
import { BenchServer, type PeakMemory } from "./serverClient";
import { buildSyntheticTree } from "./syntheticTree";
import { fillRandomVectors } from "./vectorFill";
import { WORK_DIR } from "./vueRepo";

export interface QueryRun {
  mode: "lexical" | "hybrid";
  /** Client wall time per query (LSP round trip included). */
  wallMs: Distribution;
  /** The server's own tookMs. */
  serverMs: Distribution;
  signals: string[];
  emptyResults: number;
  peak: PeakMemory;
  note?: string;
}

export interface QueryLatencyFigures {
  tree: { files: number; sourceCommit: string };
  index: { chunks: number; files: number; coldWallMs: number };
  queries: number;
  warmupQueries: number;
  lexical: QueryRun;
  hybrid?: QueryRun | { error: string };
  baseline: { buildMs: number; queryMs: Distribution };
}

export interface QueryLatencyOptions {
  files?: number;
  queries?: number;
  /** Also measure hybrid search with vectors (random unit vectors written straight into the store). */
  vectors?: boolean;
}

const WARMUP = 5;

export async function runQueryLatencyBench(options: QueryLatencyOptions = {}): Promise<QueryLatencyFigures> {
  const tree = buildSyntheticTree(options.files ?? 10_000);
  const queries = loadRowsOldestFirst()
    .map((row) => row.query)
    .slice(0, options.queries ?? 200);
  const runDir = join(WORK_DIR, "query-latency");
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const storagePath = join(runDir, "storage");
  const serverOptions = (embedder: EmbedderChoice) => ({
    workspaceFolder: tree.root,
    storagePath,
    modelCachePath: join(runDir, "models"),
    settings: benchSettings(embedder, 20),
    logFile: join(runDir, "server.log"),
  });
  log(`query latency: ${tree.files.length} files, ${queries.length} queries (+${WARMUP} warm-up)`);

  const lexicalServer = await BenchServer.start(serverOptions("none"));
  let lexical: QueryRun;
  let index: QueryLatencyFigures["index"];
  try {
    const start = performance.now();
    const summary = await lexicalServer.indexNow(false, 15 * 60_000);
    const coldWallMs = performance.now() - start;
    const status = await lexicalServer.status();
    index = { chunks: status.chunks, files: status.indexedFiles, coldWallMs };
    log(`indexed ${status.indexedFiles} files, ${status.chunks} chunks in ${coldWallMs.toFixed(0)} ms (${JSON.stringify(summary)})`);
    lexical = await timeQueries(lexicalServer, queries, "lexical");
    log(`lexical: p50 ${lexical.wallMs.p50.toFixed(1)} ms, p95 ${lexical.wallMs.p95.toFixed(1)} ms (server ${lexical.serverMs.p95.toFixed(1)})`);
  } finally {
    await lexicalServer.stop();
  }

  let hybrid: QueryLatencyFigures["hybrid"];
  if (options.vectors !== false) {
    try {
      const fill = await fillRandomVectors(storagePath, join(runDir, "models"));
      log(`wrote ${fill.rows} random unit vectors (${fill.dimensions} dims) into ${fill.table} in ${fill.ms.toFixed(0)} ms`);
      const hybridServer = await BenchServer.start(serverOptions("fixture"));
      try {
        hybrid = await timeQueries(hybridServer, queries, "hybrid");
        hybrid.note =
          `vectors are random-but-deterministic unit vectors written straight into the store (${fill.rows} rows); ` +
          "query vectors come from the fixture model, so the cost of embedding each query is included";
        log(`hybrid: p50 ${hybrid.wallMs.p50.toFixed(1)} ms, p95 ${hybrid.wallMs.p95.toFixed(1)} ms, signals ${hybrid.signals.join("+")}`);
      } finally {
        await hybridServer.stop();
      }
    } catch (error) {
      hybrid = { error: String(error) };
      log(`hybrid run failed: ${String(error)}`);
    }
  }

  const baseline = measureBaseline(tree.root, tree.files, queries);
  log(`baseline BM25 in-process: build ${baseline.buildMs.toFixed(0)} ms, query p50 ${baseline.queryMs.p50.toFixed(1)} ms, p95 ${baseline.queryMs.p95.toFixed(1)} ms`);
  return {
    tree: { files: tree.files.length, sourceCommit: tree.sourceCommit },
    index,
    queries: queries.length,
    warmupQueries: WARMUP,
    lexical,
    hybrid,
    baseline,
  };
}

async function timeQueries(server: BenchServer, queries: string[], mode: QueryRun["mode"]): Promise<QueryRun> {
  for (const query of queries.slice(0, WARMUP)) await server.search({ query, limit: 20 });
  const wall: number[] = [];
  const took: number[] = [];
  const signals = new Set<string>();
  let emptyResults = 0;
  for (const query of queries) {
    const start = performance.now();
    const result: SearchResult = await server.search({ query, limit: 20 });
    wall.push(performance.now() - start);
    took.push(result.tookMs);
    for (const signal of result.signals) signals.add(signal);
    if (result.hits.length === 0) emptyResults++;
  }
  return {
    mode,
    wallMs: distribution(wall),
    serverMs: distribution(took),
    signals: [...signals].sort(),
    emptyResults,
    peak: server.peakMemory(),
  };
}

function measureBaseline(root: string, files: string[], queries: string[]): QueryLatencyFigures["baseline"] {
  const start = performance.now();
  const bm25 = new Bm25Index(tokenizeForSearch);
  for (const file of files) bm25.set(file, readFileSync(join(root, file), "utf8"));
  const buildMs = performance.now() - start;
  const times: number[] = [];
  for (const query of queries) {
    const queryStart = performance.now();
    bm25.search(query, 20);
    times.push(performance.now() - queryStart);
  }
  return { buildMs, queryMs: distribution(times) };
}

function log(line: string): void {
  process.stdout.write(line + "\n");
}
