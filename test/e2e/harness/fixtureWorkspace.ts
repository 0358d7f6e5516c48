import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./codeServer";

export interface FixtureWorkspace {
  /** Absolute path of the temp copy. */
  readonly dir: string;
  /** 1-based line of the first line in `relativePath` that contains `text` (what the status bar calls "Ln"). */
  lineOf(relativePath: string, text: string): number;
  cleanup(): void;
}

/**
 * Copies test/fixtures/<name> into a temp dir and makes it a git repository with one commit, as a user's project
 * would be (the indexer honours .gitignore and git history).
 */
export function copyFixtureWorkspace(name = "e2e-workspace"): FixtureWorkspace {
  const root = mkdtempSync(join(tmpdir(), "vibe-e2e-ws-"));
  const dir = join(root, name);
  cpSync(join(REPO_ROOT, "test", "fixtures", name), dir, { recursive: true });
  const git = (...args: string[]) =>
    spawnSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, GIT_AUTHOR_NAME: "e2e", GIT_AUTHOR_EMAIL: "e2e@example.invalid", GIT_COMMITTER_NAME: "e2e", GIT_COMMITTER_EMAIL: "e2e@example.invalid" },
    });
  if (git("init", "-q", "-b", "main").status === 0) {
    git("add", "-A");
    git("commit", "-q", "-m", "fixture");
  }
  return fixtureAt(root, dir);
}

/** The handle for a fixture copied to `dir` inside the temp folder `root` (removed on cleanup unless VIBE_E2E_KEEP). */
export function fixtureAt(root: string, dir: string): FixtureWorkspace {
  return {
    dir,
    lineOf(relativePath: string, text: string): number {
      const index = readFileSync(join(dir, relativePath), "utf8").split("\n").findIndex((line) => line.includes(text));
      if (index < 0) throw new Error(`${relativePath} has no line containing ${JSON.stringify(text)}`);
      return index + 1;
    },
    cleanup(): void {
      if (!process.env.VIBE_E2E_KEEP) rmSync(root, { recursive: true, force: true });
    },
  };
}
