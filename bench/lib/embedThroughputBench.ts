/**
 * Embedding pipeline efficiency: chunks/s of a full index run with the fixture embedder (read, parse, embed, write
 * overlapped) against the bare embedder embedding the very same chunk texts in the same batch size, back to back.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { IndexRunSummary } from "../../shared/protocol/indexing";
import { resolveSettings } from "../../shared/settings";
import { createEmbedder } from "../../server/src/embeddings/createEmbedder";
import type { StoredChunk } from "../../server/src/store/indexStore";
import { IndexStore } from "../../server/src/store/indexStore";
import { silentLogger } from "../../server/src/util/logger";
import { benchSettings } from "./benchSettings";
import { BenchServer, type PeakMemory } from "./serverClient";
import { buildSyntheticTree } from "./syntheticTree";
import { BUILT_EMBED_WORKER, serverIndexDir } from "./vectorFill";
import { WORK_DIR } from "./vueRepo";

export interface EmbedThroughputFigures {
  files: number;
  chunks: number;
  uniqueChunkTexts: number;
  batchSize: number;
  pipeline: { wallMs: number; serverMs: number; embeddings: number; chunksPerSecond: number; summary: IndexRunSummary; peak: PeakMemory };
  bare: { ms: number; chunksPerSecond: number };
  /** pipeline chunks/s ÷ bare chunks/s (goal ≥ 0.85). */
  ratio: number;
}

/**
 * The pipeline's embedding input (server/src/indexing/filePipeline.ts embeddingText, private there): kind and symbol
 * on a first line, then the chunk. Kept in step by hand; if it drifts the ratio stops being like-for-like.
 */
function embeddingText(chunk: StoredChunk): string {
  return chunk.symbol ? `${chunk.kind} ${chunk.symbol}\n${chunk.text}` : chunk.text;
}

export async function runEmbedThroughput(files = 300): Promise<EmbedThroughputFigures> {
  const tree = buildSyntheticTree(files);
  const runDir = join(WORK_DIR, "embed-throughput");
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const storagePath = join(runDir, "storage");
  const modelCachePath = join(runDir, "models");
  const settings = benchSettings("fixture", 10);
  const batchSize = resolveSettings(settings).embeddings.batchSize;
  log(`embedding throughput: ${tree.files.length} files, fixture model, batch ${batchSize}`);

  const server = await BenchServer.start({ workspaceFolder: tree.root, storagePath, modelCachePath, settings, logFile: join(runDir, "server.log") });
  let pipeline: EmbedThroughputFigures["pipeline"];
  try {
    // Model loading is a one-off cost, not throughput: wait until the server's embedder is ready.
    for (let waited = 0; (await server.status()).embedder.state === "loading" && waited < 120_000; waited += 100) await sleep(100);
    const embedderState = (await server.status()).embedder;
    if (embedderState.state !== "ready") throw new Error(`the server's embedder is ${embedderState.state}: ${embedderState.message ?? ""}`);
    const start = performance.now();
    const summary = await server.indexNow(false, 20 * 60_000);
    const wallMs = performance.now() - start;
    pipeline = {
      wallMs,
      serverMs: summary.durationMs,
      embeddings: summary.embeddingsComputed,
      chunksPerSecond: summary.embeddingsComputed / (wallMs / 1000),
      summary,
      peak: server.peakMemory(),
    };
    log(`pipeline: ${summary.embeddingsComputed} embeddings, ${summary.chunksWritten} chunks in ${wallMs.toFixed(0)} ms → ${pipeline.chunksPerSecond.toFixed(1)} chunks/s`);
  } finally {
    await server.stop();
  }

  const embedder = await createEmbedder(resolveSettings(settings).embeddings, { modelCachePath, logger: silentLogger, workerPath: BUILT_EMBED_WORKER });
  if (!embedder || embedder.status().state !== "ready") throw new Error(`the bare fixture embedder is not ready: ${embedder?.status().message ?? "none"}`);
  const chunks: StoredChunk[] = [];
  let bareMs: number;
  let texts: string[];
  try {
    const { store } = await IndexStore.open({ storagePath: serverIndexDir(storagePath), embedderKey: embedder.key, dimensions: embedder.dimensions, logger: silentLogger, readOnly: true });
    try {
      const catalog = [...(await store.catalog()).values()];
      const ids = catalog.flatMap((file) => Array.from({ length: file.chunkCount }, (_, ordinal) => `${file.path}#${ordinal}`));
      chunks.push(...(await store.getChunks(ids)));
    } finally {
      await store.close();
    }
    if (chunks.length === 0) throw new Error(`no chunks could be read back from ${serverIndexDir(storagePath)}`);
    // The pipeline embeds each distinct chunk once; so does the bare run.
    texts = [...new Map(chunks.map((chunk) => [chunk.chunkHash, embeddingText(chunk)])).values()];
    const start = performance.now();
    for (let i = 0; i < texts.length; i += batchSize) await embedder.embed(texts.slice(i, i + batchSize), "document");
    bareMs = performance.now() - start;
  } finally {
    await embedder.dispose();
  }
  const bare = { ms: bareMs, chunksPerSecond: texts.length / (bareMs / 1000) };
  log(`bare embedder: ${texts.length} texts in ${bareMs.toFixed(0)} ms → ${bare.chunksPerSecond.toFixed(1)} chunks/s`);
  return {
    files: tree.files.length,
    chunks: chunks.length,
    uniqueChunkTexts: texts.length,
    batchSize,
    pipeline,
    bare,
    ratio: pipeline.chunksPerSecond / bare.chunksPerSecond,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function log(line: string): void {
  process.stdout.write(line + "\n");
}
