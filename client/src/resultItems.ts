// Turns a SearchResult into QuickPick rows. The strings here are what users (and the e2e tests) see.
import { QuickPickItemKind, ThemeIcon, type QuickInputButton, type QuickPickItem } from "vscode";
import type { EmbedderStatus } from "../../shared/protocol/indexing";
import type { SearchHit, SearchResult } from "../../shared/protocol/search";
import { describeReasons, firstPreviewLine, iconForKind, whySemanticIsOff } from "./format";
import { baseName } from "./workspacePaths";

/** A row that is not a search hit but does something when chosen. */
export type ResultAction = "open-embedding-settings" | "show-index-status" | "show-log" | "restart-server";

export interface ResultItem extends QuickPickItem {
  hit?: SearchHit;
  action?: ResultAction;
}

export const OPEN_BESIDE_BUTTON: QuickInputButton = { iconPath: new ThemeIcon("split-horizontal"), tooltip: "Open to the Side" };

export const PARTIAL_NOTE = "Index still building — results may be incomplete";
export const LEXICAL_NOTE_PREFIX = "Lexical search — semantic search is off: ";

/** How a hit looks: `$(symbol-function) watchEffect` / `src/watch.ts:12` / reasons — first line. */
export function hitItem(hit: SearchHit, alwaysShow: boolean): ResultItem {
  const name = hit.symbol ?? baseName(hit.path);
  const icon = hit.symbol ? iconForKind(hit.kind) : "file-code";
  const reasons = describeReasons(hit.reasons);
  const preview = firstPreviewLine(hit.preview);
  return {
    label: `$(${icon}) ${name}`,
    description: `${hit.path}:${hit.startLine}`,
    detail: reasons && preview ? `${reasons} — ${preview}` : reasons || preview,
    alwaysShow,
    buttons: [OPEN_BESIDE_BUTTON],
    hit,
  };
}

/**
 * The rows for one result: hits in the server's order, a "no results" row when empty, then notes that say when
 * the search was lexical only or the index is still building.
 */
export function resultItems(result: SearchResult, query: string, embedder: EmbedderStatus | undefined, alwaysShow: boolean): ResultItem[] {
  const items: ResultItem[] = result.hits.map((hit) => hitItem(hit, alwaysShow));
  if (items.length === 0) {
    items.push({ label: `$(circle-slash) No results for "${query}"`, alwaysShow: true });
  }
  const notes = resultNotes(result, embedder);
  if (notes.length > 0) items.push({ label: "Notes", kind: QuickPickItemKind.Separator, alwaysShow: true }, ...notes);
  return items;
}

export function resultNotes(result: SearchResult, embedder: EmbedderStatus | undefined): ResultItem[] {
  const notes: ResultItem[] = [];
  if (!result.signals.includes("semantic")) {
    notes.push({
      label: `$(info) ${LEXICAL_NOTE_PREFIX}${whySemanticIsOff(embedder)}`,
      detail: "Results come from full-text, symbol and path matches. Select to open the embedding settings.",
      alwaysShow: true,
      action: "open-embedding-settings",
    });
  }
  if (result.partial) {
    notes.push({ label: `$(sync) ${PARTIAL_NOTE}`, detail: "Select to see the index status.", alwaysShow: true, action: "show-index-status" });
  }
  return notes;
}

/** The picker title for a finished search, e.g. "Search Code — 12 results in 15 ms · lexical only". */
export function resultTitle(prefix: string, result: SearchResult): string {
  const count = result.hits.length === 1 ? "1 result" : `${result.hits.length} results`;
  const parts = [`${prefix} — ${count} in ${Math.round(result.tookMs)} ms`];
  if (!result.signals.includes("semantic")) parts.push("lexical only");
  if (result.partial) parts.push("index still building");
  return parts.join(" · ");
}

/** A row that explains a failed request and offers the way out. */
export function errorItem(message: string, action?: ResultAction): ResultItem {
  return { label: `$(error) ${message}`, alwaysShow: true, action };
}
