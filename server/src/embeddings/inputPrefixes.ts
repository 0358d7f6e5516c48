/**
 * Some embedding models were trained with an instruction in front of each input and rank noticeably worse without
 * it. The prefix depends on whether the text is a query or a document, which is why `Embedder.embed` takes a purpose.
 * Models not listed here (such as all-MiniLM-L6-v2) take the text as it is.
 */
const PREFIXES: ReadonlyArray<{ pattern: RegExp; query: string; document: string }> = [
  { pattern: /nomic-embed-text/i, query: "search_query: ", document: "search_document: " },
  { pattern: /(^|[/_-])e5-/i, query: "query: ", document: "passage: " },
  { pattern: /bge-[a-z]+-en-v1\.5|mxbai-embed-large/i, query: "Represent this sentence for searching relevant passages: ", document: "" },
];

/** Returns the text prefix `model` expects for inputs of this purpose ("" when none). */
export function inputPrefixFor(model: string, purpose: "document" | "query"): string {
  const match = PREFIXES.find((entry) => entry.pattern.test(model));
  if (!match) return "";
  return purpose === "query" ? match.query : match.document;
}
