import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Connection } from "@lancedb/lancedb";
import { WRITER_LOCK_FILE } from "./writerLock";

/** True when the storage location is a URI (s3://, gs://, az://, memory://) rather than a local directory. */
export function isRemoteStorage(storagePath: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(storagePath);
}

/** The sentence shown to the user when the index had to be rebuilt. */
export function recoveredMessage(storagePath: string, why: string): string {
  return `The search index in ${storagePath} could not be used (${why}), so it was cleared and will be rebuilt from the workspace files.`;
}

/** Turns a LanceDB error into a short reason for logs and the recovered message. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split("\n")[0] ?? text;
  return firstLine.length > 200 ? `${firstLine.slice(0, 200)}…` : firstLine;
}

/**
 * Makes sure a local storage path is a directory. A plain file in its place (garbage left by something else) is
 * moved aside rather than deleted, because it is not ours to destroy.
 */
export function ensureLocalDirectory(storagePath: string): string | undefined {
  if (isRemoteStorage(storagePath)) return undefined;
  let movedAside: string | undefined;
  if (existsSync(storagePath) && !lstatSync(storagePath).isDirectory()) {
    movedAside = `${storagePath}.unreadable-${Date.now()}`;
    renameSync(storagePath, movedAside);
  }
  mkdirSync(storagePath, { recursive: true });
  return movedAside;
}

/**
 * Deletes every table in the storage directory. The directory belongs to the index store alone (other capabilities
 * keep their data elsewhere) and holds only derived data, so clearing it loses nothing that re-indexing cannot
 * rebuild. The writer lock file is kept: the process clearing the directory is the one holding it.
 */
export async function clearStorage(storagePath: string, db: Connection | null): Promise<void> {
  if (isRemoteStorage(storagePath)) {
    if (db) await db.dropAllTables();
    return;
  }
  for (const entry of readdirSync(storagePath)) {
    if (entry === WRITER_LOCK_FILE) continue;
    rmSync(join(storagePath, entry), { recursive: true, force: true });
  }
}
