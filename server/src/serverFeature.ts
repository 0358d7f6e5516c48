import type { Connection } from "vscode-languageserver/node";
import type { VibeInitializationOptions } from "../../shared/protocol/initialize";
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
