import type { MinedCommit } from "../git/types";

const DAY = 86_400;

/**
 * Which files each author touched and when, built incrementally from commits given oldest first (renames move the
 * record). A developer's next change is most often near their own recent work, so the ranker asks how recently the
 * person asking (the git user) touched each candidate.
 */
export class AuthorActivity {
  private readonly byAuthor = new Map<string, Map<string, { last: number; weighted: number }>>();
  /** Each author's newest (non-bulk) commit time, for "changed in your last commit". */
  private readonly lastCommit = new Map<string, number>();

  constructor(private readonly halfLifeDays = 14) {}

  addCommit(commit: MinedCommit): void {
    let files = this.byAuthor.get(commit.authorEmail);
    if (!files) this.byAuthor.set(commit.authorEmail, (files = new Map()));
    for (const all of this.byAuthor.values()) {
      for (const file of commit.files) {
        if (file.status !== "R" || !file.previousPath || !all.has(file.previousPath)) continue;
        all.set(file.path, all.get(file.previousPath) as { last: number; weighted: number });
        all.delete(file.previousPath);
      }
    }
    if (commit.files.length > 30) return;
    this.lastCommit.set(commit.authorEmail, Math.max(this.lastCommit.get(commit.authorEmail) ?? 0, commit.authorTime));
    for (const file of commit.files) {
      const entry = files.get(file.path);
      const decayed = entry ? entry.weighted * 2 ** (-(commit.authorTime - entry.last) / (this.halfLifeDays * DAY)) : 0;
      files.set(file.path, { last: Math.max(entry?.last ?? 0, commit.authorTime), weighted: decayed + 1 });
    }
  }

  /** When `email` last changed `path` (author time, seconds), or undefined when never. */
  lastTouch(email: string | undefined, path: string): number | undefined {
    return email ? this.byAuthor.get(email.toLowerCase())?.get(path)?.last : undefined;
  }

  /** True when `path` changed in the newest (non-bulk) commit `email` made: work in progress tends to continue. */
  inLastCommitOf(email: string | undefined, path: string): boolean {
    const key = email?.toLowerCase();
    if (!key) return false;
    const entry = this.byAuthor.get(key)?.get(path);
    return entry !== undefined && entry.last === this.lastCommit.get(key);
  }

  /** Recency-weighted number of times `email` touched `path`, as of `now` (0 when never). */
  involvement(email: string | undefined, path: string, now: number): number {
    const entry = email ? this.byAuthor.get(email.toLowerCase())?.get(path) : undefined;
    if (!entry) return 0;
    return entry.weighted * 2 ** (-Math.max(0, now - entry.last) / (this.halfLifeDays * DAY));
  }
}
