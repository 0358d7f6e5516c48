import type { Embedder } from "../embeddings/types";
import type { StoredChunk } from "../store/indexStore";
import { pathTerms, tokenizeForSearch } from "../text/identifiers";
import type { Logger } from "../util/logger";
import { normalizedName } from "./symbolIndex";

const IDENTIFIER = /[A-Za-z_$][A-Za-z\d_$]*/g;
const PREVIEW_LINES = 4;
const PREVIEW_LINE_CHARS = 160;

/** Identifiers as the user typed them, case kept, for symbol lookup ("watchEffect", "HTTPServer"). */
export function queryIdentifiers(query: string): string[] {
  return [...new Set([...query.matchAll(IDENTIFIER)].map((match) => match[0]).filter((word) => word.length > 1))];
}

/**
 * Normalized names the query may refer to: each identifier, and runs of 2–4 consecutive words joined, so
 * "watch effect" refers to `watchEffect` as much as "watchEffect" does.
 */
export function queryNames(identifiers: string[]): Set<string> {
  const names = new Set(identifiers.map(normalizedName).filter((name) => name.length > 0));
  for (let length = 2; length <= Math.min(4, identifiers.length); length++) {
    for (let start = 0; start + length <= identifiers.length; start++) {
      names.add(identifiers.slice(start, start + length).map(normalizedName).join(""));
    }
  }
  return names;
}

/** Normalized identifiers in a chunk's text (to tell a usage of a queried name from an unrelated chunk). */
export function textNames(text: string): Set<string> {
  return new Set([...text.matchAll(IDENTIFIER)].map((match) => normalizedName(match[0])));
}

/** The query terms a chunk actually holds (text, names or path), for the "fulltext" reason. */
export function matchedTerms(chunk: StoredChunk, terms: string[]): string[] {
  const own = new Set([
    ...tokenizeForSearch(chunk.text),
    ...(chunk.symbol ? tokenizeForSearch(chunk.symbol) : []),
    ...chunk.definitions.flatMap((name) => tokenizeForSearch(name)),
    ...pathTerms(chunk.path),
  ]);
  return terms.filter((term) => own.has(term));
}

/** The first few non-blank lines, common indentation removed, long lines cut. */
export function buildPreview(text: string): string {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((line) => line.trim().length > 0);
  if (first < 0) return "";
  const picked = lines.slice(first).filter((line) => line.trim().length > 0).slice(0, PREVIEW_LINES);
  const indent = Math.min(...picked.map((line) => line.match(/^[ \t]*/)?.[0].length ?? 0));
  return picked
    .map((line) => line.slice(indent).trimEnd())
    .map((line) => (line.length > PREVIEW_LINE_CHARS ? `${line.slice(0, PREVIEW_LINE_CHARS - 1)}…` : line))
    .join("\n");
}

/** Embedders whose failure was already logged: a broken endpoint is reported once, not on every keystroke. */
const reportedFailures = new WeakSet<Embedder>();

export function reportEmbedderFailure(embedder: Embedder, error: unknown, logger: Logger): void {
  const message = error instanceof Error ? error.message : String(error);
  if (reportedFailures.has(embedder)) {
    logger.debug(`Semantic search still unavailable: ${message}`);
    return;
  }
  reportedFailures.add(embedder);
  logger.warn(`Semantic search is unavailable (${message}); searching with full-text, symbol and path signals only.`);
}

export function reportEmbedderRecovered(embedder: Embedder): void {
  reportedFailures.delete(embedder);
}
