import type { SkipReason } from "../../../shared/protocol/indexing";

/** A source file the indexer accepted: valid UTF-8 text under the size cap. */
export interface SourceFile {
  /** Workspace-relative path with forward slashes. */
  path: string;
  text: string;
  /** sha256 (hex) of the raw bytes; the catalog key. */
  contentHash: string;
  size: number;
  mtimeMs: number;
  language: string;
}

export interface SkippedEntry {
  path: string;
  reason: SkipReason;
  detail?: string;
}

/** A unit of retrieval. Lines are 1-based and inclusive. */
export interface Chunk {
  path: string;
  /** Position of this chunk within its file (0-based); with `path`, its stable id. */
  ordinal: number;
  startLine: number;
  endLine: number;
  language: string;
  /** "function", "method", "class", "interface", "type", "enum", "variable", "module", "window", ... */
  kind: string;
  /** Declared name, when there is one ("Foo.bar" for methods). */
  symbol?: string;
  /** Signature line(s) plus doc comment, when known. */
  signature?: string;
  /** The chunk's source text exactly as in the file. */
  text: string;
  /** sha256 (hex) of `text` + language; the embedding cache key. */
  chunkHash: string;
  /** Identifiers this chunk defines (exports, functions, classes, methods). */
  definitions: string[];
}
