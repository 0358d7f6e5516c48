import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Logger } from "../util/logger";
import { IdentifierIndex } from "./identifierIndex";
import { extractImports, type ImportRecord } from "./importExtract";
import { contentHash, type ImportRecordCache } from "./importRecordCache";
import { importLanguageOf, type SourceParser } from "./parsers";
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
}

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

  async build(): Promise<ImportGraph> {
    let parsed = 0;
    const cache = this.options.recordCache;
    for (const file of this.fileSet) {
      if (this.options.signal?.aborted) break;
      if (!importLanguageOf(file)) continue;
      const bytes = await this.read(file);
      if (bytes !== undefined) this.addFile(file, bytes, cache);
      // Yield now and then so a large workspace never blocks the server's message loop for long.
      if (++parsed % 64 === 0) await yieldToEventLoop();
    }
    cache?.keepOnly(this.fileSet);
    return this.graph;
  }

  /** Identifiers and imports of one file read from disk; its imports come from the cache when its bytes are unchanged. */
  private addFile(file: string, bytes: Buffer, cache: ImportRecordCache | undefined): void {
    const text = bytes.toString("utf8");
    if (!cache) {
      this.updateFromText(file, text);
      return;
    }
    this.identifiers.setFile(file, text);
    const hash = contentHash(bytes);
    const cached = cache.get(file, hash);
    if (cached) {
      this.updateFromRecords(file, cached);
      return;
    }
    const records = this.parseAndUpdate(file, text);
    if (records) cache.set(file, hash, records);
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
    this.parseAndUpdate(file, text);
  }

  /**
   * Parses `text` for its imports and replaces the file's edges; returns the records, or undefined when the text did
   * not parse (then nothing is cached: a grammar that failed to load must not leave files without imports for good).
   */
  private parseAndUpdate(file: string, text: string): ImportRecord[] | undefined {
    const language = importLanguageOf(file);
    const tree = language ? this.options.parser.parse(language, text) : undefined;
    if (!language || !tree) return undefined;
    try {
      const records = extractImports(tree, language);
      this.updateFromRecords(file, records);
      return records;
    } finally {
      tree.delete();
    }
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
