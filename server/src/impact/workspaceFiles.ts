import { readdir } from "node:fs/promises";
import * as path from "node:path";

const SKIPPED_DIRECTORIES = new Set([".git", "node_modules", "dist", "out", "build", "coverage", ".venv", "venv", "__pycache__", ".next", ".cache", "target"]);

/**
 * Lists files under `root` without git (for folders that are not repositories): workspace-relative paths, skipping
 * dependency and build folders and symlinks, stopping at `limit` files so a huge folder cannot stall the server.
 */
export async function walkWorkspaceFiles(root: string, limit = 200_000): Promise<{ files: string[]; truncated: boolean }> {
  const files: string[] = [];
  const pending = [""];
  while (pending.length > 0) {
    const relativeDir = pending.pop() as string;
    let entries;
    try {
      entries = await readdir(path.join(root, relativeDir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(relative);
      } else if (entry.isFile()) {
        files.push(relative);
        if (files.length >= limit) return { files, truncated: true };
      }
    }
  }
  return { files: files.sort(), truncated: false };
}

/**
 * Turns a user-supplied path (absolute, or relative to the workspace, with either separator) into a workspace-relative
 * path with forward slashes; undefined when it points outside the workspace.
 */
export function toWorkspacePath(root: string, filePath: string): string | undefined {
  const absolute = path.resolve(root, filePath);
  const relative = path.relative(root, absolute);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join("/");
}
