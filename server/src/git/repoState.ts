import { GitError, runGit } from "./runGit";
import type { RepositoryState } from "./types";

/**
 * Finds out whether `root` is inside a git work tree and what HEAD looks like. Never throws for "not a repository"
 * (impact then works from the import graph alone); it only throws when git itself cannot be run.
 */
export async function inspectRepository(root: string): Promise<RepositoryState> {
  let lines: string[];
  try {
    const result = await runGit(root, [
      "rev-parse",
      "--is-inside-work-tree",
      "--show-toplevel",
      "--show-prefix",
      "--is-shallow-repository",
    ]);
    lines = result.stdout.split("\n");
  } catch (error) {
    if (error instanceof GitError && error.exitCode !== null) {
      return { kind: "not-git", reason: `not a git repository: ${error.stderr.split("\n")[0] || root}` };
    }
    if (error instanceof GitError) throw error;
    return { kind: "not-git", reason: `not a git repository: ${(error as Error).message}` };
  }
  if (lines[0] !== "true") return { kind: "not-git", reason: "not a git work tree (bare repository or .git dir)" };
  const [, topLevel, prefix, shallow] = lines;
  const head = await runGit(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], { okExitCodes: [1] });
  const branch = await runGit(root, ["symbolic-ref", "--quiet", "--short", "HEAD"], { okExitCodes: [1] });
  return {
    kind: "git",
    topLevel,
    prefix: prefix ?? "",
    head: head.exitCode === 0 ? head.stdout.trim() : undefined,
    branch: branch.exitCode === 0 ? branch.stdout.trim() : undefined,
    shallow: shallow === "true",
  };
}

/** True when `ancestor` is reachable from `descendant` (so mining can continue from it). */
export async function isAncestor(root: string, ancestor: string, descendant: string): Promise<boolean> {
  const result = await runGit(root, ["merge-base", "--is-ancestor", ancestor, descendant], { okExitCodes: [1, 128] });
  return result.exitCode === 0;
}
