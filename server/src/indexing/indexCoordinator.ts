import { posix } from "node:path";
import type { IndexRunSummary } from "../../../shared/protocol/indexing";
import type { Embedder } from "../embeddings/types";
import { discoverFiles } from "../indexer/discovery";
import type { ParsePool } from "../indexer/parsePool";
import type { WorkspaceFilter } from "../indexer/workspaceFilter";
import type { IndexStore } from "../store/indexStore";
import type { FileTermIndex } from "../search/fileTermIndex";
import type { SymbolIndex } from "../search/symbolIndex";
import type { Logger } from "../util/logger";
import { indexFiles, type PipelineCallbacks, type PipelineDeps } from "./filePipeline";
import { SerialQueue } from "./serialQueue";
import type { SkipLedger } from "./skipLedger";
import type { StatusTracker } from "./statusTracker";

export interface CoordinatorDeps {
  root: string;
  store: IndexStore;
  symbols: SymbolIndex;
  fileTerms: FileTermIndex;
  parsePool: ParsePool;
  embedder: Embedder | null;
  filter: WorkspaceFilter;
  maxFileSize: number;
  embedBatchSize: number;
  status: StatusTracker;
  skips: SkipLedger;
  logger: Logger;
}

export type FileChangeKind = "created" | "changed" | "deleted";

/** Names whose change alters which files are indexed at all: they trigger a rescan instead of a one-file update. */
const IGNORE_FILES = new Set([".gitignore", ".vibeignore"]);

/** How long file events are collected before they are processed: one save often fires several events. */
const CHANGE_DEBOUNCE_MS = 60;

/**
 * Keeps one workspace's index in step with its files: a full (incremental) scan at start and on demand, and
 * single-file updates as the editor or git changes files. All work goes through one queue, so the store has
 * one writer at a time even inside this process.
 */
export class IndexCoordinator {
  private readonly queue = new SerialQueue();
  private readonly pendingChanges = new Map<string, FileChangeKind>();
  private changeTimer: NodeJS.Timeout | undefined;
  private generation = 0;
  private disposed = false;

  constructor(private readonly deps: CoordinatorDeps) {}

  /** Scans the workspace and indexes what changed since the catalog was written. `full` drops everything first. */
  runFullScan(options: { full?: boolean } = {}): Promise<IndexRunSummary> {
    const generation = ++this.generation;
    return this.queue.run(() => this.scan(generation, options.full === true));
  }

  /** Records file events from the watcher; they are processed shortly after, in order with other work. */
  onFilesChanged(changes: Array<{ path: string; kind: FileChangeKind }>): void {
    for (const change of changes) this.pendingChanges.set(change.path, change.kind);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      const batch = [...this.pendingChanges.entries()];
      this.pendingChanges.clear();
      void this.queue.run(() => this.applyChanges(batch)).catch((error: Error) => {
        this.deps.logger.error(`Updating the index after file changes failed: ${error.stack ?? error.message}`);
      });
    }, CHANGE_DEBOUNCE_MS);
  }

  /** Resolves when all queued work, including debounced file events, has been processed. */
  async idle(): Promise<void> {
    while (this.changeTimer || this.queue.size > 0) {
      if (this.changeTimer) await new Promise((resolve) => setTimeout(resolve, CHANGE_DEBOUNCE_MS));
      await this.queue.idle();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    if (this.changeTimer) clearTimeout(this.changeTimer);
  }

  private async scan(generation: number, full: boolean): Promise<IndexRunSummary> {
    const { store, filter, status, skips, logger, root } = this.deps;
    const started = Date.now();
    const summary = emptySummary();
    status.setPhase("scanning");
    if (full) {
      const everything = [...(await store.catalog()).keys()];
      await store.removeFiles(everything);
      this.forget(everything);
    }
    const { files, skipped } = await discoverFiles(root, filter, logger);
    skips.replaceAll(skipped);
    const catalog = await store.catalog();
    const present = new Set(files.map((f) => f.path));
    const removed = [...catalog.keys()].filter((path) => !present.has(path));
    if (removed.length > 0) {
      await store.removeFiles(removed);
      this.forget(removed);
      summary.filesRemoved += removed.length;
    }
    // A file whose size and mtime match the catalog is taken as unchanged without reading it: that is what makes
    // reopening a 10k-file workspace take seconds. Anything else is read and hashed; same hash = still unchanged.
    const candidates = files.filter((f) => {
      const known = catalog.get(f.path);
      return !known || known.size !== f.size || known.mtimeMs !== f.mtimeMs;
    });
    summary.filesUnchanged += files.length - candidates.length;
    status.beginRun(candidates.length);
    await indexFiles(candidates.map((f) => f.path), this.pipelineDeps(), this.callbacks(generation), summary);
    if (generation === this.generation && (summary.filesIndexed > 200 || summary.filesRemoved > 200 || full)) {
      await store.optimize();
    }
    await this.publishTotals();
    summary.skipped = skips.counts();
    summary.durationMs = Date.now() - started;
    status.setSkipped(summary.skipped);
    if (!this.disposed) status.setPhase("ready");
    logger.info(
      `Index run: ${summary.filesIndexed} indexed, ${summary.filesUnchanged} unchanged, ${summary.filesRemoved} removed, ` +
        `${summary.embeddingsComputed} embeddings, ${summary.durationMs} ms.`,
    );
    return summary;
  }

  private async applyChanges(changes: Array<[string, FileChangeKind]>): Promise<void> {
    const { store, filter, skips, status } = this.deps;
    if (changes.some(([path]) => IGNORE_FILES.has(posix.basename(path)))) {
      filter.reload();
      await this.scan(++this.generation, false);
      return;
    }
    const catalog = await store.catalog();
    const toRemove: string[] = [];
    const toIndex: string[] = [];
    for (const [path, kind] of changes) {
      if (kind === "deleted") {
        // A deleted folder arrives as one event: everything the catalog holds below it goes.
        if (catalog.has(path)) toRemove.push(path);
        else for (const known of catalog.keys()) if (known.startsWith(`${path}/`)) toRemove.push(known);
        skips.delete(path);
        continue;
      }
      const reason = filter.classify(path, false);
      if (reason) {
        skips.add({ path, reason });
        if (catalog.has(path)) toRemove.push(path);
      } else {
        skips.delete(path);
        toIndex.push(path);
      }
    }
    if (toRemove.length > 0) {
      await store.removeFiles(toRemove);
      this.forget(toRemove);
    }
    const summary = emptySummary();
    await indexFiles(toIndex, this.pipelineDeps(), this.callbacks(this.generation), summary);
    status.setSkipped(skips.counts());
    await this.publishTotals();
  }

  /** Drops removed files from the in-memory indexes that mirror the store. */
  private forget(paths: string[]): void {
    for (const path of paths) {
      this.deps.symbols.removePath(path);
      this.deps.fileTerms.removeFile(path);
    }
  }

  private pipelineDeps(): PipelineDeps {
    const { root, store, symbols, fileTerms, parsePool, embedder, maxFileSize, embedBatchSize, logger } = this.deps;
    return { root, store, symbols, fileTerms, parsePool, embedder, maxFileSize, embedBatchSize, logger };
  }

  private callbacks(generation: number): PipelineCallbacks {
    const { status, skips } = this.deps;
    return {
      onSkipped: (entry) => skips.add(entry),
      onIndexed: (path) => skips.delete(path),
      onProgress: (done) => status.progress(done),
      cancelled: () => this.disposed || generation !== this.generation,
    };
  }

  private async publishTotals(): Promise<void> {
    const stats = await this.deps.store.stats();
    this.deps.status.setTotals({ indexedFiles: stats.files, chunks: stats.chunks, indexBytes: stats.bytes });
  }
}

export function emptySummary(): IndexRunSummary {
  return { filesIndexed: 0, filesUnchanged: 0, filesRemoved: 0, chunksWritten: 0, embeddingsComputed: 0, skipped: {}, durationMs: 0 };
}
