import type { Chunk } from "../indexer/types";
import { buildFtsText } from "./ftsText";
import { isGeneratedPath, isTestPath } from "./pathClassification";

/** What the catalog knows about one indexed file. */
export interface FileRecord {
  path: string;
  contentHash: string;
  size: number;
  mtimeMs: number;
  chunkCount: number;
}

/** A chunk as stored: its id (`${path}#${ordinal}`), the hash of the file content it came from, and path classes. */
export interface StoredChunk extends Chunk {
  id: string;
  fileHash: string;
  isTest: boolean;
  isGenerated: boolean;
}

/** Columns returned for search results: everything but the full-text column and the vector. */
export const CHUNK_COLUMNS = [
  "id", "path", "ordinal", "startLine", "endLine", "language", "kind", "symbol", "signature", "text", "chunkHash",
  "fileHash", "definitions", "isTest", "isGenerated",
];

export function chunkId(path: string, ordinal: number): string {
  return `${path}#${ordinal}`;
}

export function chunkToRow(chunk: Chunk, path: string, fileHash: string, vector: Float32Array | null | undefined, withVector: boolean): Record<string, unknown> {
  const row: Record<string, unknown> = {
    id: chunkId(path, chunk.ordinal),
    path,
    ordinal: chunk.ordinal,
    startLine: chunk.startLine,
    endLine: chunk.endLine,
    language: chunk.language,
    kind: chunk.kind,
    symbol: chunk.symbol ?? null,
    signature: chunk.signature ?? null,
    text: chunk.text,
    chunkHash: chunk.chunkHash,
    fileHash,
    definitions: chunk.definitions.join("\n"),
    isTest: isTestPath(path),
    isGenerated: isGeneratedPath(path),
    ftsText: buildFtsText(chunk, path),
  };
  if (withVector) row.vector = vector ?? null;
  return row;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

export function rowToStoredChunk(row: Record<string, unknown>): StoredChunk {
  const stored: StoredChunk = {
    id: String(row.id),
    path: String(row.path),
    ordinal: Number(row.ordinal),
    startLine: Number(row.startLine),
    endLine: Number(row.endLine),
    language: String(row.language),
    kind: String(row.kind),
    text: String(row.text),
    chunkHash: String(row.chunkHash),
    fileHash: String(row.fileHash),
    definitions: splitDefinitions(row.definitions),
    isTest: Boolean(row.isTest),
    isGenerated: Boolean(row.isGenerated),
  };
  const symbol = optionalString(row.symbol);
  if (symbol !== undefined) stored.symbol = symbol;
  const signature = optionalString(row.signature);
  if (signature !== undefined) stored.signature = signature;
  return stored;
}

export function splitDefinitions(value: unknown): string[] {
  return typeof value === "string" && value.length > 0 ? value.split("\n") : [];
}

/** The plain Chunk inside a stored row (what the parse cache hands back). */
export function toChunk(stored: StoredChunk): Chunk {
  const { id: _id, fileHash: _fileHash, isTest: _isTest, isGenerated: _isGenerated, ...chunk } = stored;
  return chunk;
}

export function rowToFileRecord(row: Record<string, unknown>): FileRecord {
  return {
    path: String(row.path),
    contentHash: String(row.contentHash),
    size: Number(row.size),
    mtimeMs: Number(row.mtimeMs),
    chunkCount: Number(row.chunkCount),
  };
}

/** LanceDB hands vectors back as Arrow vectors; callers get plain Float32Arrays they own. */
export function toFloat32(value: unknown): Float32Array | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Float32Array) return new Float32Array(value);
  const withToArray = value as { toArray?: () => ArrayLike<number> };
  if (typeof withToArray.toArray === "function") return Float32Array.from(withToArray.toArray());
  if (Array.isArray(value)) return Float32Array.from(value as number[]);
  return null;
}
