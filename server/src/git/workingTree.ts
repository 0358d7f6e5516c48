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
  if (hasHead) {
    const { stdout } = await runGit(root, ["-c", "core.quotePath=false", "diff", "--name-status", "-z", "--no-renames", "--relative", "HEAD"]);
    const parts = stdout.split("\0");
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const letter = parts[i].charAt(0);
      const status = letter === "A" ? "added" : letter === "D" ? "deleted" : "modified";
      changes.push({ path: parts[i + 1], status });
    }
  } else {
    const { stdout } = await runGit(root, ["-c", "core.quotePath=false", "ls-files", "-z", "--cached"]);
    for (const path of stdout.split("\0").filter(Boolean)) changes.push({ path, status: "added" });
  }
  const { stdout: untracked } = await runGit(root, ["-c", "core.quotePath=false", "ls-files", "-z", "--others", "--exclude-standard"]);
  for (const path of untracked.split("\0").filter(Boolean)) changes.push({ path, status: "untracked" });
  return changes;
}

/** The file's text at HEAD, or undefined when it did not exist there (or is not valid to read). */
export async function textAtHead(root: string, relativePath: string): Promise<string | undefined> {
  const result = await runGit(root, ["show", `HEAD:./${relativePath}`], { okExitCodes: [128], maxOutputBytes: 8 * 1024 * 1024 }).catch(() => undefined);
  if (!result || result.exitCode !== 0 || result.stdout.includes("\0")) return undefined;
  return result.stdout;
}

/** `git config user.email`, lower-cased, or undefined when unset. */
export async function currentUserEmail(root: string): Promise<string | undefined> {
  const result = await runGit(root, ["config", "--get", "user.email"], { okExitCodes: [1] }).catch(() => undefined);
  const email = result?.stdout.trim().toLowerCase();
  return email ? email : undefined;
}
