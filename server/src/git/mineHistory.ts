import { LOG_DIFF_ARGS, LOG_FORMAT, LogStreamParser } from "./logParser";
import { inspectRepository } from "./repoState";
import { streamGit } from "./runGit";
import type { MinedCommit, MinedHistory, RepositoryState } from "./types";

/**
 * A first-parent merge touching more files than this is taken for the sync of a long-lived branch ("Merge branch
 * 'main' into next"), not for one change: it is counted as the commits it brought. Same figure as the co-change
 * bulk-commit limit, which would otherwise drop the whole merge and, with it, every change it carried.
 */
export const DEFAULT_EXPAND_MERGES_OVER = 30;

/** Nested syncs (a synced branch that was itself synced) are expanded this many levels deep at most. */
const MAX_EXPANSION_DEPTH = 4;

export interface MineOptions {
  /** Mine only commits after this one (exclusive): the incremental step as HEAD moves. */
  sinceCommit?: string;
  /** Stop after this many first-parent commits (newest first). */
  maxCommits?: number;
  /** Follow only first parents (default): a merged branch counts once, as the merge's diff. */
  firstParent?: boolean;
  /**
   * In first-parent mode, a merge whose diff touches more files than this (default `DEFAULT_EXPAND_MERGES_OVER`) is
   * counted as the first-parent commits of the branch it merged instead (its own file list is emptied, so nothing
   * counts twice). `Infinity` keeps every merge as its diff.
   */
  expandMergesOver?: number;
  /** Already-inspected repository state, to save the rev-parse calls. */
  state?: RepositoryState;
  signal?: AbortSignal;
}

/** Builds the `git log` argument list for a mining run. */
export function logArguments(head: string, options: Pick<MineOptions, "sinceCommit" | "maxCommits" | "firstParent">): string[] {
  const revisions = [options.sinceCommit ? `${options.sinceCommit}..${head}` : head];
  return logArgumentsFor(revisions, options.firstParent !== false, options.maxCommits);
}

function logArgumentsFor(revisions: string[], firstParent: boolean, maxCommits?: number): string[] {
  const args = ["-c", "core.quotePath=false", "log", ...LOG_DIFF_ARGS, `--format=${LOG_FORMAT}`];
  if (firstParent) args.push("--first-parent");
  if (maxCommits !== undefined) args.push(`--max-count=${Math.max(0, Math.floor(maxCommits))}`);
  return [...args, ...revisions, "--"];
}

/** A bulk merge whose changes are counted in the commits listed after it: not a change of its own. */
export function isExpandedMerge(commit: MinedCommit): boolean {
  return commit.branchCommits !== undefined;
}

async function readLog(root: string, args: string[], signal?: AbortSignal): Promise<MinedCommit[]> {
  const commits: MinedCommit[] = [];
  const parser = new LogStreamParser((commit) => commits.push(commit));
  await streamGit(root, args, (text) => parser.push(text), { maxOutputBytes: Number.MAX_SAFE_INTEGER, signal });
  parser.end();
  return commits;
}

/**
 * Replaces each bulk merge of a first-parent list (newest first) by itself with no files followed by the commits its
 * other parents brought (`git log --first-parent <other parents> ^<first parent>`), newest first, each marked with
 * `mergedBy`. Merges on those branches are handled the same way, excluding everything the outer merge's first parent
 * already had, so no commit is counted twice.
 */
async function expandBulkMerges(
  root: string,
  commits: MinedCommit[],
  limit: number,
  excluded: string[],
  depth: number,
  signal?: AbortSignal,
): Promise<MinedCommit[]> {
  const result: MinedCommit[] = [];
  for (const commit of commits) {
    if (commit.parents.length < 2 || commit.files.length <= limit || depth >= MAX_EXPANSION_DEPTH) {
      result.push(commit);
      continue;
    }
    const exclude = [...excluded, `^${commit.parents[0]}`];
    let branch: MinedCommit[];
    try {
      branch = await readLog(root, logArgumentsFor([...commit.parents.slice(1), ...exclude], true), signal);
    } catch (error) {
      // A branch git cannot walk (a missing object in a damaged or partial clone) leaves the merge as one diff.
      if (signal?.aborted) throw error;
      result.push(commit);
      continue;
    }
    const expanded = await expandBulkMerges(root, branch, limit, exclude, depth + 1, signal);
    result.push({ ...commit, files: [], branchCommits: expanded.length });
    for (const brought of expanded) result.push({ ...brought, mergedBy: brought.mergedBy ?? commit.hash });
  }
  return result;
}

/**
 * Mines the history behind `root` with the real git, newest commit first. Outside a repository it returns an empty
 * history whose state says "not-git" (no throw); a shallow clone or a `maxCommits` cut marks it `partial`.
 * Paths are as of each commit; `followRenames` maps them to today's names.
 */
export async function mineHistory(root: string, options: MineOptions = {}): Promise<MinedHistory> {
  const state = options.state ?? (await inspectRepository(root));
  const firstParent = options.firstParent !== false;
  if (state.kind !== "git" || !state.head) {
    return { state, head: state.kind === "git" ? state.head : undefined, firstParent, partial: false, commits: [] };
  }
  const mainLine = await readLog(root, logArguments(state.head, options), options.signal);
  const cut = options.maxCommits !== undefined && mainLine.length >= options.maxCommits;
  const limit = options.expandMergesOver ?? DEFAULT_EXPAND_MERGES_OVER;
  const commits = firstParent && Number.isFinite(limit) ? await expandBulkMerges(root, mainLine, limit, [], 0, options.signal) : mainLine;
  return { state, head: state.head, firstParent, partial: state.shallow || cut, commits };
}
