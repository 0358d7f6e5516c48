import { realpathSync } from "node:fs";
import * as path from "node:path";
import type { SkipReason } from "../../../shared/protocol/indexing";
import { isSecretFileName } from "../indexer/defaultExcludes";

/** The indexer's verdict on a workspace-relative file (null: indexed), or undefined when no index can say. */
export type FileVerdict = (workspacePath: string) => Promise<SkipReason | null | undefined>;

export type EditPathCheck = { ok: true; path: string } | { ok: false; reason: string };

const SKIP_WORDS: Record<SkipReason, string> = {
  ignored: "is excluded by .gitignore, .vibeignore or vibeCoder.index.exclude",
  "default-exclude": "is a dependency, build output or generated file",
  secret: "may hold secrets",
  binary: "is a binary file",
  "too-large": "is too large",
  unreadable: "cannot be read",
  "invalid-utf8": "is not valid UTF-8 text",
  "symlink-loop": "is a link loop",
  vanished: "does not exist",
};

/** The deepest existing ancestor's real path, so a new file's folder cannot be a symlink out of the workspace. */
function realPathOfExisting(full: string): string {
  let current = full;
  for (;;) {
    try {
      return path.join(realpathSync(current), path.relative(current, full));
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return full;
      current = parent;
    }
  }
}

/**
 * Whether a model may edit (or create) the file it named: a workspace-relative path that stays inside the folder
 * (symlinks resolved), and that the indexer would read: never a secret, ignored, generated or binary file. The
 * normalised path is returned; `reason` is a user-facing phrase completing "… <path> …".
 */
export async function checkEditPath(raw: string, root: string | undefined, verdict: FileVerdict | undefined): Promise<EditPathCheck> {
  if (!root) return { ok: false, reason: "no folder is open" };
  const cleaned = raw.trim().replace(/\\/g, "/");
  if (cleaned === "" || cleaned.includes("\0")) return { ok: false, reason: "the path is empty or invalid" };
  if (path.posix.isAbsolute(cleaned) || /^[A-Za-z]:\//.test(cleaned)) return { ok: false, reason: "the path is absolute, not workspace-relative" };
  const normal = path.posix.normalize(cleaned.replace(/^(\.\/)+/, ""));
  if (normal === "." || normal === ".." || normal.startsWith("../")) return { ok: false, reason: "the path leads outside the workspace" };
  if (normal.split("/").includes(".git")) return { ok: false, reason: "the path is inside .git" };
  const realRoot = realPathOfExisting(root);
  const real = realPathOfExisting(path.join(root, normal));
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return { ok: false, reason: "the path leads outside the workspace (through a link)" };
  if (isSecretFileName(path.posix.basename(normal))) return { ok: false, reason: `the file ${SKIP_WORDS.secret}` };
  const skip = verdict ? await verdict(normal).catch(() => undefined) : undefined;
  if (skip) return { ok: false, reason: `the file ${SKIP_WORDS[skip]}` };
  return { ok: true, path: normal };
}
