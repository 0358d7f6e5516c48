import type { IndexRunSummary } from "../../../shared/protocol/indexing";
import type { Embedder } from "../embeddings/types";
import type { ParsePool } from "../indexer/parsePool";
import { readSourceFile } from "../indexer/readSource";
import type { Chunk, SkippedEntry, SourceFile } from "../indexer/types";
import type { FileRecord, IndexStore } from "../store/indexStore";
import type { FileTermIndex } from "../search/fileTermIndex";
import type { SymbolIndex } from "../search/symbolIndex";
import type { Logger } from "../util/logger";

export interface PipelineDeps {
  root: string;
  store: IndexStore;
  symbols: SymbolIndex;
  fileTerms: FileTermIndex;
  parsePool: ParsePool;
  embedder: Embedder | null;
  maxFileSize: number;
  embedBatchSize: number;
  logger: Logger;
}

export interface PipelineCallbacks {
  onSkipped(entry: SkippedEntry): void;
  onIndexed(path: string): void;
  onProgress(filesDone: number): void;
  /** Returns true when the run should stop early (a newer run superseded it). */
  cancelled(): boolean;
}

interface PreparedFile {
  file: FileRecord;
  chunks: Chunk[];
  vectors?: Float32Array[];
}

/** Files read and chunked per step; also the write batch, so a 10k-file run makes ~100 store versions, not 10k. */
const FILES_PER_BATCH = 96;
/**
 * Batches read and chunked ahead of the one being written. With one, the parse workers idle between a batch's
 * last file and the next batch's reads while the main thread writes; two keep files queued for them.
 */
const PREPARE_AHEAD = 2;

/**
 * Reads, chunks, embeds and writes files in three overlapping stages: while batch k is being embedded, batches k+1
 * and k+2 are parsed in worker threads and batch k-1 is written. With an embedder on, embedding is the bottleneck
 * and the other stages hide behind it, which is what keeps the pipeline close to the bare embedder's throughput.
 */
export async function indexFiles(
  paths: string[],
  deps: PipelineDeps,
  callbacks: PipelineCallbacks,
  summary: IndexRunSummary,
): Promise<void> {
  if (paths.length === 0) return;
  const catalog = await deps.store.catalog();
  const batches: string[][] = [];
  for (let i = 0; i < paths.length; i += FILES_PER_BATCH) batches.push(paths.slice(i, i + FILES_PER_BATCH));

  let done = 0;
  let writing: Promise<void> = Promise.resolve();
  const prepared: Array<Promise<PreparedFile[]>> = [];
  const startPreparing = (batch: string[]): void => {
    const promise = prepareBatch(batch, catalog, deps, callbacks, summary);
    // Awaited in turn (which rethrows); this only keeps a batch that fails while an earlier one is still being
    // written, or after the run was cancelled, from counting as an unhandled rejection.
    void promise.catch(() => undefined);
    prepared.push(promise);
  };
  for (let k = 0; k < PREPARE_AHEAD && k < batches.length; k++) startPreparing(batches[k]);
  for (let i = 0; i < batches.length; i++) {
    const next = prepared.shift();
    if (!next) break;
    const ready = await next;
    if (i + PREPARE_AHEAD < batches.length && !callbacks.cancelled()) startPreparing(batches[i + PREPARE_AHEAD]);
    const embedded = await embedBatch(ready, deps, summary);
    await writing;
    writing = writeBatch(embedded, deps, callbacks, summary);
    done += batches[i].length;
    callbacks.onProgress(done);
    if (callbacks.cancelled()) break;
  }
  await writing;
}

async function prepareBatch(
  paths: string[],
  catalog: Map<string, FileRecord>,
  deps: PipelineDeps,
  callbacks: PipelineCallbacks,
  summary: IndexRunSummary,
): Promise<PreparedFile[]> {
  const read = await Promise.all(paths.map((path) => readSourceFile(deps.root, path, deps.maxFileSize)));
  const sources: SourceFile[] = [];
  const vanished: string[] = [];
  for (const result of read) {
    if ("reason" in result) {
      callbacks.onSkipped(result);
      if (catalog.has(result.path)) vanished.push(result.path);
      continue;
    }
    const known = catalog.get(result.path);
    if (known && known.contentHash === result.contentHash) {
      summary.filesUnchanged++;
      continue;
    }
    sources.push(result);
  }
  if (vanished.length > 0) {
    await deps.store.removeFiles(vanished);
    for (const path of vanished) {
      deps.symbols.removePath(path);
      deps.fileTerms.removeFile(path);
    }
    summary.filesRemoved += vanished.length;
  }
  // Content seen before (another branch, an undone edit) comes from the parse cache instead of the parser.
  const cached = await deps.store.cachedChunks(sources.map((s) => s.contentHash));
  return Promise.all(
    sources.map(async (source) => {
      const chunks = relocate(cached.get(source.contentHash), source.path) ?? (await chunkOrFallback(source, deps));
      const file: FileRecord = {
        path: source.path,
        contentHash: source.contentHash,
        size: source.size,
        mtimeMs: source.mtimeMs,
        chunkCount: chunks.length,
      };
      return { file, chunks };
    }),
  );
}

/** A cached chunk list may have been made for the same content at another path (a copy or a rename). */
function relocate(chunks: Chunk[] | undefined, path: string): Chunk[] | undefined {
  if (!chunks) return undefined;
  return chunks.map((chunk) => (chunk.path === path ? chunk : { ...chunk, path }));
}

async function chunkOrFallback(source: SourceFile, deps: PipelineDeps): Promise<Chunk[]> {
  try {
    return await deps.parsePool.chunk(source);
  } catch (error) {
    // A parser crash must not lose the file: index it as one plain-text chunk and say so in the log.
    deps.logger.warn(`Chunking ${source.path} failed (${(error as Error).message}); indexing it as plain text.`);
    const { wholeFileChunk } = await import("./wholeFileChunk");
    return [wholeFileChunk(source)];
  }
}

async function embedBatch(prepared: PreparedFile[], deps: PipelineDeps, summary: IndexRunSummary): Promise<PreparedFile[]> {
  const embedder = deps.embedder;
  if (!embedder || prepared.length === 0) return prepared;
  const hashes = [...new Set(prepared.flatMap((p) => p.chunks.map((c) => c.chunkHash)))];
  const vectors = await deps.store.cachedVectors(hashes);
  const missing = prepared.flatMap((p) => p.chunks).filter((c) => !vectors.has(c.chunkHash));
  const unique = [...new Map(missing.map((c) => [c.chunkHash, c])).values()];
  for (let i = 0; i < unique.length; i += deps.embedBatchSize) {
    const slice = unique.slice(i, i + deps.embedBatchSize);
    const embedded = await embedder.embed(slice.map(embeddingText), "document");
    slice.forEach((chunk, k) => vectors.set(chunk.chunkHash, embedded[k]));
    summary.embeddingsComputed += slice.length;
  }
  return prepared.map((p) => ({ ...p, vectors: p.chunks.map((c) => vectors.get(c.chunkHash) as Float32Array) }));
}

/**
 * What the embedder sees: the declared kind and name help a small model as much as the body. The path is left out
 * on purpose: vectors are cached by chunk hash, and the same code at another path (a copy, a rename) must reuse them.
 */
function embeddingText(chunk: Chunk): string {
  return chunk.symbol ? `${chunk.kind} ${chunk.symbol}\n${chunk.text}` : chunk.text;
}

async function writeBatch(
  prepared: PreparedFile[],
  deps: PipelineDeps,
  callbacks: PipelineCallbacks,
  summary: IndexRunSummary,
): Promise<void> {
  if (prepared.length === 0) return;
  await deps.store.writeFiles(prepared);
  for (const { file, chunks } of prepared) {
    deps.symbols.removePath(file.path);
    deps.symbols.add(file.path, chunks);
    deps.fileTerms.setFile(file.path, chunks.map((chunk) => chunk.text));
    callbacks.onIndexed(file.path);
  }
  summary.filesIndexed += prepared.length;
  summary.chunksWritten += prepared.reduce((n, p) => n + p.chunks.length, 0);
}
