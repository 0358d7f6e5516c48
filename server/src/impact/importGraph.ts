import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Logger } from "../util/logger";
import { IdentifierIndex, type IdentifierList } from "./identifierIndex";
import { importsOfText, type ImportRecord } from "./importExtract";
import { contentHash, type ImportRecordCache } from "./importRecordCache";
import { importLanguageOf, type ImportLanguage, type SourceParser } from "./parsers";
import { ModuleResolver } from "./resolve";

/** `from` imports `to`; `line` and `specifier` are the evidence shown to the user. */
export interface ImportEdge {
  from: string;
  to: string;
  line: number;
  specifier: string;
  names: string[];
  typeOnly: boolean;
  kind: ImportRecord["kind"];
}

export interface Dependent {
  path: string;
  /** 1 for a direct importer, 2 for an importer of an importer, ... */
  depth: number;
  /** The edge that reached this file (its import of the previous file on the path). */
  via: ImportEdge;
}

/** File-level import graph with both directions indexed; paths are workspace-relative. */
export class ImportGraph {
  private readonly outgoing = new Map<string, ImportEdge[]>();
  private readonly incoming = new Map<string, Map<string, ImportEdge>>();

  /** Replaces everything `from` imports (after a file changed). */
  setImports(from: string, edges: ImportEdge[]): void {
    this.removeFile(from);
    this.outgoing.set(from, edges);
    for (const edge of edges) {
      let importers = this.incoming.get(edge.to);
      if (!importers) this.incoming.set(edge.to, (importers = new Map()));
      // One edge per (importer, imported) pair is enough for ranking; keep the first statement as evidence.
      if (!importers.has(from)) importers.set(from, edge);
    }
  }

  removeFile(from: string): void {
    for (const edge of this.outgoing.get(from) ?? []) this.incoming.get(edge.to)?.delete(from);
    this.outgoing.delete(from);
  }

  importsOf(file: string): ImportEdge[] {
    return this.outgoing.get(file) ?? [];
  }

  importersOf(file: string): ImportEdge[] {
    return [...(this.incoming.get(file)?.values() ?? [])];
  }

  /** Files that import `file` directly or through others, nearest first (breadth-first), up to `maxDepth`. */
  dependents(file: string, maxDepth = Number.POSITIVE_INFINITY, limit = 10_000): Dependent[] {
    const seen = new Set([file]);
    const result: Dependent[] = [];
    let frontier = [file];
    for (let depth = 1; frontier.length > 0 && depth <= maxDepth; depth += 1) {
      const next: string[] = [];
      for (const current of frontier) {
        for (const edge of this.importersOf(current)) {
          if (seen.has(edge.from)) continue;
          seen.add(edge.from);
          result.push({ path: edge.from, depth, via: edge });
          if (result.length >= limit) return result;
          next.push(edge.from);
        }
      }
      frontier = next;
    }
    return result;
  }

  get fileCount(): number {
    return this.outgoing.size;
  }

  get edgeCount(): number {
    let count = 0;
    for (const edges of this.outgoing.values()) count += edges.length;
    return count;
  }
}

export interface BuildImportGraphOptions {
  /** Absolute workspace folder. */
  root: string;
  /** Workspace-relative paths of every file (sources plus package.json files, so workspace packages resolve). */
  files: readonly string[];
  parser: SourceParser;
  logger?: Logger;
  /** Files larger than this are not parsed (generated bundles); default 1 MiB. */
  maxFileBytes?: number;
  signal?: AbortSignal;
  /** Import records saved by an earlier build: unchanged files are not parsed again. */
  recordCache?: ImportRecordCache;
  /** Parses files for the build somewhere else (the server's parse workers); on this thread when omitted. */
  extractor?: ImportExtractor;
}

/** Reads a file's import statements off the calling thread. `ParsePool` is one. */
export interface ImportExtractor {
  imports(path: string, language: ImportLanguage, text: string): Promise<ImportRecord[]>;
}

/** A file read by `build`, waiting for its records (from the cache, this thread or an extractor) to be applied. */
interface PendingFile {
  file: string;
  hash: string | undefined;
  records: ImportRecord[] | Promise<ImportRecord[] | undefined> | undefined;
  /** Its identifiers as read now (the index may change before the batch is applied). */
  identifiers: IdentifierList | undefined;
  /** Records and identifiers both came from the cache: nothing new to store. */
  cached: boolean;
}

/** Files read between two yields to the event loop (and handed to the extractor together). */
const BUILD_BATCH = 64;

/**
 * Builds the import graph from source files, parsing each with tree-sitter, and keeps what it needs to update a
 * single file later. Unreadable or oversized files are skipped and logged, never fatal.
 */
export class ImportGraphBuilder {
  readonly graph = new ImportGraph();
  /** Filled from the same reads as the graph, so ranking can compare what files are about without reading them again. */
  readonly identifiers = new IdentifierIndex();
  private readonly resolver: ModuleResolver;
  private readonly fileSet: Set<string>;
  /** Files the extractor failed on during `build` (parsed on this thread instead). */
  workerFailures = 0;

  constructor(private readonly options: BuildImportGraphOptions) {
    this.fileSet = new Set(options.files);
    this.resolver = new ModuleResolver(this.fileSet, (relative) => {
      try {
        return readFileSync(path.join(options.root, relative), "utf8");
      } catch {
        return undefined;
      }
    });
  }

  /**
   * Reads every file. Files go in batches: while an extractor parses one batch, the next is read, and each batch is
   * applied in file order, so the graph does not depend on which worker finished first.
   */
  async build(): Promise<ImportGraph> {
    let batch: string[] = [];
    let applying: Promise<void> = Promise.resolve();
    const flush = async (): Promise<void> => {
      const pending = await this.readBatch(batch);
      batch = [];
      await applying;
      applying = this.applyBatch(pending);
      // Yield now and then so a large workspace never blocks the server's message loop for long.
      await yieldToEventLoop();
    };
    for (const file of this.fileSet) {
      if (this.options.signal?.aborted) break;
      if (!importLanguageOf(file)) continue;
      batch.push(file);
      if (batch.length >= BUILD_BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    await applying;
    this.options.recordCache?.keepOnly(this.fileSet);
    return this.graph;
  }

  /** Reads a batch of files: identifiers now, import records from the cache, this thread's parser or the extractor. */
  private async readBatch(files: string[]): Promise<PendingFile[]> {
    const { recordCache: cache, extractor } = this.options;
    const pending: PendingFile[] = [];
    // Read together: the reads overlap in libuv's thread pool instead of waiting on one another.
    const contents = await Promise.all(files.map((file) => this.read(file)));
    for (const [index, file] of files.entries()) {
      const bytes = contents[index];
      if (bytes === undefined) continue;
      const hash = cache ? contentHash(bytes) : undefined;
      const cached = hash === undefined ? undefined : cache?.get(file, hash);
      // Decoded only when something has to read the text: a reopened workspace mostly finds both parts cached.
      let text: string | undefined;
      const textOf = (): string => (text ??= bytes.toString("utf8"));
      if (cached?.identifiers) this.identifiers.setFileIdentifiers(file, cached.identifiers);
      else this.identifiers.setFile(file, textOf());
      const identifiers = this.identifiers.identifiersOf(file);
      if (cached?.identifiers && identifiers) cache?.shareIdentifiers(file, identifiers);
      const language = importLanguageOf(file) as ImportLanguage;
      let records: PendingFile["records"] = cached?.records;
      if (!cached && extractor) {
        // Workers that failed to start, or died on this file, leave it to this thread: the build used to parse
        // everything here, so that is no worse, and a graph missing a file's imports would mislead every ranking.
        const fileText = textOf();
        records = extractor.imports(file, language, fileText).catch((error: Error) => {
          // One line is enough: when the workers could not start, every file fails the same way.
          if (this.workerFailures++ === 0) this.options.logger?.warn(`Import graph: a parse worker failed on ${file} (${error.message}); such files are parsed on the main thread`);
          return this.parseRecords(file, fileText);
        });
      } else if (!cached) records = this.parseRecords(file, textOf());
      pending.push({ file, hash, records, identifiers, cached: cached?.identifiers !== undefined });
    }
    return pending;
  }

  private async applyBatch(pending: PendingFile[]): Promise<void> {
    for (const entry of pending) {
      const records = await entry.records;
      if (!records) continue;
      this.updateFromRecords(entry.file, records);
      if (!entry.cached && entry.hash !== undefined) this.options.recordCache?.set(entry.file, entry.hash, records, entry.identifiers);
    }
  }

  /** Re-reads one file after it changed on disk (or drops it when it is gone). */
  async refreshFile(file: string): Promise<void> {
    const bytes = await this.read(file);
    if (bytes === undefined) {
      this.graph.removeFile(file);
      this.identifiers.removeFile(file);
      this.fileSet.delete(file);
      return;
    }
    this.fileSet.add(file);
    this.updateFromText(file, bytes.toString("utf8"));
  }

  /** Replaces a file's edges from its current text (e.g. an unsaved editor buffer). */
  updateFromText(file: string, text: string): void {
    if (!importLanguageOf(file)) return;
    this.identifiers.setFile(file, text);
    const records = this.parseRecords(file, text);
    if (records) this.updateFromRecords(file, records);
  }

  /** The file's imports parsed on this thread (undefined when it did not parse; see importsOfText). */
  private parseRecords(file: string, text: string): ImportRecord[] | undefined {
    const language = importLanguageOf(file);
    return language ? importsOfText(this.options.parser, language, text) : undefined;
  }

  /** Replaces a file's edges from already-extracted imports (when the indexer's parse is shared). */
  updateFromRecords(file: string, records: ImportRecord[]): void {
    const language = importLanguageOf(file);
    if (!language) return;
    const edges: ImportEdge[] = [];
    for (const record of records) {
      for (const to of this.resolver.resolve(file, record, language)) {
        if (to === file) continue;
        edges.push({ from: file, to, line: record.line, specifier: record.specifier, names: record.names, typeOnly: record.typeOnly, kind: record.kind });
      }
    }
    this.graph.setImports(file, edges);
  }

  private async read(file: string): Promise<Buffer | undefined> {
    try {
      const buffer = await readFile(path.join(this.options.root, file));
      if (buffer.length > (this.options.maxFileBytes ?? 1024 * 1024) || buffer.includes(0)) {
        this.options.logger?.debug(`Import graph: skipped ${file} (binary or too large)`);
        return undefined;
      }
      return buffer;
    } catch (error) {
      this.options.logger?.debug(`Import graph: could not read ${file}: ${String(error)}`);
      return undefined;
    }
  }
}

/** Builds a complete import graph in one call. */
export async function buildImportGraph(options: BuildImportGraphOptions): Promise<ImportGraph> {
  return new ImportGraphBuilder(options).build();
}
