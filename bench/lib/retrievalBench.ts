/**
 * Retrieval benchmark: walks the vuejs/core bug-fix rows oldest first through one corpus folder that moves from
 * base commit to base commit (only changed files are rewritten), re-indexes incrementally with the product, asks
 * each row's query, and scores file-level rankings against the gold files, next to a BM25 baseline on the same
 * corpus in the same run.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { IndexRunSummary, IndexStatus } from "../../shared/protocol/indexing";
import { tokenizeForSearch } from "../../server/src/text/identifiers";
import { Bm25Index } from "./bm25";
import { benchSettings, type EmbedderChoice } from "./benchSettings";
import { loadRowsOldestFirst, type RetrievalRow } from "./dataset";
import { distribution, meanScores, rankFiles, scoreRanking, type Distribution, type RowScores } from "./metrics";
import { runEnvironment, writeReport } from "./report";
import { renderRetrievalMarkdown } from "./retrievalReport";
import { BenchServer, type PeakMemory } from "./serverClient";
import { findVueGitDir, listCorpus, syncTree, WORK_DIR } from "./vueRepo";

export interface RetrievalOptions {
  /** Only the oldest N rows (all 200 when undefined). */
  limit?: number;
  embedder: EmbedderChoice;
  /** Results per query; files are ranked from these chunks. */
  searchLimit?: number;
}

export interface RowResult {
  id: string;
  baseCommit: string;
  query: string;
  gold: string[];
  mentionsGoldBasename: boolean;
  /** False when a gold file does not exist in the corpus at the base commit (no system can find it). */
  goldInCorpus: boolean;
  product: { top: string[]; filesReturned: number; goldRanks: Array<number | null>; scores: RowScores; wallMs: number; serverMs: number } | { error: string };
  baseline: { top: string[]; goldRanks: Array<number | null>; scores: RowScores; ms: number };
  /** Files rewritten/deleted in the corpus folder before this row, and the re-index that followed. */
  step: { written: number; deleted: number; reindexMs?: number; summary?: IndexRunSummary; error?: string };
}

export interface SubsetFigures {
  rows: number;
  product: RowScores;
  baseline: RowScores;
}

export interface RetrievalFigures {
  benchmark: "retrieval";
  environment: Record<string, string | number>;
  options: Required<RetrievalOptions> & { rowsAvailable: number };
  corpus: { filesAtFirstRow: number; filesAtLastRow: number; rowsWithGoldOutsideCorpus: number };
  baselineDescription: string;
  all: SubsetFigures;
  withoutBasenameMention: SubsetFigures;
  queryMs: { product: Distribution; productServer: Distribution; baseline: Distribution };
  coldIndex: { wallMs: number; startupMs: number; summary?: IndexRunSummary; error?: string };
  reindexMs: Distribution & { stepsWithChanges: number; stepsWithoutChanges: number; noChangeP50: number };
  reindexFilesPerStep: Distribution;
  indexStatus?: { chunks: number; indexedFiles: number; indexBytes: number };
  peakMemory: PeakMemory;
  productErrors: number;
  /** Why misses happen: how many files 50 chunks cover, and how often a gold file is not in the list at all. */
  diagnostics: {
    productFilesReturned: Distribution;
    productGoldNotReturned: number;
    baselineGoldNotReturned: number;
    productWinsAt5: number;
    baselineWinsAt5: number;
  };
  rows: RowResult[];
}

/** A re-index that takes longer than this is reported as failed (the corpus is ~230 files). */
const STEP_TIMEOUT_MS = 5 * 60_000;

export const BASELINE_DESCRIPTION =
  "BM25 (k1 0.9, b 0.4, Lucene idf, distinct query terms) over whole files; documents and queries both tokenized " +
  "with server/src/text/identifiers.ts tokenizeForSearch (each identifier lower-cased whole plus its camelCase/_ " +
  "parts, stop words and 1-letter terms dropped); file paths are not indexed.";

export async function runRetrievalBench(options: RetrievalOptions): Promise<RetrievalFigures> {
  const searchLimit = options.searchLimit ?? 50;
  const allRows = loadRowsOldestFirst();
  const rows = options.limit ? allRows.slice(0, options.limit) : allRows;
  const gitDir = findVueGitDir();
  const runDir = join(WORK_DIR, `retrieval-${options.embedder}`);
  rmSync(runDir, { recursive: true, force: true });
  const corpusDir = join(runDir, "corpus");
  const storagePath = join(runDir, "storage");
  for (const dir of [corpusDir, storagePath]) mkdirSync(dir, { recursive: true });
  log(`retrieval: ${rows.length} rows, embedder ${options.embedder}, git ${gitDir}, corpus ${corpusDir}`);

  const bm25 = new Bm25Index(tokenizeForSearch, { k1: 0.9, b: 0.4 });
  let current = new Map<string, string>();
  const syncTo = (commit: string) => {
    const next = listCorpus(gitDir, commit);
    const change = syncTree(gitDir, corpusDir, current, next);
    for (const path of change.deleted) bm25.delete(path);
    for (const path of change.written) bm25.set(path, readFileSync(join(corpusDir, path), "utf8"));
    current = next;
    return change;
  };

  const first = syncTo(rows[0].base_commit);
  const filesAtFirstRow = current.size;
  const startedAt = performance.now();
  const server = await BenchServer.start({
    workspaceFolder: corpusDir,
    storagePath,
    modelCachePath: join(runDir, "models"),
    settings: benchSettings(options.embedder, searchLimit),
    logFile: join(runDir, "server.log"),
  });
  const startupMs = performance.now() - startedAt;
  const coldIndex: RetrievalFigures["coldIndex"] = { wallMs: Number.NaN, startupMs };
  const coldStart = performance.now();
  try {
    coldIndex.summary = await server.indexNow(false, STEP_TIMEOUT_MS);
    coldIndex.wallMs = performance.now() - coldStart;
    log(`cold index: ${coldIndex.wallMs.toFixed(0)} ms, ${JSON.stringify(coldIndex.summary)}`);
  } catch (error) {
    coldIndex.error = String(error);
    log(`cold index failed: ${coldIndex.error}`);
  }

  const results: RowResult[] = [];
  let peakMemory: PeakMemory = { serverBytes: 0, childBytes: 0 };
  let finalStatus: IndexStatus | undefined;
  try {
    for (const [index, row] of rows.entries()) {
      const step: RowResult["step"] =
        index === 0 ? { written: first.written.length, deleted: first.deleted.length } : await advance(server, syncTo, row);
      results.push(await evaluateRow(server, bm25, row, current, step, searchLimit));
      if ((index + 1) % 10 === 0 || index === rows.length - 1) log(progressLine(index + 1, rows.length, results));
    }
  } finally {
    peakMemory = server.peakMemory();
    finalStatus = await server.status().catch(() => undefined);
    await server.stop();
  }

  const figures = summarize(results, {
    options: { limit: rows.length, embedder: options.embedder, searchLimit, rowsAvailable: allRows.length },
    corpus: { filesAtFirstRow, filesAtLastRow: current.size, rowsWithGoldOutsideCorpus: results.filter((r) => !r.goldInCorpus).length },
    coldIndex,
    peakMemory,
    indexStatus: finalStatus && { chunks: finalStatus.chunks, indexedFiles: finalStatus.indexedFiles, indexBytes: finalStatus.indexBytes },
  });
  const suffix = options.embedder === "none" ? "" : `-${options.embedder}`;
  const paths = writeReport(`retrieval${suffix}`, figures, renderRetrievalMarkdown(figures));
  log(`wrote ${paths.jsonPath} and ${paths.markdownPath}`);
  return figures;
}

async function advance(
  server: BenchServer,
  syncTo: (commit: string) => { written: string[]; deleted: string[] },
  row: RetrievalRow,
): Promise<RowResult["step"]> {
  const change = syncTo(row.base_commit);
  const step: RowResult["step"] = { written: change.written.length, deleted: change.deleted.length };
  const start = performance.now();
  try {
    step.summary = await server.indexNow(false, STEP_TIMEOUT_MS);
    step.reindexMs = performance.now() - start;
  } catch (error) {
    step.error = String(error);
  }
  return step;
}

async function evaluateRow(
  server: BenchServer,
  bm25: Bm25Index,
  row: RetrievalRow,
  corpus: Map<string, string>,
  step: RowResult["step"],
  searchLimit: number,
): Promise<RowResult> {
  const baselineStart = performance.now();
  const baselineFiles = rankFiles(bm25.search(row.query, searchLimit).map((hit) => ({ path: hit.id })));
  const baselineMs = performance.now() - baselineStart;
  let product: RowResult["product"];
  const start = performance.now();
  try {
    const result = await server.search({ query: row.query, limit: searchLimit });
    const wallMs = performance.now() - start;
    const files = rankFiles(result.hits);
    product = {
      top: files.slice(0, 10),
      filesReturned: files.length,
      goldRanks: goldRanks(files, row.gold_files),
      scores: scoreRanking(files, row.gold_files),
      wallMs,
      serverMs: result.tookMs,
    };
  } catch (error) {
    product = { error: String(error) };
  }
  return {
    id: row.id,
    baseCommit: row.base_commit,
    query: row.query,
    gold: row.gold_files,
    mentionsGoldBasename: row.query_mentions_gold_basename,
    goldInCorpus: row.gold_files.every((path) => corpus.has(path)),
    product,
    baseline: {
      top: baselineFiles.slice(0, 10),
      goldRanks: goldRanks(baselineFiles, row.gold_files),
      scores: scoreRanking(baselineFiles, row.gold_files),
      ms: baselineMs,
    },
    step,
  };
}

/** 1-based rank of each gold file in a ranking, null when it is not there at all. */
function goldRanks(files: string[], gold: string[]): Array<number | null> {
  return gold.map((path) => {
    const index = files.indexOf(path);
    return index < 0 ? null : index + 1;
  });
}

const ZERO_SCORES: RowScores = { acc1: 0, acc5: 0, acc10: 0, recall5: 0, recall10: 0, mrr10: 0, ndcg10: 0 };

/** A row whose search failed scores zero for the product: an error is a miss, never a skipped row. */
function productScores(row: RowResult): RowScores {
  return "scores" in row.product ? row.product.scores : ZERO_SCORES;
}

function subset(rows: RowResult[]): SubsetFigures {
  return {
    rows: rows.length,
    product: meanScores(rows.map(productScores)),
    baseline: meanScores(rows.map((row) => row.baseline.scores)),
  };
}

function summarize(
  rows: RowResult[],
  rest: Pick<RetrievalFigures, "options" | "corpus" | "coldIndex" | "peakMemory" | "indexStatus">,
): RetrievalFigures {
  const ok = rows.flatMap((row) => ("wallMs" in row.product ? [row.product] : []));
  const steps = rows.slice(1).map((row) => row.step);
  const changed = steps.filter((step) => step.written + step.deleted > 0 && step.reindexMs !== undefined);
  const unchanged = steps.filter((step) => step.written + step.deleted === 0 && step.reindexMs !== undefined);
  return {
    benchmark: "retrieval",
    environment: runEnvironment(),
    ...rest,
    baselineDescription: BASELINE_DESCRIPTION,
    all: subset(rows),
    withoutBasenameMention: subset(rows.filter((row) => !row.mentionsGoldBasename)),
    queryMs: {
      product: distribution(ok.map((p) => p.wallMs)),
      productServer: distribution(ok.map((p) => p.serverMs)),
      baseline: distribution(rows.map((row) => row.baseline.ms)),
    },
    reindexMs: {
      ...distribution(changed.map((step) => step.reindexMs!)),
      stepsWithChanges: changed.length,
      stepsWithoutChanges: unchanged.length,
      noChangeP50: distribution(unchanged.map((step) => step.reindexMs!)).p50,
    },
    reindexFilesPerStep: distribution(changed.map((step) => step.written + step.deleted)),
    productErrors: rows.length - ok.length + steps.filter((step) => step.error).length,
    diagnostics: {
      productFilesReturned: distribution(ok.map((p) => p.filesReturned)),
      productGoldNotReturned: ok.reduce((n, p) => n + p.goldRanks.filter((rank) => rank === null).length, 0),
      baselineGoldNotReturned: rows.reduce((n, row) => n + row.baseline.goldRanks.filter((rank) => rank === null).length, 0),
      productWinsAt5: rows.filter((row) => productScores(row).acc5 > row.baseline.scores.acc5).length,
      baselineWinsAt5: rows.filter((row) => productScores(row).acc5 < row.baseline.scores.acc5).length,
    },
    rows,
  };
}

function progressLine(done: number, total: number, rows: RowResult[]): string {
  const scores = subset(rows);
  return (
    `  ${done}/${total} rows: Acc@5 product ${scores.product.acc5.toFixed(1)} vs BM25 ${scores.baseline.acc5.toFixed(1)}` +
    `, last step ${rows[rows.length - 1].step.written}+${rows[rows.length - 1].step.deleted} files`
  );
}

function log(line: string): void {
  process.stdout.write(line + "\n");
}
