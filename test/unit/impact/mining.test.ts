import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as lancedb from "@lancedb/lancedb";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LanceHistoryCache } from "../../../server/src/store/historyTable";
import { loadHistory } from "../../../server/src/git/historyStore";
import { LogStreamParser } from "../../../server/src/git/logParser";
import { logArguments, mineHistory } from "../../../server/src/git/mineHistory";
import { followRenames } from "../../../server/src/git/renames";
import { runGit } from "../../../server/src/git/runGit";
import type { MinedCommit } from "../../../server/src/git/types";
import { CoChangeIndex } from "../../../server/src/impact/cochange";
import { ALICE, BOB, TestRepo, dayTime } from "./gitRepo";

describe("git history mining", () => {
  let repo: TestRepo;
  const cleanup: string[] = [];

  beforeEach(() => {
    repo = new TestRepo();
  });
  afterEach(() => {
    repo.dispose();
    for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("reads commits newest first with authors, dates, messages and line counts", async () => {
    repo.commit({ message: "feat: add a", write: { "src/a.ts": "one\ntwo\n" }, day: 1 });
    repo.commit({ message: "fix(a): handle empty\n\nLonger body line.", write: { "src/a.ts": "one\n", "src/b.ts": "b\n" }, author: BOB, day: 2 });
    const history = await mineHistory(repo.root);
    assert.equal(history.state.kind, "git");
    assert.equal(history.partial, false);
    assert.equal(history.commits.length, 2);
    const [newest, oldest] = history.commits;
    assert.equal(newest.subject, "fix(a): handle empty");
    assert.equal(newest.body, "Longer body line.");
    assert.equal(newest.authorEmail, BOB.email);
    assert.equal(newest.authorTime, dayTime(2));
    assert.deepEqual(newest.parents, [oldest.hash]);
    const a = newest.files.find((file) => file.path === "src/a.ts");
    assert.deepEqual({ added: a?.added, deleted: a?.deleted, status: a?.status }, { added: 0, deleted: 1, status: "M" });
    assert.equal(oldest.files[0].status, "A");
    assert.equal(oldest.files[0].added, 2);
  });

  it("follows renames so a moved file keeps its history", async () => {
    repo.commit({ message: "add", write: { "old/util.ts": "export const x = 1;\n".repeat(20) }, day: 1 });
    repo.commit({ message: "edit", write: { "old/util.ts": "export const x = 1;\n".repeat(20) + "export const y = 2;\n" }, day: 2 });
    repo.commit({ message: "move", move: { "old/util.ts": "lib/util.ts" }, day: 3 });
    repo.commit({ message: "edit again", write: { "lib/util.ts": "export const x = 1;\n".repeat(21) }, day: 4 });
    const history = await mineHistory(repo.root);
    const moved = history.commits[1].files[0];
    assert.equal(moved.status, "R");
    assert.equal(moved.previousPath, "old/util.ts");
    const followed = followRenames(history.commits);
    const paths = followed.map((commit) => commit.files.map((file) => file.path).join(","));
    assert.deepEqual(paths, ["lib/util.ts", "lib/util.ts", "lib/util.ts", "lib/util.ts"]);
    assert.equal(followed[3].files[0].previousPath, "old/util.ts");
  });

  it("keeps binary files with a binary flag and no line counts", async () => {
    repo.commit({ message: "logo", write: { "logo.png": Buffer.from([0, 1, 2, 3, 0, 255, 0]), "a.txt": "x\n" }, day: 1 });
    const [commit] = (await mineHistory(repo.root)).commits;
    const logo = commit.files.find((file) => file.path === "logo.png");
    assert.deepEqual({ binary: logo?.binary, added: logo?.added }, { binary: true, added: 0 });
    assert.equal(commit.files.find((file) => file.path === "a.txt")?.binary, false);
  });

  it("says 'not a git repository' instead of throwing", async () => {
    const plain = mkdtempSync(path.join(tmpdir(), "vibe-nogit-"));
    cleanup.push(plain);
    writeFileSync(path.join(plain, "a.ts"), "x");
    const history = await mineHistory(plain);
    assert.equal(history.state.kind, "not-git");
    assert.match(history.state.kind === "not-git" ? history.state.reason : "", /not a git repository/);
    assert.deepEqual(history.commits, []);
    const loaded = await loadHistory(plain);
    assert.equal(loaded.source, "none");
  });

  it("handles a repository without commits", async () => {
    const history = await mineHistory(repo.root);
    assert.equal(history.state.kind, "git");
    assert.equal(history.head, undefined);
    assert.deepEqual(history.commits, []);
  });

  it("marks a shallow clone as partial history", async () => {
    for (let day = 1; day <= 3; day += 1) repo.commit({ message: `c${day}`, write: { "a.txt": `${day}\n` }, day });
    const cloneDir = mkdtempSync(path.join(tmpdir(), "vibe-shallow-"));
    cleanup.push(cloneDir);
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${repo.root}`, cloneDir]);
    const history = await mineHistory(cloneDir);
    assert.equal(history.state.kind === "git" && history.state.shallow, true);
    assert.equal(history.partial, true);
    assert.equal(history.commits.length, 1);
  });

  it("works on a detached HEAD", async () => {
    const first = repo.commit({ message: "c1", write: { "a.txt": "1\n" }, day: 1 });
    repo.commit({ message: "c2", write: { "a.txt": "2\n" }, day: 2 });
    repo.git("checkout", "-q", "--detach", first);
    const history = await mineHistory(repo.root);
    assert.equal(history.state.kind === "git" ? history.state.branch : "x", undefined);
    assert.equal(history.head, first);
    assert.equal(history.commits.length, 1);
  });

  it("skips submodule pointers (gitlinks)", async () => {
    const inner = new TestRepo("vibe-sub-");
    try {
      inner.commit({ message: "inner", write: { "lib.txt": "x\n" }, day: 1 });
      repo.commit({ message: "base", write: { "a.txt": "1\n" }, day: 1 });
      repo.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", inner.root, "vendor/inner");
      repo.commit({ message: "add submodule", write: { "a.txt": "2\n" }, day: 2 });
      const [newest] = (await mineHistory(repo.root)).commits;
      assert.deepEqual(newest.files.map((file) => file.path).sort(), [".gitmodules", "a.txt"]);
    } finally {
      inner.dispose();
    }
  });

  it("counts a merged branch once, as the merge's first-parent diff", async () => {
    repo.commit({ message: "base", write: { "a.txt": "1\n" }, day: 1 });
    repo.git("checkout", "-q", "-b", "feature");
    repo.commit({ message: "f1", write: { "b.txt": "1\n" }, day: 2 });
    repo.commit({ message: "f2", write: { "c.txt": "1\n" }, day: 3 });
    repo.git("checkout", "-q", "main");
    repo.commit({ message: "main work", write: { "a.txt": "2\n" }, day: 4 });
    repo.git("-c", "user.name=Alice", "merge", "-q", "--no-ff", "-m", "Merge feature", "feature");
    const history = await mineHistory(repo.root);
    assert.deepEqual(history.commits.map((commit) => commit.subject), ["Merge feature", "main work", "base"]);
    assert.deepEqual(history.commits[0].files.map((file) => file.path).sort(), ["b.txt", "c.txt"]);
    const all = await mineHistory(repo.root, { firstParent: false });
    const merge = all.commits.find((commit) => commit.parents.length === 2);
    assert.deepEqual(merge?.files, []);
    assert.equal(all.commits.length, 5);
  });

  /** base ← next work (branch next); main: a PR merged with a merge commit, then Bob's fix; then main synced into next. */
  function syncedBranches(fixFiles: Record<string, string>): Record<string, string> {
    const hashes: Record<string, string> = {};
    hashes.base = repo.commit({ message: "base", write: { "a.ts": "1\n" }, day: 1 });
    repo.git("checkout", "-q", "-b", "next");
    hashes.next = repo.commit({ message: "next work", write: { "n.ts": "1\n" }, day: 2 });
    repo.git("checkout", "-q", "main");
    repo.git("checkout", "-q", "-b", "pr");
    repo.commit({ message: "pr 1", write: { "p.ts": "1\n" }, day: 3 });
    repo.commit({ message: "pr 2", write: { "q.ts": "1\n" }, day: 4 });
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--no-ff", "-m", "Merge pr", "pr");
    hashes.fix = repo.commit({ message: "fix: a and b", write: fixFiles, author: BOB, day: 5 });
    repo.git("checkout", "-q", "next");
    repo.git("merge", "-q", "--no-ff", "-m", "Merge main into next", "main");
    hashes.sync = repo.git("rev-parse", "HEAD").trim();
    return hashes;
  }

  it("counts a bulk sync merge as the commits it brought, and a merge on that branch once, as its diff", async () => {
    const hashes = syncedBranches({ "a.ts": "2\n", "b.ts": "1\n" });
    const history = await mineHistory(repo.root, { expandMergesOver: 3 });
    assert.deepEqual(
      history.commits.map((commit) => [commit.subject, commit.files.map((file) => file.path).sort(), commit.mergedBy]),
      [
        ["Merge main into next", [], undefined],
        ["fix: a and b", ["a.ts", "b.ts"], hashes.sync],
        ["Merge pr", ["p.ts", "q.ts"], hashes.sync],
        ["next work", ["n.ts"], undefined],
        ["base", ["a.ts"], undefined],
      ],
    );
    assert.equal(history.commits[0].branchCommits, 2);
    assert.equal(history.commits[1].authorEmail, BOB.email);

    // Without the expansion the sync is one 4-file commit, which a 3-file bulk limit drops, and a ↔ b is lost.
    const plain = await mineHistory(repo.root, { expandMergesOver: Infinity });
    assert.deepEqual(plain.commits.map((commit) => commit.subject), ["Merge main into next", "next work", "base"]);
    const partnersOfA = (commits: MinedCommit[]): string[] => {
      const index = new CoChangeIndex({ maxFilesPerCommit: 3 });
      for (const commit of [...commits].reverse()) index.addCommit(commit);
      return index.partners("a.ts").map((partner) => partner.path);
    };
    assert.deepEqual(partnersOfA(history.commits), ["b.ts"]);
    assert.deepEqual(partnersOfA(plain.commits), []);
  });

  it("leaves a bulk merge as one diff when git cannot walk the branch it brought", async () => {
    const hashes = syncedBranches({ "a.ts": "2\n", "b.ts": "1\n" });
    const sideTip = repo.git("rev-parse", `${hashes.sync}^2`).trim();
    rmSync(path.join(repo.root, ".git", "objects", sideTip.slice(0, 2), sideTip.slice(2)));
    const history = await mineHistory(repo.root, { expandMergesOver: 3 });
    assert.deepEqual(history.commits.map((commit) => commit.subject), ["Merge main into next", "next work", "base"]);
    assert.deepEqual(history.commits[0].files.map((file) => file.path).sort(), ["a.ts", "b.ts", "p.ts", "q.ts"]);
  });

  it("expands a bulk merge the same way in an incremental step as in a full mine", async () => {
    const storage = mkdtempSync(path.join(tmpdir(), "vibe-cache-"));
    cleanup.push(storage);
    const bulk = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`lib/f${i}.ts`, "x\n"]));
    repo.commit({ message: "base", write: { "a.ts": "1\n" }, day: 1 });
    repo.git("checkout", "-q", "-b", "next");
    repo.commit({ message: "next work", write: { "n.ts": "1\n" }, day: 2 });
    const first = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
    assert.equal(first.source, "full");
    repo.git("checkout", "-q", "main");
    repo.commit({ message: "feat: many files", write: bulk, author: BOB, day: 3 });
    repo.commit({ message: "fix: a", write: { "a.ts": "2\n" }, author: BOB, day: 4 });
    repo.git("checkout", "-q", "next");
    repo.git("merge", "-q", "--no-ff", "-m", "Merge main into next", "main");
    const step = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
    assert.equal(step.source, "incremental");
    const full = await mineHistory(repo.root);
    // Compared as JSON: the cache drops keys whose value is undefined.
    const asJson = (commits: MinedCommit[] | undefined): unknown => JSON.parse(JSON.stringify(commits));
    assert.deepEqual(asJson(step.history.commits), asJson(full.commits));
    assert.deepEqual(full.commits.map((commit) => commit.subject), ["Merge main into next", "fix: a", "feat: many files", "next work", "base"]);
    const reloaded = await new LanceHistoryCache(storage).load();
    assert.deepEqual(asJson(reloaded?.commits), asJson(full.commits));
  });

  it("parses the same commits however the stream is chunked", async () => {
    repo.commit({ message: "a\n\nbody with\nnewlines", write: { "x/a.ts": "1\n", "ü.txt": "é\n" }, day: 1 });
    repo.commit({ message: "move", move: { "x/a.ts": "y/a.ts" }, write: { "b.bin": Buffer.from([0, 0, 1]) }, day: 2 });
    repo.commit({ message: "empty", day: 3 });
    const head = repo.git("rev-parse", "HEAD").trim();
    const { stdout } = await runGit(repo.root, logArguments(head, {}));
    const parse = (pieces: string[]): MinedCommit[] => {
      const out: MinedCommit[] = [];
      const parser = new LogStreamParser((commit) => out.push(commit));
      for (const piece of pieces) parser.push(piece);
      parser.end();
      return out;
    };
    const whole = parse([stdout]);
    assert.equal(whole.length, 3);
    assert.ok(whole[2].files.some((file) => file.path === "ü.txt"));
    for (let size = 1; size < 40; size += 7) {
      const pieces: string[] = [];
      for (let i = 0; i < stdout.length; i += size) pieces.push(stdout.slice(i, i + size));
      assert.deepEqual(parse(pieces), whole);
    }
  });

  it("mines incrementally as HEAD moves and re-mines after a rewrite or a corrupt cache", async () => {
    const storage = mkdtempSync(path.join(tmpdir(), "vibe-cache-"));
    cleanup.push(storage);
    repo.commit({ message: "c1", write: { "a.txt": "1\n" }, day: 1 });
    repo.commit({ message: "c2", write: { "a.txt": "2\n" }, day: 2 });
    const first = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
    assert.deepEqual([first.source, first.minedCommits], ["full", 2]);
    const again = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
    assert.deepEqual([again.source, again.history.commits.length], ["cache", 2]);

    repo.commit({ message: "c3", write: { "b.txt": "3\n" }, author: BOB, day: 3 });
    const step = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
    assert.deepEqual([step.source, step.minedCommits], ["incremental", 1]);
    assert.deepEqual(step.history.commits.map((commit) => commit.subject), ["c3", "c2", "c1"]);
    const reloaded = await new LanceHistoryCache(storage).load();
    assert.deepEqual(reloaded?.commits.map((commit) => commit.subject), ["c3", "c2", "c1"]);

    repo.git("reset", "-q", "--hard", "HEAD~2");
    repo.commit({ message: "rewritten", write: { "c.txt": "x\n" }, day: 4 });
    const rewritten = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
    assert.equal(rewritten.source, "full");
    assert.deepEqual(rewritten.history.commits.map((commit) => commit.subject), ["rewritten", "c1"]);

    const tableDir = path.join(storage, "history.lancedb");
    const dataFiles = readdirSync(tableDir, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".lance") && statSync(path.join(tableDir, file)).isFile());
    assert.ok(dataFiles.length > 0);
    for (const file of dataFiles) writeFileSync(path.join(tableDir, file), "not a lance file");
    const recovered = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
    assert.deepEqual([recovered.source, recovered.history.commits.length], ["full", 2]);
    assert.equal(ALICE.email, recovered.history.commits[1].authorEmail);
    const afterRecovery = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
    assert.deepEqual([afterRecovery.source, afterRecovery.history.commits.length], ["cache", 2]);
  });

  it("keeps history in LanceDB: ignores rows of a torn append, and drops a cache from the NDJSON days", async () => {
    const storage = mkdtempSync(path.join(tmpdir(), "vibe-cache-"));
    cleanup.push(storage);
    writeFileSync(path.join(storage, "history.ndjson"), '{"hash":"old"}\n');
    writeFileSync(path.join(storage, "history.meta.json"), JSON.stringify({ version: 1, head: "old", firstParent: true, partial: false, count: 1, bytes: 15 }));
    repo.commit({ message: "c1", write: { "a.txt": "1\n" }, day: 1 });
    repo.commit({ message: "c2", write: { "a.txt": "2\n" }, day: 2 });
    const first = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
    assert.equal(first.source, "full");
    assert.ok(!existsSync(path.join(storage, "history.ndjson")));

    // A crash after rows were appended but before the meta file named the new head: the rows must not count.
    const db = await lancedb.connect(path.join(storage, "history.lancedb"));
    const table = await db.openTable("commits");
    await table.add([{ seq: 2, hash: "f".repeat(40), commit: JSON.stringify({ hash: "f".repeat(40), files: [] }) }]);
    const cached = await new LanceHistoryCache(storage).load();
    assert.deepEqual(cached?.commits.map((commit) => commit.subject), ["c2", "c1"]);

    repo.commit({ message: "c3", write: { "b.txt": "3\n" }, day: 3 });
    const step = await loadHistory(repo.root, { cache: new LanceHistoryCache(storage) });
    assert.deepEqual([step.source, step.minedCommits], ["incremental", 1]);
    const reloaded = await new LanceHistoryCache(storage).load();
    assert.deepEqual(reloaded?.commits.map((commit) => commit.subject), ["c3", "c2", "c1"]);
    assert.equal(await table.countRows(), 3);
  });
});
