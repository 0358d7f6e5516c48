import { ProtocolRequestType } from "vscode-languageserver-protocol";

/** Why a result matched; shown to the user next to each hit. */
export type MatchReason =
  | { kind: "fulltext"; rank: number; terms: string[] }
  | { kind: "semantic"; rank: number; similarity: number }
  | { kind: "symbol"; symbol: string; exact: boolean }
  | { kind: "path"; terms: string[] }
  | { kind: "definition" }
  | { kind: "penalty"; why: "test" | "generated" | "usage-only" };

/** One ranked result. Lines are 1-based and inclusive; `path` is workspace-relative with forward slashes. */
export interface SearchHit {
  path: string;
  startLine: number;
  endLine: number;
  score: number;
  language: string;
  /** Name of the function/class/... the chunk covers, when the chunker knew it. */
  symbol?: string;
  /** Chunk kind: "function", "method", "class", "interface", "type", "variable", "window", ... */
  kind: string;
  /** The first lines of the chunk, for previews. */
  preview: string;
  reasons: MatchReason[];
}

export interface SearchParams {
  query: string;
  limit?: number;
  /** When true, tests are not down-weighted. Also implied by a query that mentions tests. */
  includeTests?: boolean;
  /** Restrict to paths starting with one of these workspace-relative prefixes. */
  pathPrefixes?: string[];
}

export interface SearchResult {
  hits: SearchHit[];
  tookMs: number;
  /** Which signals took part: a lexical-only search says so instead of pretending to be semantic. */
  signals: Array<"fulltext" | "semantic" | "symbol" | "path">;
  /** True while the first index is still being built: results may be incomplete. */
  partial: boolean;
}

/** Client/CLI → server: hybrid code search over the workspace index. */
export namespace SearchRequest {
  export const method = "vibe/search" as const;
  export const type = new ProtocolRequestType<SearchParams, SearchResult, never, void, void>(method);
}

export interface FindSimilarParams {
  /** Workspace-relative path of the document holding the selection (it is excluded from results at that range). */
  path: string;
  /** The selected code. */
  text: string;
  startLine: number;
  endLine: number;
  limit?: number;
}

/** Client → server: code that resembles a selection (semantic when an embedder is on, lexical otherwise). */
export namespace FindSimilarRequest {
  export const method = "vibe/findSimilar" as const;
  export const type = new ProtocolRequestType<FindSimilarParams, SearchResult, never, void, void>(method);
}
