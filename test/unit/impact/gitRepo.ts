import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, unlinkSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export interface CommitSpec {
  message: string;
  /** Files to write (path → content). */
  write?: Record<string, string | Buffer>;
  remove?: string[];
  /** Renames done with `git mv` (old → new). */
  move?: Record<string, string>;
  author?: { name: string; email: string };
  /** Days after 2024-01-01T00:00:00Z. */
  day: number;
}

export const ALICE = { name: "Alice", email: "alice@example.com" };
export const BOB = { name: "Bob", email: "bob@example.com" };

const BASE_TIME = Date.UTC(2024, 0, 1) / 1000;

/** A real git repository in a temp dir, with commits at fixed dates and authors so history is deterministic. */
export class TestRepo {
  readonly root: string;

  constructor(prefix = "vibe-impact-") {
    this.root = mkdtempSync(path.join(tmpdir(), prefix));
    this.git("init", "-q", "-b", "main");
    this.git("config", "user.name", ALICE.name);
    this.git("config", "user.email", ALICE.email);
    this.git("config", "commit.gpgsign", "false");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.root, encoding: "utf8", env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1" } });
  }

  write(relative: string, content: string | Buffer): void {
    const full = path.join(this.root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }

  commit(spec: CommitSpec): string {
    for (const [from, to] of Object.entries(spec.move ?? {})) {
      mkdirSync(path.dirname(path.join(this.root, to)), { recursive: true });
      this.git("mv", from, to);
    }
    for (const [relative, content] of Object.entries(spec.write ?? {})) this.write(relative, content);
    for (const relative of spec.remove ?? []) this.git("rm", "-q", relative);
    this.git("add", "-A");
    const author = spec.author ?? ALICE;
    const date = `${BASE_TIME + spec.day * 86_400} +0000`;
    execFileSync("git", ["commit", "-q", "--allow-empty", "-m", spec.message], {
      cwd: this.root,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      },
    });
    return this.git("rev-parse", "HEAD").trim();
  }

  unlink(relative: string): void {
    unlinkSync(path.join(this.root, relative));
  }

  rename(from: string, to: string): void {
    renameSync(path.join(this.root, from), path.join(this.root, to));
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Seconds since the epoch for a fixture day. */
export function dayTime(day: number): number {
  return BASE_TIME + day * 86_400;
}
