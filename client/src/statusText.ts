// The status bar's words, kept free of `vscode` so every string the e2e tests wait for is visible in one place.
import { SKIP_REASONS, type IndexStatus } from "../../shared/protocol/indexing";
import { describeEmbedder, describeEmbedderState, describeSkipReason, formatBytes, formatCount, formatDuration, formatRate } from "./format";
import type { ServerState } from "./serverClient";

export type StatusTone = "normal" | "warning" | "error";

export interface StatusBarText {
  /** With codicons, e.g. "$(database) Vibe: 5,000 files indexed". */
  text: string;
  tone: StatusTone;
  /** Command run on click. */
  command: "vibeCoder.showIndexStatus" | "vibeCoder.restartServer";
}

/** "1,234/5,000 files · 120/s · ETA 0:30"; parts that are not known yet are left out. */
export function indexingProgress(status: IndexStatus): string {
  const parts = [`${formatCount(status.filesDone)}/${formatCount(status.filesTotal)} files`];
  if (status.rate > 0) parts.push(`${formatRate(status.rate)}/s`);
  if (status.etaSeconds !== undefined && Number.isFinite(status.etaSeconds)) parts.push(`ETA ${formatDuration(status.etaSeconds)}`);
  return parts.join(" · ");
}

export function statusBarText(server: ServerState, status: IndexStatus | undefined, hasFolder: boolean): StatusBarText {
  const show = "vibeCoder.showIndexStatus" as const;
  if (server === "crashed") return { text: "$(error) Vibe: server stopped", tone: "error", command: "vibeCoder.restartServer" };
  if (server === "failed") return { text: "$(error) Vibe: server failed to start", tone: "error", command: "vibeCoder.restartServer" };
  if (!hasFolder) return { text: "$(circle-slash) Vibe: no folder open", tone: "normal", command: show };
  if (server !== "running" || !status) return { text: "$(sync~spin) Vibe: starting…", tone: "normal", command: show };
  if (status.phase === "waiting-for-lock" || status.readOnly) {
    return { text: "$(lock) Vibe: index in use by another window (read-only)", tone: "warning", command: show };
  }
  switch (status.phase) {
    case "starting":
      return { text: "$(sync~spin) Vibe: starting…", tone: "normal", command: show };
    case "scanning":
      return { text: "$(sync~spin) Vibe: scanning files…", tone: "normal", command: show };
    case "indexing":
      return { text: `$(sync~spin) Vibe: ${indexingProgress(status)}`, tone: "normal", command: show };
    case "ready":
      // "files indexed" stays plural on purpose: e2e tests wait for these exact words.
      return { text: `$(database) Vibe: ${formatCount(status.indexedFiles)} files indexed`, tone: "normal", command: show };
    case "error":
    default:
      return { text: "$(error) Vibe: index error", tone: "error", command: show };
  }
}

/** The phase in words for the tooltip and the status picker. */
export function describePhase(status: IndexStatus): string {
  switch (status.phase) {
    case "starting":
      return "starting";
    case "waiting-for-lock":
      return "waiting for another window to release the index (read-only meanwhile)";
    case "scanning":
      return "scanning files";
    case "indexing":
      return `indexing — ${indexingProgress(status)}`;
    case "ready":
      return status.readOnly ? "ready (read-only: another window owns the index)" : "ready";
    case "error":
      return "error";
    default:
      return String(status.phase);
  }
}

/** Markdown lines for the status bar tooltip. */
export function tooltipMarkdown(server: ServerState, status: IndexStatus | undefined): string {
  const lines = ["**Vibe Coder index**", ""];
  if (server === "crashed" || server === "failed") {
    lines.push("The language server is not running. Click to restart it.");
    return lines.join("\n");
  }
  if (!status) {
    lines.push("The language server is starting.");
    return lines.join("\n");
  }
  const skippedTotal = SKIP_REASONS.reduce((sum, reason) => sum + (status.skipped[reason] ?? 0), 0);
  const skippedParts = SKIP_REASONS.filter((r) => (status.skipped[r] ?? 0) > 0).map(
    (r) => `${describeSkipReason(r)} ${formatCount(status.skipped[r] ?? 0)}`,
  );
  lines.push(
    `- Phase: ${escapeMarkdown(describePhase(status))}`,
    `- Files indexed: ${formatCount(status.indexedFiles)} · chunks: ${formatCount(status.chunks)}`,
    `- Skipped: ${formatCount(skippedTotal)}${skippedParts.length ? ` (${escapeMarkdown(skippedParts.join("; "))})` : ""}`,
    `- Embeddings: ${escapeMarkdown(describeEmbedder(status.embedder))} — ${escapeMarkdown(describeEmbedderState(status.embedder))}`,
    `- Index: ${formatBytes(status.indexBytes)} at \`${status.indexPath.replace(/`/g, "'")}\``,
  );
  if (status.embedder.message) lines.push(`- ${escapeMarkdown(status.embedder.message)}`);
  if (status.message) lines.push("", escapeMarkdown(status.message));
  lines.push("", "Click for details.");
  return lines.join("\n");
}

/** Server text is data, not markup: keep it from turning into links or formatting. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, "\\$&");
}
