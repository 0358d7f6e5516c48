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
  const addText = (text: string): void => {
    // Terms are unique anyway, so each distinct identifier is tokenized once (identifiers repeat a lot in code).
    for (const identifier of new Set(text.match(IDENTIFIER))) for (const term of termsOfIdentifier(identifier)) terms.add(term);
  };
  addText(chunk.text);
  if (chunk.signature) addText(chunk.signature);
  if (chunk.symbol) addText(chunk.symbol);
  for (const name of chunk.definitions) addText(name);
  for (const term of pathTerms(path)) for (const piece of term.split(/[^a-z0-9]+/)) if (piece.length > 0) terms.add(piece);
  return [...terms].join(" ");
}

/** Same identifier pattern as `tokenizeForSearch`, which tokenizes each match on its own. */
const IDENTIFIER = /[A-Za-z_$][A-Za-z\d_$]*/g;
const MEMO_LIMIT = 20_000;
const memo = new Map<string, string[]>();

/** The index terms of one identifier, memoized: a cold index tokenizes millions of mostly repeated identifiers. */
function termsOfIdentifier(identifier: string): string[] {
  let terms = memo.get(identifier);
  if (terms === undefined) {
    terms = tokenizeForSearch(identifier).flatMap((word) => word.split(/[^a-z0-9]+/)).filter((piece) => piece.length > 0);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(identifier, terms);
  }
  return terms;
}
