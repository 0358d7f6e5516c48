import { join } from "node:path";
import type { FindSimilarParams, SearchHit, SearchParams, SearchResult } from "../../shared/protocol/search";
import type { EmbedderStatus, IndexRunSummary, ListSkippedParams, SkipReason, SkippedFile } from "../../shared/protocol/indexing";
import type { VibeSettings } from "../../shared/settings";
import { createEmbedder } from "./embeddings/createEmbedder";
import type { Embedder } from "./embeddings/types";
import { ParsePool } from "./indexer/parsePool";
import { WorkspaceFilter } from "./indexer/workspaceFilter";
import { IndexCoordinator, type FileChangeKind } from "./indexing/indexCoordinator";
import { SkipLedger } from "./indexing/skipLedger";
import type { StatusTracker } from "./indexing/statusTracker";
import { findSimilar, hybridSearch } from "./search/hybridSearch";
import { FileTermIndex } from "./search/fileTermIndex";
import { SymbolIndex } from "./search/symbolIndex";
import { IndexStore } from "./store/indexStore";
import { tryAcquireWriterLock, type WriterLock } from "./store/writerLock";
import type { Logger } from "./util/logger";

export interface SessionOptions {
  root: string;
  storagePath: string;
  modelCachePath: string;
  grammarDir?: string;
  settings: VibeSettings;
  /** Run a scan as soon as the store is open (VS Code); the CLI asks for runs itself. */
  autoIndex: boolean;
  status: StatusTracker;
  logger: Logger;
  /** Tells the user something once (window/showMessage in VS Code, stderr in the CLI). */
  notify: (severity: "info" | "warning" | "error", message: string) => void;
}

/** How often a read-only session checks whether the other window let go of the index. */
const LOCK_RETRY_MS = 2000;

/**
 * One open workspace index: the embedder, the store, the symbol index and, when this process holds the writer
 * lock, the coordinator that keeps it up to date. Settings that change the index's shape (the embedder) make the
 * server build a new session; everything else is applied in place.
 */
export class WorkspaceSession {
  private store: IndexStore | undefined;
  private coordinator: IndexCoordinator | undefined;
  private parsePool: ParsePool | undefined;
  private embedder: Embedder | null = null;
  private lock: WriterLock | null = null;
  private filter: WorkspaceFilter;
  private readonly symbols = new SymbolIndex();
  private readonly fileTerms = new FileTermIndex();
  private readonly skips = new SkipLedger();
  private lockTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly ready: Promise<void>;

  /** The index owns this folder alone (recovery may clear it); other capabilities use siblings under storagePath. */
  private readonly indexDir: string;

  constructor(private readonly options: SessionOptions) {
    this.indexDir = join(options.storagePath, "index");
    this.filter = this.makeFilter(options.settings);
    this.ready = this.open();
  }

  get settings(): VibeSettings {
    return this.options.settings;
  }

  /** Resolves once the store is open (and, for the writer, the first scan has been queued). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  async indexNow(full: boolean): Promise<IndexRunSummary> {
    await this.ready;
    if (!this.coordinator) throw new Error("Another window is indexing this folder; this one only reads the index.");
    return this.coordinator.runFullScan({ full });
  }

  onFilesChanged(changes: Array<{ path: string; kind: FileChangeKind }>): void {
    this.coordinator?.onFilesChanged(changes);
  }

  /** Applies settings that do not need a new session: filters and limits. */
  updateSettings(settings: VibeSettings): void {
    const indexChanged = JSON.stringify(settings.index) !== JSON.stringify(this.options.settings.index);
    this.options.settings = settings;
    if (indexChanged) {
      this.filter = this.makeFilter(settings);
      if (this.coordinator) {
        this.coordinator.dispose();
        this.coordinator = this.makeCoordinator();
        void this.coordinator.runFullScan().catch((error: Error) => this.reportRunFailure(error));
      }
    }
  }

  async search(params: SearchParams): Promise<SearchResult> {
    await this.ready;
    const result = await hybridSearch(this.searchDeps(), params, this.options.settings.search);
    return { ...result, partial: result.partial || this.options.status.current().phase !== "ready" };
  }

  async findSimilar(params: FindSimilarParams): Promise<SearchResult> {
    await this.ready;
    return findSimilar(this.searchDeps(), params, this.options.settings.search);
  }

  /**
   * Files containing the identifier `name` (its whole lower-cased form is one term of the whole-file index), most
   * occurrences per length first. While the index is still loading this answers from what is loaded; undefined
   * while nothing is, so the caller can fall back to a search.
   */
  async filesMentioning(name: string, limit: number): Promise<string[] | undefined> {
    await this.ready;
    if (this.fileTerms.size === 0) return undefined;
    const term = name.replace(/\$/g, "").toLowerCase();
    return this.fileTerms.search([term], limit).map((entry) => entry.path);
  }

  /** Why the indexer skips a workspace-relative file, or null when it indexes it (the same filter as the scans). */
  skipReason(relPath: string): SkipReason | null {
    return this.filter.classify(relPath, false);
  }

  /** Chunks defining `name` exactly, straight from the symbol index: what context assembly needs, without a search. */
  async findDefinitions(name: string, limit: number): Promise<SearchHit[]> {
    await this.ready;
    return this.symbols
      .lookup([name])
      .filter((match) => match.exact)
      .slice(0, limit)
      .map((match) => {
        const hit: SearchHit = {
          path: match.ref.path,
          startLine: match.ref.startLine,
          endLine: match.ref.endLine,
          score: match.strength,
          language: "",
          kind: "definition",
          preview: "",
          reasons: [{ kind: "symbol", symbol: match.name, exact: true }, { kind: "definition" }],
        };
        if (match.ref.symbol !== undefined) hit.symbol = match.ref.symbol;
        return hit;
      });
  }

  listSkipped(params: ListSkippedParams): SkippedFile[] {
    return this.skips.list(params.reason, params.limit);
  }

  /** Waits for queued index work (used by the CLI and tests). */
  async idle(): Promise<void> {
    await this.ready;
    await this.coordinator?.idle();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.lockTimer) clearTimeout(this.lockTimer);
    await this.ready.catch(() => undefined);
    this.coordinator?.dispose();
    await this.coordinator?.idle().catch(() => undefined);
    await this.parsePool?.dispose();
    await this.embedder?.dispose();
    await this.store?.close();
    await this.lock?.release();
  }

  private async open(): Promise<void> {
    const { status, logger, settings } = this.options;
    this.embedder = await this.startEmbedder(settings);
    const usable = this.embedder && this.embedder.status().state === "ready" ? this.embedder : null;
    this.lock = await tryAcquireWriterLock(this.indexDir);
    status.setReadOnly(this.lock === null);
    if (!this.lock) {
      status.setPhase("waiting-for-lock", "Another window is indexing this folder; searching its index read-only.");
    }
    const { store, recovered } = await IndexStore.open({
      storagePath: this.indexDir,
      embedderKey: usable?.key ?? null,
      dimensions: usable?.dimensions ?? null,
      logger,
      readOnly: this.lock === null,
    });
    this.store = store;
    this.embedder = usable ?? this.embedder;
    if (recovered) this.options.notify("warning", recovered);
    for (const entry of await store.allDefinitions()) this.symbols.addDefinition(entry);
    if (this.disposed) return;
    if (this.lock) await this.startWriting();
    else {
      this.scheduleFileTermLoad(store);
      this.scheduleLockRetry();
    }
  }

  private async loadFileTerms(store: IndexStore): Promise<void> {
    const started = Date.now();
    // Streamed batch by batch: a file's chunks usually sit together, and when they do not, appending merges them.
    // The first sight of a path in this load replaces whatever an earlier load left for it.
    const seen = new Set<string>();
    this.fileTerms.beginLoad();
    await store.forEachChunkTextBatch((rows) => {
      const byPath = new Map<string, string[]>();
      for (const { path, text } of rows) {
        const texts = byPath.get(path);
        if (texts) texts.push(text);
        else byPath.set(path, [text]);
      }
      for (const [path, texts] of byPath) {
        this.fileTerms.loadFile(path, texts, !seen.has(path));
        seen.add(path);
      }
    }).finally(() => this.fileTerms.endLoad());
    this.options.logger.info(`Whole-file term index: ${this.fileTerms.size} files in ${Date.now() - started} ms.`);
  }

  /**
   * Loading every chunk's text takes a moment on a large index, so it does not hold up opening: search works
   * without the whole-file signal meanwhile, and index runs do not wait for it (that kept reopening under 3 s at
   * 10k files). Writes that land during the load win over it: see `FileTermIndex.beginLoad`.
   */
  private scheduleFileTermLoad(store: IndexStore): void {
    const load = () => this.loadFileTerms(store).catch((error: Error) => this.options.logger.warn(`Loading the whole-file term index failed: ${error.message}`));
    void load();
  }

  private async startWriting(): Promise<void> {
    this.parsePool = this.parsePool ?? new ParsePool({ grammarDir: this.options.grammarDir });
    this.coordinator = this.makeCoordinator();
    this.scheduleFileTermLoad(this.store as IndexStore);
    this.options.status.setReadOnly(false);
    if (this.options.autoIndex) void this.coordinator.runFullScan().catch((error: Error) => this.reportRunFailure(error));
    else await this.publishIdleStatus();
  }

  private scheduleLockRetry(): void {
    this.lockTimer = setTimeout(async () => {
      if (this.disposed) return;
      try {
        await this.store?.refresh();
        const lock = await tryAcquireWriterLock(this.indexDir);
        if (lock && !this.disposed) {
          this.lock = lock;
          this.options.logger.info("The other window released the index; this window now keeps it up to date.");
          // The store was opened read-only; reopen it for writing before the first scan.
          await this.store?.close();
          const usable = this.embedder && this.embedder.status().state === "ready" ? this.embedder : null;
          const { store } = await IndexStore.open({
            storagePath: this.indexDir,
            embedderKey: usable?.key ?? null,
            dimensions: usable?.dimensions ?? null,
            logger: this.options.logger,
          });
          this.store = store;
          await this.startWriting();
          return;
        }
        const stats = await this.store?.stats();
        if (stats) this.options.status.setTotals({ indexedFiles: stats.files, chunks: stats.chunks, indexBytes: stats.bytes });
        this.options.status.setPhase("ready", "Another window keeps this index up to date; this one reads it.");
      } catch (error) {
        this.options.logger.warn(`Read-only index refresh failed: ${(error as Error).message}`);
      }
      this.scheduleLockRetry();
    }, LOCK_RETRY_MS);
  }

  private async startEmbedder(settings: VibeSettings): Promise<Embedder | null> {
    const { status, logger, modelCachePath } = this.options;
    const loading: EmbedderStatus = { provider: settings.embeddings.provider, model: settings.embeddings.model, state: "loading" };
    status.setEmbedder(settings.embeddings.provider === "none" ? { provider: "none", state: "off" } : loading);
    const embedder = await createEmbedder(settings.embeddings, { modelCachePath, logger });
    const embedderStatus = embedder?.status() ?? { provider: "none", state: "off" };
    status.setEmbedder(embedderStatus);
    if (embedderStatus.state === "failed" && embedderStatus.message) {
      this.options.notify("warning", `${embedderStatus.message} Search keeps working without semantic matching.`);
    }
    return embedder;
  }

  private makeFilter(settings: VibeSettings): WorkspaceFilter {
    return new WorkspaceFilter(this.options.root, settings.index);
  }

  private makeCoordinator(): IndexCoordinator {
    const store = this.store as IndexStore;
    const usable = this.embedder && this.embedder.status().state === "ready" ? this.embedder : null;
    return new IndexCoordinator({
      root: this.options.root,
      store,
      symbols: this.symbols,
      fileTerms: this.fileTerms,
      parsePool: this.parsePool as ParsePool,
      embedder: usable,
      filter: this.filter,
      maxFileSize: this.options.settings.index.maxFileSize,
      embedBatchSize: this.options.settings.embeddings.batchSize,
      status: this.options.status,
      skips: this.skips,
      logger: this.options.logger,
    });
  }

  private searchDeps() {
    const usable = this.embedder && this.embedder.status().state === "ready" ? this.embedder : null;
    return { store: this.store as IndexStore, symbols: this.symbols, fileTerms: this.fileTerms, embedder: usable, logger: this.options.logger };
  }

  /** Without an automatic first run the status still has to show what the index already holds. */
  private async publishIdleStatus(): Promise<void> {
    const stats = await this.store?.stats();
    if (stats) this.options.status.setTotals({ indexedFiles: stats.files, chunks: stats.chunks, indexBytes: stats.bytes });
    this.options.status.setPhase("ready");
  }

  private reportRunFailure(error: Error): void {
    this.options.logger.error(`Indexing failed: ${error.stack ?? error.message}`);
    this.options.status.setPhase("error", `Indexing failed: ${error.message}`);
    this.options.notify("error", `Vibe Coder could not index this folder: ${error.message}`);
  }
}
