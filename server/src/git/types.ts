/** One file a commit touched, as `git log --numstat --raw -M` reported it. */
export interface FileChange {
  /** Path at this commit, relative to the workspace root, forward slashes. */
  path: string;
  /** For a rename or copy: the path before it. */
  previousPath?: string;
  /** "A" added, "M" modified, "D" deleted, "R" renamed, "C" copied, "T" type changed. */
  status: "A" | "M" | "D" | "R" | "C" | "T";
  added: number;
  deleted: number;
  /** Git reports no line counts for binary files ("-"): they are kept, with zero counts and this flag. */
  binary: boolean;
}

/**
 * A commit as mined. Merges appear once: first-parent mining diffs them against their first parent, except a bulk
 * merge (the sync of a long-lived branch), which is followed by the commits it brought (see `mineHistory`).
 */
export interface MinedCommit {
  hash: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** Author time, seconds since the epoch. */
  authorTime: number;
  /** Committer time, seconds since the epoch; the order commits landed in. */
  commitTime: number;
  subject: string;
  body: string;
  files: FileChange[];
  /** On a bulk merge counted as the commits it brought: how many follow it in the list. Its `files` is empty. */
  branchCommits?: number;
  /** On a commit a bulk merge brought onto the first-parent line: that merge's hash. */
  mergedBy?: string;
}

/** What is known about the repository behind a workspace folder. */
export type RepositoryState =
  | { kind: "not-git"; reason: string }
  | {
      kind: "git";
      /** Absolute path of the repository's top level. */
      topLevel: string;
      /** The workspace folder relative to the top level ("" at the top, else ending with "/"). */
      prefix: string;
      /** Undefined in a repository without commits. */
      head?: string;
      /** The checked-out branch, or undefined when HEAD is detached. */
      branch?: string;
      /** A shallow clone: history before the graft point is missing, so every history figure is partial. */
      shallow: boolean;
    };

/** Mined history of one workspace, newest commit first. */
export interface MinedHistory {
  state: RepositoryState;
  /** The HEAD this history was mined at (undefined outside git or in an empty repository). */
  head?: string;
  firstParent: boolean;
  /** True for a shallow clone or when `maxCommits` cut the walk short. */
  partial: boolean;
  commits: MinedCommit[];
}
