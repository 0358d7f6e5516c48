/** Sent by the client (or CLI) as LSP `initializationOptions`. */
export interface VibeInitializationOptions {
  /** Folder (or, in future, an object-store URI) that holds this workspace's index; outside the repository. */
  storagePath: string;
  /** Folder where downloaded embedding models are cached. */
  modelCachePath: string;
  /** Who is driving the server; the CLI has no file watcher and answers configuration requests itself. */
  clientKind: "vscode" | "cli";
  /** Watch the file system for external changes (git checkout, other editors). */
  watchFiles: boolean;
  /** Start an index run as soon as the server is up (default true). The CLI asks for runs explicitly instead. */
  autoIndex?: boolean;
}

export function isVibeInitializationOptions(value: unknown): value is VibeInitializationOptions {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.storagePath === "string" &&
    typeof v.modelCachePath === "string" &&
    (v.clientKind === "vscode" || v.clientKind === "cli") &&
    typeof v.watchFiles === "boolean" &&
    (v.autoIndex === undefined || typeof v.autoIndex === "boolean")
  );
}
