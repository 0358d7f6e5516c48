// Pure text formatting shared by the status bar, the index status picker and the results picker. Nothing here
// touches `vscode`, so the exact UI strings (which e2e tests wait for) live in one readable place.
import type { EmbedderStatus, SkipReason } from "../../shared/protocol/indexing";
import type { MatchReason } from "../../shared/protocol/search";

// A fixed locale keeps status bar text identical on every machine, which the e2e tests rely on.
const numberFormat = new Intl.NumberFormat("en-US");

/** 1234 → "1,234". */
export function formatCount(value: number): string {
  return numberFormat.format(Math.max(0, Math.round(value)));
}

/** 95 → "1:35", 3725 → "1:02:05". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** 1536 → "1.5 KB"; binary multiples, the way file managers show sizes. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** Files per second: whole numbers once they are large enough to make decimals noise. */
export function formatRate(perSecond: number): string {
  return perSecond >= 10 ? formatCount(perSecond) : perSecond.toFixed(1);
}

const skipReasonWords: Record<SkipReason, string> = {
  ignored: "ignored (.gitignore, .vibeignore, settings)",
  "default-exclude": "excluded by default (dependencies, build output, lock/minified files)",
  secret: "possible secrets (.env, keys, certificates)",
  "too-large": "too large",
  binary: "binary",
  "invalid-utf8": "not valid UTF-8",
  unreadable: "unreadable",
  "symlink-loop": "symbolic link loop",
  vanished: "deleted while indexing",
};

export function describeSkipReason(reason: SkipReason): string {
  return skipReasonWords[reason] ?? reason;
}

/** One sentence about the embedder for tooltips and the status picker. */
export function describeEmbedder(embedder: EmbedderStatus): string {
  if (embedder.provider === "none") return "none (lexical and structural search only)";
  const model = embedder.model ? ` ${embedder.model}` : "";
  const dims = embedder.dimensions ? ` (${embedder.dimensions} dimensions)` : "";
  return `${embedder.provider}${model}${dims}`;
}

export function describeEmbedderState(embedder: EmbedderStatus): string {
  switch (embedder.state) {
    case "off":
      return "off";
    case "loading":
      return "loading";
    case "ready":
      return "ready";
    case "needs-consent":
      return "waiting for your permission to download the model";
    case "failed":
      return "failed";
    default:
      return String(embedder.state);
  }
}

/** Why semantic search is not taking part, given the last known embedder status. */
export function whySemanticIsOff(embedder: EmbedderStatus | undefined): string {
  if (!embedder) return "the embedder status is not known yet";
  if (embedder.provider === "none") return 'vibeCoder.embeddings.provider is "none"';
  switch (embedder.state) {
    case "needs-consent":
      return "the embedding model has not been downloaded";
    case "loading":
      return "the embedding model is still loading";
    case "failed":
      return embedder.message ?? "the embedding model failed to load";
    case "ready":
      return "the index has no embeddings yet";
    default:
      return "embeddings are off";
  }
}

/** Match reasons in words, e.g. "full-text: watch, effect · symbol watchEffect · definition". */
export function describeReasons(reasons: readonly MatchReason[]): string {
  return reasons.map(describeReason).join(" · ");
}

function describeReason(reason: MatchReason): string {
  switch (reason.kind) {
    case "fulltext":
      return reason.terms.length > 0 ? `full-text: ${reason.terms.join(", ")}` : "full-text";
    case "semantic":
      return `semantic ${reason.similarity.toFixed(2)}`;
    case "symbol":
      return reason.exact ? `symbol ${reason.symbol}` : `symbol ~${reason.symbol}`;
    case "path":
      return reason.terms.length > 0 ? `path: ${reason.terms.join(", ")}` : "path";
    case "definition":
      return "definition";
    case "penalty":
      return `down-weighted (${reason.why === "usage-only" ? "usage only" : reason.why})`;
    default:
      return "";
  }
}

/** The first non-blank line of a preview, trimmed and shortened so it fits one QuickPick row. */
export function firstPreviewLine(preview: string, maxLength = 120): string {
  const line = preview.split(/\r?\n/).find((l) => l.trim().length > 0)?.trim() ?? "";
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

const kindIcons: Record<string, string> = {
  function: "symbol-function",
  method: "symbol-method",
  constructor: "symbol-constructor",
  class: "symbol-class",
  interface: "symbol-interface",
  type: "symbol-type-parameter",
  enum: "symbol-enum",
  variable: "symbol-variable",
  constant: "symbol-constant",
  property: "symbol-property",
  field: "symbol-field",
  module: "symbol-namespace",
  namespace: "symbol-namespace",
  struct: "symbol-structure",
};

/** The codicon name for a chunk kind; plain windows of text get a file icon. */
export function iconForKind(kind: string): string {
  return kindIcons[kind] ?? "file-code";
}
