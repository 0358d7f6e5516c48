import { LOG_DIFF_ARGS, LOG_FORMAT, LogStreamParser } from "./logParser";
import { inspectRepository } from "./repoState";
import { streamGit } from "./runGit";
import type { MinedCommit, MinedHistory, RepositoryState } from "./types";

export interface MineOptions {
  /** Mine only commits after this one (exclusive): the incremental step as HEAD moves. */
  sinceCommit?: string;
  /** Stop after this many commits (newest first). */
  maxCommits?: number;
  /** Follow only first parents (default): a merged branch counts once, as the merge's diff. */
  firstParent?: boolean;
  /** Already-inspected repository state, to save the rev-parse calls. */
  state?: RepositoryState;
  /** Called for each commit as it is parsed (newest first), for callers that do not want them all in memory. */
  onCommit?: (commit: MinedCommit) => void;
  signal?: AbortSignal;
}

/** Builds the `git log` argument list for a mining run. */
export function logArguments(head: string, options: Pick<MineOptions, "sinceCommit" | "maxCommits" | "firstParent">): string[] {
  const args = ["-c", "core.quotePath=false", "log", ...LOG_DIFF_ARGS, `--format=${LOG_FORMAT}`];
  if (options.firstParent !== false) args.push("--first-parent");
  if (options.maxCommits !== undefined) args.push(`--max-count=${Math.max(0, Math.floor(options.maxCommits))}`);
  args.push(options.sinceCommit ? `${options.sinceCommit}..${head}` : head);
  args.push("--");
  return args;
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
  const commits: MinedCommit[] = [];
  const parser = new LogStreamParser((commit) => {
    if (options.onCommit) options.onCommit(commit);
    else commits.push(commit);
  });
  await streamGit(root, logArguments(state.head, options), (text) => parser.push(text), {
    maxOutputBytes: Number.MAX_SAFE_INTEGER,
    signal: options.signal,
  });
  parser.end();
  const cut = options.maxCommits !== undefined && commits.length >= options.maxCommits;
  return { state, head: state.head, firstParent, partial: state.shallow || cut, commits };
}
