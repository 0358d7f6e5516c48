import type { MinedCommit } from "./types";

/** Mined commits saved for a workspace, newest first, valid for `head`. */
export interface CachedHistory {
  head: string;
  firstParent: boolean;
  partial: boolean;
  commits: MinedCommit[];
}

/** Where mined history is kept between runs: `LanceHistoryCache` (store/historyTable.ts) in the server and the CLI. */
export interface HistoryCache {
  /** The saved history, or undefined when there is none or it is unreadable (then the caller re-mines). */
  load(): Promise<CachedHistory | undefined>;
  save(history: CachedHistory): Promise<void>;
}
