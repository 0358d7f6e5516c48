import type { Chunk } from "../../../server/src/indexer/types";
import type { FileRecord } from "../../../server/src/store/indexStore";
import { seededVector, sha } from "./storeTestKit";

/** Shared by the crash test and its child: a fixed set of paths whose contents are derived from a version number. */
export const CRASH_DIMS = 8;
export const CRASH_PATHS = Array.from({ length: 60 }, (_, i) => `src/module${i % 7}/file${i}.ts`);

/** The text of each chunk; the file's content hash is the hash of these texts joined, so it can be re-derived. */
export function crashContentHash(texts: string[]): string {
  return sha(texts.join("\n"));
}

export function crashFileEntry(path: string, version: number): { file: FileRecord; chunks: Chunk[]; vectors: Float32Array[] } {
  const count = 1 + (version % 6);
  const texts = Array.from({ length: count }, (_, i) => `export function part${i}_v${version}() { return "${path}" }`);
  const chunks: Chunk[] = texts.map((text, ordinal) => ({
    path,
    ordinal,
    startLine: ordinal * 3 + 1,
    endLine: ordinal * 3 + 3,
    language: "typescript",
    kind: "function",
    symbol: `part${ordinal}_v${version}`,
    text,
    chunkHash: sha(text),
    definitions: [`part${ordinal}_v${version}`],
  }));
  return {
    file: { path, contentHash: crashContentHash(texts), size: 100, mtimeMs: version, chunkCount: count },
    chunks,
    vectors: texts.map((text) => seededVector(CRASH_DIMS, text)),
  };
}
