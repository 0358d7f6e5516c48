import type { Connection } from "vscode-languageserver/node";
import type { VibeInitializationOptions } from "../../shared/protocol/initialize";
import type { SkipReason } from "../../shared/protocol/indexing";
import type { SearchHit, SearchParams, SearchResult } from "../../shared/protocol/search";
import type { FileChangeKind } from "./indexing/indexCoordinator";
import type { Logger } from "./util/logger";

/** What a capability (impact, LLM actions, ...) gets from the server when it starts. */
export interface FeatureContext {
  connection: Connection;
  logger: Logger;
  /** Absolute path of the workspace folder; undefined when no folder is open. */
  root: string | undefined;
  options: VibeInitializationOptions;
  /** Folder with the tree-sitter .wasm files (dist/grammars). */
  grammarDir: string;
  /** The raw `vibeCoder` configuration section as the client has it now (parse your own sub-section). */
  pullRawSettings(): Promise<unknown>;
  /** Searches the workspace index once it is open; undefined when no folder is open or the index failed to open. */
  search?(params: SearchParams): Promise<SearchResult | undefined>;
  /** Chunks that define `name`, from the in-memory symbol index (no full-text query). */
  findDefinitions?(name: string, limit: number): Promise<SearchHit[] | undefined>;
  /**
   * Workspace files whose text contains the identifier `name` as a whole word (case-insensitively), best BM25 match
   * first, from the in-memory whole-file term index: a few milliseconds where a hybrid search takes tens.
   */
  filesMentioning?(name: string, limit: number): Promise<string[] | undefined>;
  /**
   * Why the indexer skips a workspace-relative file ("secret", "ignored", ...), null when it indexes it, undefined
   * when no index is open. Features that write files a model named use it to stay away from what the user excluded.
   */
  skipReason?(path: string): Promise<SkipReason | null | undefined>;
  /** Views that features offer one another; a feature fills its own entry when it starts, others read it per request. */
  shared: SharedFeatureViews;
}

/** What one feature lets the others read, without them reaching into its internals. */
export interface SharedFeatureViews {
  /** The impact feature's import graph. */
  importGraph?: ImportGraphView;
}

/** One import edge as another feature sees it. */
export interface ImportLink {
  /** Workspace-relative path of the other file. */
  path: string;
  /** 1-based line of the import statement in the importing file. */
  line: number;
  /** Names the statement imports ("default", "*" or identifiers); empty for a side-effect import. */
  names: string[];
}

/**
 * Read-only access to the import graph. Never waits: while the graph is still being built it answers from what has
 * been read so far (possibly nothing), so a caller on a latency-sensitive path is never held up by it.
 */
export interface ImportGraphView {
  /** Files that import `path` directly. */
  importersOf(path: string): ImportLink[];
  /** Workspace files `path` imports directly (resolved, including tsconfig paths). */
  importsOf(path: string): ImportLink[];
}

/**
 * A capability living in the server next to the index. Each registers its own request handlers on the connection
 * when created, so main.ts only lists features and forwards events to them.
 */
export interface ServerFeature {
  /** Workspace-relative file changes from the watcher (after the index saw them). */
  onFilesChanged?(changes: Array<{ path: string; kind: FileChangeKind }>): void;
  /** The `vibeCoder` section changed; `raw` is the new section. */
  onSettingsChanged?(raw: unknown): void;
  dispose(): Promise<void>;
}

export type FeatureFactory = (context: FeatureContext) => ServerFeature;
