import { ProtocolNotificationType, ProtocolRequestType, ProtocolRequestType0 } from "vscode-languageserver-protocol";

/** Why a file was not indexed. Every skipped file is counted under exactly one reason. */
export type SkipReason =
  | "ignored" // .gitignore, .vibeignore or vibeCoder.index.exclude
  | "default-exclude" // dependencies, build output, lock files, minified/generated files
  | "secret" // .env*, keys, certificates
  | "too-large" // over vibeCoder.index.maxFileSize
  | "binary"
  | "invalid-utf8"
  | "unreadable"
  | "symlink-loop"
  | "vanished"; // deleted between discovery and reading

export const SKIP_REASONS: readonly SkipReason[] = [
  "ignored",
  "default-exclude",
  "secret",
  "too-large",
  "binary",
  "invalid-utf8",
  "unreadable",
  "symlink-loop",
  "vanished",
];

export type IndexPhase = "starting" | "waiting-for-lock" | "scanning" | "indexing" | "ready" | "error";

export interface EmbedderStatus {
  /** "none" means lexical + structural search only. */
  provider: "none" | "transformers" | "openai-compatible";
  model?: string;
  dimensions?: number;
  state: "off" | "loading" | "ready" | "needs-consent" | "failed";
  /** Set when state is "failed" or "needs-consent": one sentence for the user. */
  message?: string;
}

export interface IndexStatus {
  phase: IndexPhase;
  filesDone: number;
  filesTotal: number;
  /** Files per second over the current run. */
  rate: number;
  /** Seconds left, when it can be estimated. */
  etaSeconds?: number;
  indexedFiles: number;
  chunks: number;
  skipped: Partial<Record<SkipReason, number>>;
  embedder: EmbedderStatus;
  /** Bytes on disk used by the index. */
  indexBytes: number;
  indexPath: string;
  /** True when another window owns the index and this server only reads it. */
  readOnly: boolean;
  /** Human-readable detail for the current phase (an error, a recovery, ...). */
  message?: string;
}

/** Server → client: the index status changed (throttled to a few per second). */
export namespace IndexStatusNotification {
  export const method = "vibe/indexStatus" as const;
  export const type = new ProtocolNotificationType<IndexStatus, void>(method);
}

/** Client/CLI → server: the current index status, at once. */
export namespace GetIndexStatusRequest {
  export const method = "vibe/getIndexStatus" as const;
  export const type = new ProtocolRequestType0<IndexStatus, never, void, void>(method);
}

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  detail?: string;
}

export interface ListSkippedParams {
  reason?: SkipReason;
  limit?: number;
}

/** Client/CLI → server: the skipped files, by reason, so nothing is dropped silently. */
export namespace ListSkippedRequest {
  export const method = "vibe/listSkipped" as const;
  export const type = new ProtocolRequestType<ListSkippedParams, SkippedFile[], never, void, void>(method);
}

export interface IndexNowParams {
  /** Drop the index and rebuild it from scratch. */
  full?: boolean;
}

export interface IndexRunSummary {
  filesIndexed: number;
  filesUnchanged: number;
  filesRemoved: number;
  chunksWritten: number;
  embeddingsComputed: number;
  skipped: Partial<Record<SkipReason, number>>;
  durationMs: number;
}

/** Client/CLI → server: (re)index the workspace now; resolves when the run has finished. */
export namespace IndexNowRequest {
  export const method = "vibe/indexNow" as const;
  export const type = new ProtocolRequestType<IndexNowParams, IndexRunSummary, never, void, void>(method);
}
