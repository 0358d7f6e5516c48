import type { MinedCommit } from "../git/types";

/** One commit's change to one file. */
export interface FileTouch {
  hash: string;
  time: number;
  authorEmail: string;
  added: number;
  deleted: number;
  binary: boolean;
  fix: boolean;
  /** Files the commit touched in total (so bulk edits can be discounted). */
  commitSize: number;
}

const FIX_SUBJECT = /^(fix|bugfix|hotfix)(\(.*?\))?!?:|\b(fix(e[sd])?|fixing|bug|bugs|regression|crash(es)?|broken|hotfix|patch(ed)? (a|the) )\b/i;

/** True when a commit message says it fixes a bug (conventional `fix:` or the usual words). */
export function isFixCommit(subject: string, body = ""): boolean {
  if (/^(chore|docs|build|ci|style|test|release|refactor)(\(.*?\))?!?:/i.test(subject) && !/\bbug\b/i.test(subject)) return false;
  return FIX_SUBJECT.test(subject) || /^fix(es|ed)? #\d+/im.test(body);
}

/**
 * Per-file list of the commits that touched it, built incrementally from commits given oldest first. Renames move
 * the list to the new name; deletions mark the file gone until something recreates it.
 */
export class FileHistoryIndex {
  private readonly touchesByPath = new Map<string, FileTouch[]>();
  private readonly deleted = new Set<string>();
  private commitCount = 0;

  get commits(): number {
    return this.commitCount;
  }

  addCommit(commit: MinedCommit): void {
    this.commitCount += 1;
    const fix = isFixCommit(commit.subject, commit.body);
    for (const file of commit.files) {
      if (file.status === "R" && file.previousPath && file.previousPath !== file.path) {
        const moved = this.touchesByPath.get(file.previousPath) ?? [];
        this.touchesByPath.delete(file.previousPath);
        this.touchesByPath.set(file.path, [...(this.touchesByPath.get(file.path) ?? []), ...moved]);
        this.deleted.add(file.previousPath);
      }
      if (file.status === "D") this.deleted.add(file.path);
      else this.deleted.delete(file.path);
      const list = this.touchesByPath.get(file.path) ?? [];
      list.push({
        hash: commit.hash,
        time: commit.authorTime,
        authorEmail: commit.authorEmail,
        added: file.added,
        deleted: file.deleted,
        binary: file.binary,
        fix,
        commitSize: commit.files.length,
      });
      this.touchesByPath.set(file.path, list);
    }
  }

  /** Commits that touched `path`, oldest first (empty when unknown). */
  touches(path: string): readonly FileTouch[] {
    return this.touchesByPath.get(path) ?? [];
  }

  /** True when the file's newest recorded change deleted it. */
  isDeleted(path: string): boolean {
    return this.deleted.has(path);
  }

  /** Every path that has history and was not deleted. */
  livePaths(): string[] {
    return [...this.touchesByPath.keys()].filter((path) => !this.deleted.has(path));
  }
}
