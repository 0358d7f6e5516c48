import type { Chunk } from "../indexer/types";
import { pathTerms, tokenizeForSearch } from "../text/identifiers";

/**
 * The text the full-text index sees for a chunk. It holds terms, not source: identifiers lower-cased and split
 * (so "watch effect" finds `watchEffect`), plus the symbol, signature, definitions and path terms (so a query
 * naming the file or the function finds the chunk even when the body never repeats the name).
 *
 * Each term appears ONCE. LanceDB 0.31's scorer for rows not yet folded into the index (everything written since
 * the last optimize) drops rows in which a query term occurs three or more times; measured here, unique terms
 * make those rows reliably findable, which "saved → searchable at once" depends on. Terms are also cut at
 * non-alphanumerics exactly as the index's "simple" tokenizer would, so `user_name` does not add a second "user".
 * Stemming stays off in the index for the same reason (it would merge "watch" and "watches" into one term twice).
 */
export function buildFtsText(chunk: Chunk, path: string): string {
  const terms = new Set<string>();
  const addAll = (words: string[]): void => {
    for (const word of words) for (const piece of word.split(/[^a-z0-9]+/)) if (piece.length > 0) terms.add(piece);
  };
  addAll(tokenizeForSearch(chunk.text));
  if (chunk.signature) addAll(tokenizeForSearch(chunk.signature));
  if (chunk.symbol) addAll(tokenizeForSearch(chunk.symbol));
  for (const name of chunk.definitions) addAll(tokenizeForSearch(name));
  addAll(pathTerms(path));
  return [...terms].join(" ");
}
