import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LanceHistoryCache } from "../../../server/src/store/historyTable";
import { loadHistory } from "../../../server/src/git/historyStore";
import { TestRepo } from "./gitRepo";

/** Writes `count` small commits with git fast-import (seconds, not minutes) so mining runs on a long history. */
function fastImport(root: string, count: number): void {
  const chunks: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const content = `${i}\n`;
    const message = `c${i}`;
    chunks.push(
      `commit refs/heads/main\nmark :${i}\ncommitter T <t@example.com> ${1_600_000_000 + i} +0000\n` +
        `data ${message.length}\n${message}\n${i > 1 ? `from :${i - 1}\n` : ""}` +
        `M 100644 inline f${i % 50}.txt\ndata ${content.length}\n${content}\n`,
    );
  }
  execFileSync("git", ["fast-import", "--quiet"], { cwd: root, input: chunks.join(""), maxBuffer: 64 * 1024 * 1024 });
  execFileSync("git", ["reset", "-q", "--hard", "main"], { cwd: root });
}

describe("mining a long history", function () {
  this.timeout(180_000);

  it("streams 100,000 commits, caches them, and then mines only the new commit", async () => {
    const repo = new TestRepo();
    const storage = mkdtempSync(path.join(tmpdir(), "vibe-scale-cache-"));
    try {
      fastImport(repo.root, 100_000);
      const cold = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
      assert.deepEqual([cold.source, cold.history.commits.length], ["full", 100_000]);
      assert.equal(cold.history.commits[0].subject, "c100000");
      assert.deepEqual(cold.history.commits[0].files.map((file) => file.path), ["f0.txt"]);
      repo.commit({ message: "one more", write: { "new.txt": "x\n" }, day: 5000 });
      const step = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
      assert.deepEqual([step.source, step.minedCommits, step.history.commits.length], ["incremental", 1, 100_001]);
      const capped = await loadHistory(repo.root, { maxCommits: 100 });
      assert.equal(capped.history.commits.length, 100);
      assert.equal(capped.history.partial, true);
    } finally {
      repo.dispose();
      rmSync(storage, { recursive: true, force: true });
    }
  });
});
