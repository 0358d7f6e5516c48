import { createHash } from "node:crypto";
import type { Tree } from "web-tree-sitter";
import type { Logger } from "../util/logger";
import { layoutOutline, layoutWindows, type ChunkSpec } from "./chunkLayout";
import type { SyntaxOutline } from "./declarations";
import { loadParsers, type ParserSet } from "./grammars";
import { isSyntaxLanguage, SYNTAX_LANGUAGES, type SyntaxLanguage } from "./languages";
import { outlinePython } from "./pythonOutline";
import { SourceLines } from "./sourceLines";
import { outlineTypeScript } from "./tsOutline";
import type { Chunk, SourceFile } from "./types";

export interface Chunker {
  /** Cuts a file into chunks, in file order. Never throws for a file's content: unparsable code falls back. */
  chunk(file: SourceFile): Chunk[];
}

export interface ChunkerOptions {
  /** Folder holding web-tree-sitter.wasm and the grammar .wasm files; by default dist/grammars/ or node_modules. */
  grammarDir?: string;
  /** Told when a file had to fall back to line windows because its syntax tree could not be used. */
  logger?: Logger;
}

const OUTLINERS: Record<SyntaxLanguage, (tree: Tree, text: string) => SyntaxOutline> = {
  typescript: outlineTypeScript,
  tsx: outlineTypeScript,
  javascript: outlineTypeScript,
  python: outlinePython,
};

/** Loads the tree-sitter runtime and grammars once; the returned chunker is synchronous and reusable. */
export async function createChunker(options: ChunkerOptions = {}): Promise<Chunker> {
  return chunkerWith(await loadParsers(SYNTAX_LANGUAGES, options.grammarDir), options.logger);
}

/** A chunker on parsers that are already loaded (a parse worker shares them with import extraction). */
export function chunkerWith(parsers: ParserSet, logger?: Logger): Chunker {
  return { chunk: (file) => chunkFile(file, parsers, logger) };
}

function chunkFile(file: SourceFile, parsers: ParserSet, logger: Logger | undefined): Chunk[] {
  if (file.text.trim().length === 0) return [];
  const lines = new SourceLines(file.text);
  const specs = isSyntaxLanguage(file.language)
    ? syntaxSpecs(file, lines, parsers, file.language, logger)
    : layoutWindows(lines);
  return specs.map((spec, ordinal) => toChunk(file, lines, spec, ordinal));
}

function syntaxSpecs(
  file: SourceFile,
  lines: SourceLines,
  parsers: ParserSet,
  language: SyntaxLanguage,
  logger: Logger | undefined,
): ChunkSpec[] {
  const parser = parsers.get(language);
  let tree: Tree | null = null;
  try {
    tree = parser ? parser.parse(file.text) : null;
    if (!tree) throw new Error("the parser returned no tree");
    return layoutOutline(lines, OUTLINERS[language](tree, file.text));
  } catch (error) {
    // The chunker must not lose a file: line windows still make it searchable.
    logger?.warn(`Chunking ${file.path} by lines: ${error instanceof Error ? error.message : String(error)}`);
    parser?.reset();
    return layoutWindows(lines);
  } finally {
    tree?.delete();
  }
}

function toChunk(file: SourceFile, lines: SourceLines, spec: ChunkSpec, ordinal: number): Chunk {
  const text = lines.slice(spec.startLine, spec.endLine);
  const chunk: Chunk = {
    path: file.path,
    ordinal,
    startLine: spec.startLine,
    endLine: spec.endLine,
    language: file.language,
    kind: spec.kind,
    text,
    chunkHash: chunkHashOf(file.language, text),
    definitions: [...new Set(spec.definitions)],
  };
  if (spec.symbol !== undefined) chunk.symbol = spec.symbol;
  if (spec.signature !== undefined) chunk.signature = spec.signature;
  return chunk;
}

/** The embedding cache key: equal text in the same language embeds the same wherever it appears. */
export function chunkHashOf(language: string, text: string): string {
  return createHash("sha256").update(`${language}\0${text}`).digest("hex");
}
