import type { Logger } from "../util/logger";
import type { HistoryCache } from "./historyCache";
import { mineHistory } from "./mineHistory";
import { inspectRepository, isAncestor } from "./repoState";
import type { MinedHistory } from "./types";

export interface LoadHistoryOptions {
  cache?: HistoryCache;
  firstParent?: boolean;
  /** Cap for a cold mine (newest commits kept); incremental steps are never capped. */
  maxCommits?: number;
  logger?: Logger;
  signal?: AbortSignal;
  /** History already in memory: returned as is when HEAD has not moved, so the cache is not read again. */
  known?: MinedHistory;
}

export interface LoadedHistory {
  history: MinedHistory;
  /** How the history was obtained this time: cache hit, incremental step, or full mine. */
  source: "cache" | "incremental" | "full" | "none";
  /** Commits mined by git during this call. */
  minedCommits: number;
}

/**
 * Returns the history at the current HEAD, mining only what the cache lacks: nothing when HEAD has not moved, the
 * new commits when the cached head is an ancestor of HEAD, everything otherwise (a rebase, a branch switch to an
 * unrelated line, a corrupt cache). Saves what it mined. Never throws for "not a git repository".
 */
export async function loadHistory(root: string, options: LoadHistoryOptions = {}): Promise<LoadedHistory> {
  const firstParent = options.firstParent !== false;
  const state = await inspectRepository(root);
  if (state.kind !== "git" || !state.head) {
    return { history: { state, head: undefined, firstParent, partial: false, commits: [] }, source: "none", minedCommits: 0 };
  }
  const known = options.known;
  if (known && known.head === state.head && known.firstParent === firstParent) {
    return { history: { ...known, state, partial: known.partial || state.shallow }, source: "cache", minedCommits: 0 };
  }
  // What is in memory is what the cache holds (it was saved after being mined), so continue from it without a read.
  const inMemory = known?.head && known.firstParent === firstParent ? { head: known.head, firstParent, partial: known.partial, commits: known.commits } : undefined;
  const cached =
    inMemory ??
    (await options.cache?.load().catch((error: unknown) => {
      options.logger?.warn(`History cache unreadable, mining again: ${String(error)}`);
      return undefined;
    }));
  const usable = cached && cached.firstParent === firstParent ? cached : undefined;
  if (usable && usable.head === state.head) {
    return {
      history: { state, head: state.head, firstParent, partial: usable.partial || state.shallow, commits: usable.commits },
      source: "cache",
      minedCommits: 0,
    };
  }
  if (usable && (await isAncestor(root, usable.head, state.head))) {
    const step = await mineHistory(root, { state, firstParent, sinceCommit: usable.head, signal: options.signal });
    const commits = [...step.commits, ...usable.commits];
    const history: MinedHistory = { state, head: state.head, firstParent, partial: usable.partial || state.shallow, commits };
    await saveQuietly(options, history);
    return { history, source: "incremental", minedCommits: step.commits.length };
  }
  const full = await mineHistory(root, { state, firstParent, maxCommits: options.maxCommits, signal: options.signal });
  await saveQuietly(options, full);
  return { history: full, source: "full", minedCommits: full.commits.length };
}

async function saveQuietly(options: LoadHistoryOptions, history: MinedHistory): Promise<void> {
  if (!options.cache || !history.head) return;
  try {
    await options.cache.save({ head: history.head, firstParent: history.firstParent, partial: history.partial, commits: history.commits });
  } catch (error) {
    // Losing the cache only costs a re-mine next time; the answer the user waits for must not fail because of it.
    options.logger?.warn(`Could not save mined history: ${String(error)}`);
  }
}
