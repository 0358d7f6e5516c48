import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Chunk } from "../../../server/src/indexer/types";
import type { FileRecord } from "../../../server/src/store/indexStore";
import type { Logger } from "../../../server/src/util/logger";

/** Helpers shared by the store and search tests: hand-made chunks and files, temp dirs, a collecting logger. */

export function sha(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export interface ChunkSpec {
  text: string;
  symbol?: string;
  kind?: string;
  definitions?: string[];
  startLine?: number;
  endLine?: number;
}

/** Chunks for one file: lines are laid out one after another unless a spec says otherwise. */
export function makeChunks(path: string, specs: ChunkSpec[], language = "typescript"): Chunk[] {
  let line = 1;
  return specs.map((spec, ordinal) => {
    const lines = spec.text.split("\n").length;
    const startLine = spec.startLine ?? line;
    const endLine = spec.endLine ?? startLine + lines - 1;
    line = endLine + 1;
    const chunk: Chunk = {
      path,
      ordinal,
      startLine,
      endLine,
      language,
      kind: spec.kind ?? (spec.symbol ? "function" : "window"),
      text: spec.text,
      chunkHash: sha(`${spec.text}\u0000${language}`),
      definitions: spec.definitions ?? (spec.symbol ? [spec.symbol] : []),
    };
    if (spec.symbol) chunk.symbol = spec.symbol;
    return chunk;
  });
}

export function makeFile(path: string, chunks: Chunk[]): FileRecord {
  const content = chunks.map((chunk) => chunk.text).join("\n");
  return { path, contentHash: sha(content), size: content.length, mtimeMs: 1_700_000_000_000, chunkCount: chunks.length };
}

/** A file entry as the coordinator hands it to writeFiles. */
export function fileEntry(path: string, specs: ChunkSpec[], vectorFor?: (text: string) => Float32Array) {
  const chunks = makeChunks(path, specs);
  const entry: { file: FileRecord; chunks: Chunk[]; vectors?: Float32Array[] } = { file: makeFile(path, chunks), chunks };
  if (vectorFor) entry.vectors = chunks.map((chunk) => vectorFor(chunk.text));
  return entry;
}

export function tempDir(prefix: string): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), `vibe-${prefix}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export interface CollectingLogger extends Logger {
  lines: string[];
}

export function collectingLogger(): CollectingLogger {
  const lines: string[] = [];
  return {
    lines,
    error: (message) => lines.push(`error: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    info: (message) => lines.push(`info: ${message}`),
    debug: (message) => lines.push(`debug: ${message}`),
  };
}

/** A deterministic unit vector from a seed word: texts sharing a seed word point the same way. */
export function seededVector(dimensions: number, seed: string): Float32Array {
  const vector = new Float32Array(dimensions);
  const digest = createHash("sha256").update(seed).digest();
  for (let i = 0; i < dimensions; i++) vector[i] = (digest[i % digest.length] ?? 0) / 255 - 0.5;
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}
