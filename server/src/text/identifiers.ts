/**
 * Tokenization shared by the indexer (building the full-text column) and search (building queries), so both
 * sides split `parseHTTPResponse`, `user_name` and `packages/runtime-core/src/apiWatch.ts` the same way.
 */

const STOP_WORDS = new Set([
  "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "into", "is", "it", "of", "on", "or",
  "that", "the", "this", "to", "was", "when", "with", "should", "not", "no", "does", "do", "can", "will", "its",
]);

/** Splits one identifier into lower-case words: camelCase, PascalCase, ACRONYMCase, snake_case, kebab-case, digits. */
export function splitIdentifier(identifier: string): string[] {
  return identifier
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([a-zA-Z])(\d)/g, "$1 $2")
    .split(/[^A-Za-z\d]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.toLowerCase());
}

const IDENTIFIER = /[A-Za-z_$][A-Za-z\d_$]*/g;

/**
 * Lower-case search terms for a piece of text: each identifier as written (lower-cased) and, when it is compound,
 * its parts too. Stop words and one-letter terms are dropped; duplicates are kept (term frequency matters to BM25).
 */
export function tokenizeForSearch(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(IDENTIFIER)) {
    const word = match[0].replace(/\$/g, "");
    if (word.length < 2) continue;
    const lower = word.toLowerCase();
    const parts = splitIdentifier(word);
    if (parts.length > 1 || !STOP_WORDS.has(lower)) terms.push(lower);
    if (parts.length > 1) for (const part of parts) if (part.length > 1 && !STOP_WORDS.has(part)) terms.push(part);
  }
  return terms;
}

/** Terms from a workspace-relative path: each directory and the file's base name, whole and split. */
export function pathTerms(path: string): string[] {
  const segments = path.split("/").filter(Boolean);
  const last = segments.length - 1;
  if (last >= 0) segments[last] = segments[last].replace(/\.[^.]+$/, "");
  return segments.flatMap((segment) => tokenizeForSearch(segment.replace(/[.-]/g, "_")));
}
