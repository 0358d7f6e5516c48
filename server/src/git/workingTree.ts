import { createHash } from "node:crypto";
import { runGit } from "./runGit";

/** A file changed in the work tree relative to HEAD (staged or not), or new and not ignored. */
export interface WorkingTreeChange {
  path: string;
  status: "added" | "modified" | "deleted" | "untracked";
}

/**
 * Workspace files as git sees them: tracked plus untracked-but-not-ignored, relative to `root` (which may be a
 * subdirectory of the repository; files outside it are not listed).
 */
export async function listGitFiles(root: string): Promise<string[]> {
  const { stdout } = await runGit(root, ["-c", "core.quotePath=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    maxOutputBytes: 256 * 1024 * 1024,
  });
  return [...new Set(stdout.split("\0").filter(Boolean))];
}

/** Changes in the work tree and index against HEAD (all files count as added in a repository without commits). */
export async function workingTreeChanges(root: string, hasHead: boolean): Promise<WorkingTreeChange[]> {
  const changes: WorkingTreeChange[] = [];
  // Both walk the whole work tree; run them side by side.
  const [tracked, untracked] = await Promise.all([
    hasHead
      ? runGit(root, ["-c", "core.quotePath=false", "diff", "--name-status", "-z", "--no-renames", "--relative", "HEAD"])
      : runGit(root, ["-c", "core.quotePath=false", "ls-files", "-z", "--cached"]),
    runGit(root, ["-c", "core.quotePath=false", "ls-files", "-z", "--others", "--exclude-standard"]),
  ]);
  if (hasHead) {
    const parts = tracked.stdout.split("\0");
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const letter = parts[i].charAt(0);
      const status = letter === "A" ? "added" : letter === "D" ? "deleted" : "modified";
      changes.push({ path: parts[i + 1], status });
    }
  } else {
    for (const path of tracked.stdout.split("\0").filter(Boolean)) changes.push({ path, status: "added" });
  }
  for (const path of untracked.stdout.split("\0").filter(Boolean)) changes.push({ path, status: "untracked" });
  return changes;
}

/** The file's text at HEAD, or undefined when it did not exist there (or is not valid to read). */
export async function textAtHead(root: string, relativePath: string): Promise<string | undefined> {
  const result = await runGit(root, ["show", `HEAD:./${relativePath}`], { okExitCodes: [128], maxOutputBytes: 8 * 1024 * 1024 }).catch(() => undefined);
  if (!result || result.exitCode !== 0 || result.stdout.includes("\0")) return undefined;
  return result.stdout;
}

/**
 * The HEAD text of several files with one `git cat-file --batch` instead of a `git show` each (a process spawn costs
 * several ms in a server with a large heap). A path missing at HEAD, or binary, maps to undefined.
 */
export async function textsAtHead(root: string, relativePaths: readonly string[]): Promise<Map<string, string | undefined>> {
  const texts = new Map<string, string | undefined>();
  const wanted = relativePaths.filter((relative) => !/[\n\r]/.test(relative));
  if (wanted.length === 0) return texts;
  const input = wanted.map((relative) => `HEAD:./${relative}\n`).join("");
  const result = await runGit(root, ["cat-file", "--batch"], { input, encoding: "latin1", okExitCodes: [128], maxOutputBytes: 64 * 1024 * 1024 }).catch(() => undefined);
  if (!result || result.exitCode !== 0) return texts;
  const out = result.stdout;
  let offset = 0;
  for (const relative of wanted) {
    const headerEnd = out.indexOf("\n", offset);
    if (headerEnd < 0) break;
    const header = out.slice(offset, headerEnd).split(" ");
    if (header.length !== 3 || header[1] !== "blob") {
      // "<name> missing" (new file) or a non-blob: no content follows.
      texts.set(relative, undefined);
      offset = headerEnd + 1;
      continue;
    }
    const size = Number(header[2]);
    const content = Buffer.from(out.slice(headerEnd + 1, headerEnd + 1 + size), "latin1");
    texts.set(relative, content.includes(0) ? undefined : content.toString("utf8"));
    offset = headerEnd + 1 + size + 1;
  }
  return texts;
}

/** `git config user.email`, lower-cased, or undefined when unset. */
export async function currentUserEmail(root: string): Promise<string | undefined> {
  const result = await runGit(root, ["config", "--get", "user.email"], { okExitCodes: [1] }).catch(() => undefined);
  const email = result?.stdout.trim().toLowerCase();
  return email ? email : undefined;
}

/**
 * Blob ids of the files at HEAD under `root` (paths relative to it), so "did this file change since HEAD?" is a hash
 * of its bytes instead of a `git show` per file. Empty when there is no HEAD.
 */
export async function headBlobIds(root: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const result = await runGit(root, ["-c", "core.quotePath=false", "ls-tree", "-r", "-z", "HEAD"], { okExitCodes: [128], maxOutputBytes: 256 * 1024 * 1024 }).catch(() => undefined);
  if (!result || result.exitCode !== 0) return ids;
  for (const entry of result.stdout.split("\0")) {
    const tab = entry.indexOf("\t");
    const [, type, id] = entry.slice(0, tab).split(" ");
    if (tab > 0 && type === "blob") ids.set(entry.slice(tab + 1), id);
  }
  return ids;
}

/** The id git gives `content` as a blob (SHA-1, or SHA-256 in repositories that use it; told by the id's length). */
export function gitBlobId(content: string | Buffer, idLength = 40): string {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return createHash(idLength === 64 ? "sha256" : "sha1")
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest("hex");
}
