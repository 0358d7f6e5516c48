import { existsSync } from "node:fs";
import * as lancedb from "@lancedb/lancedb";
import type { Connection, Table } from "@lancedb/lancedb";
import type { Chunk } from "../indexer/types";
import type { Logger } from "../util/logger";
import { lookupChunks, lookupVectors, readRowsOfPaths, retireToCaches } from "./caches";
import { CHUNKER_VERSION } from "./chunkerVersion";
import { repairConsistency } from "./consistency";
import { configureLanceRuntime } from "./lanceRuntime";
import { compact, ensureIndexes, pruneCaches } from "./maintenance";
import { clearStorage, describeError, ensureLocalDirectory, isRemoteStorage, recoveredMessage } from "./recovery";
import { chunksById, definitionRows, type DefinitionEntry, fullTextRows, nearestRows, type SearchFilter, visitTextBatches } from "./chunkQueries";
import { chunkId, chunkToRow, type FileRecord, rowToFileRecord, type StoredChunk } from "./rows";
import { catalogSchema, chunksSchema, tableNamesFor, type TableNames } from "./schema";
import { inChunks, sqlIn } from "./sql";
import { openCacheTables, openIndexTables, type StoreTables, UnusableTableError } from "./tables";

export type { FileRecord, StoredChunk } from "./rows";
export type { DefinitionEntry, SearchFilter } from "./chunkQueries";

export interface OpenStoreOptions {
  /** A local directory (or an object-store URI) owned by the index store alone. */
  storagePath: string;
  /** The embedder's key, or null for a lexical-only index; each key has its own tables. */
  embedderKey: string | null;
  dimensions: number | null;
  logger: Logger;
  /** Open without writing anything (another process holds the writer lock). */
  readOnly?: boolean;
}

export interface WriteFileEntry {
  file: FileRecord;
  chunks: Chunk[];
  /** One vector per chunk (same order), when an embedder is on. */
  vectors?: Float32Array[];
}

/**
 * Small writes (saves of a few files) since the last compaction after which a write compacts on its own, to keep
 * versions and fragments few. Large batches do not count: they come from a full run, which the coordinator ends
 * with `optimize()`, and compacting in the middle of one would re-index the full-text column again and again.
 */
const AUTO_COMPACT_AFTER_COMMITS = 60;
const SMALL_WRITE_FILES = 20;

/**
 * The workspace's chunk index on LanceDB: one chunks table and one catalog per (workspace, embedder). Writes are
 * crash-safe (see consistency.ts); a corrupted or incompatible index is cleared and reported once on open.
 */
export class IndexStore {
  private catalogMap = new Map<string, FileRecord>();
  /** Paths that may have chunk rows: the catalog plus paths of writes that failed halfway in this session. */
  private readonly pathsWithRows = new Set<string>();
  private commitsSinceCompaction = 0;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    /** Null only in a read-only store opened before the writer created the directory. */
    private db: Connection | null,
    private tables: StoreTables,
    private readonly names: TableNames,
    private readonly options: OpenStoreOptions,
  ) {}

  static async open(options: OpenStoreOptions): Promise<{ store: IndexStore; recovered?: string }> {
    configureLanceRuntime();
    const names = tableNamesFor(options.embedderKey);
    const readOnly = options.readOnly === true;
    if (readOnly) return IndexStore.openReadOnly(options, names);

    const movedAside = ensureLocalDirectory(options.storagePath);
    let recovered = movedAside ? recoveredMessage(options.storagePath, `a file was in its place; it was moved to ${movedAside}`) : undefined;
    const openOptions = { names, dimensions: options.dimensions, readOnly: false };
    let db = await lancedb.connect(options.storagePath);
    let tables: StoreTables;
    let catalog: Map<string, FileRecord>;
    try {
      tables = await openIndexTables(db, openOptions);
      ({ catalog } = await repairConsistency(required(tables.chunks), required(tables.catalog), options.logger));
    } catch (error) {
      const reason = error instanceof UnusableTableError ? error.reason : `it is unreadable: ${describeError(error)}`;
      options.logger.error(`Search index unusable: ${error instanceof Error ? error.message : String(error)}. Rebuilding it.`);
      if (error instanceof UnusableTableError && !error.reason.startsWith("its files are unreadable")) {
        // A readable table with the wrong schema (another embedder dimension, an older version): drop just ours.
        for (const name of [names.chunks, names.catalog]) await db.dropTable(name).catch(() => undefined);
      } else {
        await clearStorage(options.storagePath, db);
        db.close();
        db = await lancedb.connect(options.storagePath);
      }
      tables = await openIndexTables(db, openOptions);
      ({ catalog } = await repairConsistency(required(tables.chunks), required(tables.catalog), options.logger));
      recovered = recoveredMessage(options.storagePath, reason);
    }
    const caches = await openCacheTables(db, openOptions, (message) => options.logger.warn(message));
    const store = new IndexStore(db, { ...tables, ...caches }, names, options);
    store.catalogMap = catalog;
    for (const path of catalog.keys()) store.pathsWithRows.add(path);
    return recovered ? { store, recovered } : { store };
  }

  private static async openReadOnly(options: OpenStoreOptions, names: TableNames): Promise<{ store: IndexStore }> {
    const store = new IndexStore(null, { chunks: null, catalog: null, vectorCache: null, parseCache: null }, names, options);
    await store.openReadOnlyTables();
    await store.reloadCatalog();
    return { store };
  }

  /** Connecting would create a missing local directory, so a reader waits until the writer has made it. */
  private async openReadOnlyTables(): Promise<void> {
    const { storagePath, logger } = this.options;
    if (!this.db) {
      if (!isRemoteStorage(storagePath) && !existsSync(storagePath)) return;
      this.db = await lancedb.connect(storagePath);
    }
    const openOptions = { names: this.names, dimensions: this.options.dimensions, readOnly: true };
    try {
      this.tables = { ...(await openIndexTables(this.db, openOptions)), ...(await openCacheTables(this.db, openOptions, () => undefined)) };
    } catch (error) {
      // A reader must not repair anything; it searches nothing until the writer has rebuilt the index.
      logger.warn(`The search index is not readable yet (${describeError(error)}); the indexing process will rebuild it.`);
    }
  }

  private get readOnly(): boolean {
    return this.options.readOnly === true;
  }

  private get hasVector(): boolean {
    return this.options.dimensions !== null;
  }

  /** Runs writes one at a time, in call order, even when callers do not await each other. */
  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private assertWritable(): void {
    if (this.readOnly) throw new Error("The search index is open read-only: another Vibe Coder process is indexing this workspace.");
  }

  async catalog(): Promise<Map<string, FileRecord>> {
    return new Map([...this.catalogMap].map(([path, record]) => [path, { ...record }]));
  }

  async writeFiles(batch: WriteFileEntry[]): Promise<void> {
    this.assertWritable();
    if (batch.length === 0) return;
    await this.serialize(() => this.writeFilesNow(batch));
  }

  private async writeFilesNow(batch: WriteFileEntry[]): Promise<void> {
    const chunks = required(this.tables.chunks);
    const byPath = new Map<string, WriteFileEntry>();
    for (const entry of batch) byPath.set(entry.file.path, entry);
    const rows: Record<string, unknown>[] = [];
    const records: FileRecord[] = [];
    for (const { file, chunks: fileChunks, vectors } of byPath.values()) {
      if (vectors && vectors.length !== fileChunks.length) {
        throw new Error(`writeFiles: ${file.path} has ${fileChunks.length} chunks but ${vectors.length} vectors.`);
      }
      // Chunks are stored under the file's path whatever their own `path` says (parse-cache hits come from
      // wherever the content was seen first); a repeated ordinal keeps the last chunk, as ids must be unique.
      const unique = new Map<string, Record<string, unknown>>();
      fileChunks.forEach((chunk, index) => {
        const vector = vectors?.[index];
        if (vector && this.options.dimensions !== null && vector.length !== this.options.dimensions) {
          throw new Error(`writeFiles: a vector of ${file.path} has ${vector.length} dimensions, expected ${this.options.dimensions}.`);
        }
        unique.set(chunkId(file.path, chunk.ordinal), chunkToRow(chunk, file.path, file.contentHash, vector, this.hasVector));
      });
      if (unique.size !== fileChunks.length) this.options.logger.warn(`${file.path}: ${fileChunks.length - unique.size} chunk(s) repeated an ordinal and were dropped.`);
      rows.push(...unique.values());
      records.push({ ...file, chunkCount: unique.size });
    }
    const paths = [...byPath.keys()];
    const replaced = paths.filter((path) => this.pathsWithRows.has(path));
    await this.retire(replaced, new Set(records.map((record) => record.contentHash)));

    for (const path of paths) this.pathsWithRows.add(path);
    // Chunks first, catalog second: a crash in between leaves rows the catalog does not vouch for, which the
    // consistency pass on the next open removes.
    if (replaced.length === 0) {
      if (rows.length > 0) await chunks.add(lancedb.makeArrowTable(rows, { schema: chunksSchema(this.options.dimensions) }));
    } else if (rows.length === 0) {
      for (const group of inChunks(replaced)) await chunks.delete(sqlIn("path", group));
    } else {
      const scope = inChunks(replaced).map((group) => sqlIn("path", group)).join(" OR ");
      await chunks
        .mergeInsert("id")
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .whenNotMatchedBySourceDelete({ where: scope })
        .execute(lancedb.makeArrowTable(rows, { schema: chunksSchema(this.options.dimensions) }));
    }
    const catalogRows = records.map((record) => ({ ...record, chunkerVersion: CHUNKER_VERSION }));
    const catalogData = lancedb.makeArrowTable(catalogRows, { schema: catalogSchema() });
    const catalogTable = required(this.tables.catalog);
    if (records.some((record) => this.catalogMap.has(record.path))) {
      await catalogTable.mergeInsert("path").whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(catalogData);
    } else {
      await catalogTable.add(catalogData);
    }
    for (const record of records) this.catalogMap.set(record.path, record);
    if (records.length <= SMALL_WRITE_FILES) await this.afterCommits(2);
  }

  async removeFiles(paths: string[]): Promise<void> {
    this.assertWritable();
    if (paths.length === 0) return;
    await this.serialize(async () => {
      const present = [...new Set(paths)].filter((path) => this.pathsWithRows.has(path) || this.catalogMap.has(path));
      if (present.length === 0) return;
      await this.retire(present, new Set());
      // Catalog first: if the process dies before the rows go, they are orphans the next open removes.
      const inCatalog = present.filter((path) => this.catalogMap.has(path));
      for (const group of inChunks(inCatalog)) await required(this.tables.catalog).delete(sqlIn("path", group));
      for (const path of present) this.catalogMap.delete(path);
      for (const group of inChunks(present)) await required(this.tables.chunks).delete(sqlIn("path", group));
      for (const path of present) this.pathsWithRows.delete(path);
      if (present.length <= SMALL_WRITE_FILES) await this.afterCommits(2);
    });
  }

  /** Keeps what is about to be replaced in the caches; a cache failure never blocks indexing. */
  private async retire(paths: string[], stillLive: Set<string>): Promise<void> {
    if (paths.length === 0 || (!this.tables.parseCache && !this.tables.vectorCache)) return;
    try {
      const rows = await readRowsOfPaths(required(this.tables.chunks), paths, this.hasVector);
      await retireToCaches(rows, this.catalogMap, stillLive, this.tables);
    } catch (error) {
      this.options.logger.warn(`Could not keep replaced chunks in the cache: ${describeError(error)}`);
    }
  }

  private async afterCommits(count: number): Promise<void> {
    this.commitsSinceCompaction += count;
    if (this.commitsSinceCompaction < AUTO_COMPACT_AFTER_COMMITS) return;
    this.commitsSinceCompaction = 0;
    await compact(this.allTables(), this.options.logger);
  }

  private allTables(): Array<Table | null> {
    return [this.tables.chunks, this.tables.catalog, this.tables.vectorCache, this.tables.parseCache];
  }

  async cachedVectors(chunkHashes: string[]): Promise<Map<string, Float32Array>> {
    if (!this.hasVector || chunkHashes.length === 0) return new Map();
    return this.read(() => lookupVectors(this.tables.chunks, this.tables.vectorCache, chunkHashes));
  }

  async cachedChunks(contentHashes: string[]): Promise<Map<string, Chunk[]>> {
    if (contentHashes.length === 0) return new Map();
    return this.read(() => lookupChunks(this.tables.chunks, this.tables.parseCache, this.catalogMap, contentHashes));
  }

  async fullTextSearch(terms: string[], limit: number, filter?: SearchFilter): Promise<Array<StoredChunk & { score: number }>> {
    const unique = [...new Set(terms.map((term) => term.trim()).filter((term) => term.length > 0))];
    if (unique.length === 0 || limit <= 0) return [];
    return this.read(async () => (this.tables.chunks ? fullTextRows(this.tables.chunks, unique, limit, filter) : []));
  }

  async vectorSearch(vector: Float32Array, limit: number, filter?: SearchFilter): Promise<Array<StoredChunk & { distance: number }>> {
    if (!this.hasVector || limit <= 0) return [];
    if (vector.length !== this.options.dimensions) throw new Error(`vectorSearch: the query vector has ${vector.length} dimensions, expected ${this.options.dimensions}.`);
    return this.read(async () => (this.tables.chunks ? nearestRows(this.tables.chunks, vector, limit, filter) : []));
  }

  /** Chunks by id (for symbol and path candidates, which the in-memory symbol index knows only by reference). */
  async getChunks(ids: string[]): Promise<StoredChunk[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    return this.read(async () => (this.tables.chunks ? chunksById(this.tables.chunks, unique) : []));
  }

  async allDefinitions(): Promise<DefinitionEntry[]> {
    return this.read(async () => (this.tables.chunks ? definitionRows(this.tables.chunks) : []));
  }

  /**
   * Every chunk's path and text, handed over one record batch at a time, so a caller that folds them into an
   * in-memory index never holds all the texts at once (they are most of the index's size).
   */
  async forEachChunkTextBatch(visit: (batch: Array<{ path: string; text: string }>) => void): Promise<void> {
    await this.read(async () => (this.tables.chunks ? visitTextBatches(this.tables.chunks, visit) : undefined));
  }

  async stats(): Promise<{ files: number; chunks: number; bytes: number }> {
    return this.read(async () => {
      let bytes = 0;
      for (const table of this.allTables()) if (table) bytes += (await table.stats()).totalBytes;
      const chunks = this.tables.chunks ? await this.tables.chunks.countRows() : 0;
      return { files: this.catalogMap.size, chunks, bytes };
    });
  }

  /** For a read-only store: picks up the writer's newest committed data (and tables it created since). */
  async refresh(): Promise<void> {
    if (!this.readOnly) return;
    if (!this.tables.chunks || !this.tables.catalog) await this.openReadOnlyTables();
    for (const table of this.allTables()) if (table) await table.checkoutLatest();
    await this.reloadCatalog();
  }

  private async reloadCatalog(): Promise<void> {
    const catalog = new Map<string, FileRecord>();
    if (this.tables.catalog) {
      for (const row of await this.tables.catalog.query().select(["path", "contentHash", "size", "mtimeMs", "chunkCount"]).toArray()) {
        const record = rowToFileRecord(row as Record<string, unknown>);
        catalog.set(record.path, record);
      }
    }
    this.catalogMap = catalog;
  }

  /**
   * Reads run directly. In a read-only store the writer may have pruned the version being read; one refresh and
   * retry recovers from that.
   */
  private async read<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!this.readOnly) throw error;
      await this.refresh();
      return work();
    }
  }

  /** Compaction, pruning of old versions and stale cache entries, and building the indexes the size calls for. */
  async optimize(): Promise<void> {
    this.assertWritable();
    await this.serialize(async () => {
      await ensureIndexes(required(this.tables.chunks), this.hasVector, this.options.logger);
      await pruneCaches([this.tables.vectorCache, this.tables.parseCache], this.options.logger);
      await compact(this.allTables(), this.options.logger);
      this.commitsSinceCompaction = 0;
    });
  }

  async close(): Promise<void> {
    await this.queue;
    for (const table of this.allTables()) table?.close();
    this.db?.close();
  }
}

function required(table: Table | null): Table {
  if (!table) throw new Error("The search index tables are missing.");
  return table;
}
