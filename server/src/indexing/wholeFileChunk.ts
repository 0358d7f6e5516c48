import { createHash } from "node:crypto";
import type { Chunk, SourceFile } from "../indexer/types";

/** The last-resort chunk for a file the chunker could not handle: the whole text, so the file stays findable. */
export function wholeFileChunk(source: SourceFile): Chunk {
  const lines = source.text.split("\n").length;
  return {
    path: source.path,
    ordinal: 0,
    startLine: 1,
    endLine: Math.max(1, lines),
    language: source.language,
    kind: "window",
    text: source.text,
    chunkHash: createHash("sha256").update(`${source.language}\0${source.text}`).digest("hex"),
    definitions: [],
  };
}
