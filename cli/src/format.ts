import type { IndexRunSummary, IndexStatus } from "../../shared/protocol/indexing";
import type { MatchReason, SearchResult } from "../../shared/protocol/search";

/** One reason in a few words, the way the picker shows it too. */
export function describeReason(reason: MatchReason): string {
  switch (reason.kind) {
    case "fulltext":
      return `text: ${reason.terms.join(", ")}`;
    case "semantic":
      return `semantic ${reason.similarity.toFixed(2)}`;
    case "symbol":
      return `${reason.exact ? "symbol" : "symbol part"} ${reason.symbol}`;
    case "path":
      return `path: ${reason.terms.join(", ")}`;
    case "definition":
      return "definition";
    case "penalty":
      return `down-weighted (${reason.why})`;
  }
}

export function formatHits(result: SearchResult): string {
  if (result.hits.length === 0) return "No results.";
  const lines = result.hits.map((hit, i) => {
    const where = `${hit.path}:${hit.startLine}-${hit.endLine}`;
    const what = hit.symbol ? ` ${hit.kind} ${hit.symbol}` : "";
    return `${String(i + 1).padStart(2)}. ${where}${what}  (${hit.score.toFixed(3)}; ${hit.reasons.map(describeReason).join("; ")})`;
  });
  const notes = [`${result.hits.length} results in ${result.tookMs} ms, signals: ${result.signals.join(", ") || "none"}`];
  if (result.partial) notes.push("the index is still being built: results may be incomplete");
  return [...lines, "", notes.join("; ")].join("\n");
}

export function formatSummary(summary: IndexRunSummary, status: IndexStatus): string {
  return [
    `Indexed ${summary.filesIndexed} files (${summary.filesUnchanged} unchanged, ${summary.filesRemoved} removed), ` +
      `${summary.chunksWritten} chunks, ${summary.embeddingsComputed} embeddings in ${(summary.durationMs / 1000).toFixed(1)} s.`,
    formatStatus(status),
  ].join("\n");
}

export function formatStatus(status: IndexStatus): string {
  const skipped = Object.entries(status.skipped)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(", ");
  const embedder =
    status.embedder.provider === "none"
      ? "none (lexical + structural search)"
      : `${status.embedder.provider} ${status.embedder.model ?? ""} — ${status.embedder.state}${status.embedder.message ? `: ${status.embedder.message}` : ""}`;
  return [
    `Index: ${status.indexedFiles} files, ${status.chunks} chunks, ${(status.indexBytes / 1_048_576).toFixed(1)} MB at ${status.indexPath}`,
    `Phase: ${status.phase}${status.readOnly ? " (read-only: another process writes this index)" : ""}${status.message ? ` — ${status.message}` : ""}`,
    `Skipped: ${skipped || "none"}`,
    `Embedder: ${embedder}`,
  ].join("\n");
}
