import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { HeadFingerprint } from "../../../server/src/git/headFingerprint";
import type { CachedHistory, HistoryCache } from "../../../server/src/git/historyCache";
import { loadHistory } from "../../../server/src/git/historyStore";
import { gitBlobId, headBlobIds, textAtHead, textsAtHead } from "../../../server/src/git/workingTree";
import { assessWithWorkspace } from "../../../server/src/impact/assess";
import { ImpactWorkspace } from "../../../server/src/impact/impactWorkspace";
import { TestRepo } from "./gitRepo";

/** A cache that counts its loads, to prove the per-request path does not re-read history. */
class CountingCache implements HistoryCache {
  loads = 0;
  saved: CachedHistory | undefined;
  async load(): Promise<CachedHistory | undefined> {
    this.loads += 1;
    return this.saved;
  }
  async save(history: CachedHistory): Promise<void> {
    this.saved = history;
  }
}

describe("impact requests when nothing moved: no history re-read, no git per unchanged file", function () {
  this.timeout(30_000);
  let repo: TestRepo;

  beforeEach(() => {
    repo = new TestRepo();
  });
  afterEach(() => repo.dispose());

  it("the HEAD fingerprint changes on commit, amend, branch switch and detach, and only then", async () => {
    const first = repo.commit({ message: "c1", write: { "a.ts": "1\n" }, day: 1 });
    const watch = await HeadFingerprint.open(repo.root);
    assert.ok(watch);
    const seen = new Set<string | undefined>([watch.read()]);
    const expectChange = (what: string): void => {
      const now = watch.read();
      assert.ok(now !== undefined && !seen.has(now), `fingerprint did not change after ${what}`);
      seen.add(now);
    };
    repo.write("a.ts", "edited, not committed\n");
    assert.ok(seen.has(watch.read()), "an edit in the work tree does not move HEAD");
    repo.commit({ message: "c2", write: { "a.ts": "2\n" }, day: 2 });
    expectChange("a commit");
    repo.git("commit", "-q", "--amend", "-m", "c2 amended");
    expectChange("an amend");
    repo.git("checkout", "-q", "-b", "topic");
    expectChange("switching to a new branch");
    repo.git("checkout", "-q", "--detach", first);
    expectChange("detaching HEAD");
    repo.git("pack-refs", "--all");
    assert.ok(watch.read() !== undefined);
  });

  it("is undefined outside a git repository", async () => {
    const plain = mkdtempSync(path.join(tmpdir(), "vibe-no-git-"));
    try {
      assert.equal(await HeadFingerprint.open(plain), undefined);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it("hashes file bytes the way git does, against the HEAD tree of the workspace folder", async () => {
    repo.commit({ message: "c1", write: { "pkg/src/a.ts": "export const a = 1;\n", "top.txt": "t\n" }, day: 1 });
    const ids = await headBlobIds(path.join(repo.root, "pkg"));
    assert.deepEqual([...ids.keys()], ["src/a.ts"], "paths are relative to the folder, files outside it are left out");
    assert.equal(ids.get("src/a.ts"), repo.git("rev-parse", "HEAD:pkg/src/a.ts").trim());
    assert.equal(gitBlobId("export const a = 1;\n"), ids.get("src/a.ts"));
    assert.notEqual(gitBlobId("export const a = 2;\n"), ids.get("src/a.ts"));
  });

  it("reads many HEAD texts with one git process, byte-exact, with new and binary files as undefined", async () => {
    const unicode = "export const greeting = \"héllo — 世界\";\n";
    repo.commit({ message: "c1", write: { "pkg/a.ts": "export const a = 1;\n", "pkg/ünï cödé.ts": unicode, "pkg/logo.png": Buffer.from([137, 80, 0, 1, 2]), "pkg/empty.ts": "" }, day: 1 });
    const root = path.join(repo.root, "pkg");
    const texts = await textsAtHead(root, ["a.ts", "ünï cödé.ts", "new.ts", "logo.png", "empty.ts"]);
    assert.deepEqual([...texts.entries()], [
      ["a.ts", "export const a = 1;\n"],
      ["ünï cödé.ts", unicode],
      ["new.ts", undefined],
      ["logo.png", undefined],
      ["empty.ts", ""],
    ]);
    assert.equal(texts.get("ünï cödé.ts"), await textAtHead(root, "ünï cödé.ts"), "the same answer as one git show");
  });

  it("loadHistory returns the history in memory when HEAD has not moved, and continues from it when it has", async () => {
    repo.commit({ message: "c1", write: { "a.ts": "1\n" }, day: 1 });
    const cache = new CountingCache();
    const first = await loadHistory(repo.root, { cache });
    assert.equal(first.source, "full");
    const again = await loadHistory(repo.root, { cache, known: first.history });
    assert.equal(again.source, "cache");
    assert.equal(again.history.commits, first.history.commits);
    repo.commit({ message: "c2", write: { "a.ts": "2\n" }, day: 2 });
    const step = await loadHistory(repo.root, { cache, known: again.history });
    assert.equal(step.source, "incremental");
    assert.deepEqual(step.history.commits.map((commit) => commit.subject), ["c2", "c1"]);
    assert.equal(cache.loads, 1, "only the first call read the cache");
  });

  it("a workspace answers from memory until HEAD moves, then sees the new commit", async () => {
    repo.commit({ message: "c1", write: { "src/a.ts": "export const a = 1;\n", "src/b.ts": "export const b = 1;\n" }, day: 1 });
    const cache = new CountingCache();
    const workspace = new ImpactWorkspace({ root: repo.root, cache });
    await assessWithWorkspace(workspace, { target: { kind: "file", path: "src/a.ts" } });
    await assessWithWorkspace(workspace, { target: { kind: "file", path: "src/a.ts" } });
    assert.equal(cache.loads, 1);
    assert.equal(await workspace.matchesHead("src/a.ts", "export const a = 1;\n"), true);
    assert.equal(await workspace.matchesHead("src/a.ts", "export const a = 2;\n"), false);

    repo.commit({ message: "c2", write: { "src/a.ts": "export const a = 2;\n", "src/b.ts": "export const b = 2;\n" }, day: 2 });
    const result = await assessWithWorkspace(workspace, { target: { kind: "file", path: "src/a.ts" } });
    assert.equal(result.history.commits, 2);
    assert.equal(result.history.head, repo.git("rev-parse", "HEAD").trim());
    assert.equal(await workspace.matchesHead("src/a.ts", "export const a = 2;\n"), true, "the HEAD tree is listed again for the new HEAD");
    assert.equal(result.affected.find((file) => file.path === "src/b.ts")?.reasons[0]?.text, "co-changed 2 of 2 times (last together 2024-01-03)");
  });

  it("still reports a breaking change in a file that differs from HEAD", async () => {
    repo.commit({ message: "c1", write: { "src/a.ts": "export function f(x: number): number {\n  return x;\n}\n", "src/use.ts": "import { f } from './a';\nf(1);\n" }, day: 1 });
    const workspace = new ImpactWorkspace({ root: repo.root });
    const clean = await assessWithWorkspace(workspace, { target: { kind: "file", path: "src/a.ts" } });
    assert.deepEqual(clean.breakingChanges, []);
    repo.write("src/a.ts", "export function f(x: number, y: number): number {\n  return x + y;\n}\n");
    const dirty = await assessWithWorkspace(workspace, { target: { kind: "file", path: "src/a.ts" } });
    assert.deepEqual(
      dirty.breakingChanges.map((hint) => [hint.symbol, hint.change, hint.callSites.map((site) => `${site.path}:${site.line}`)]),
      [["f", "signature", ["src/use.ts:1", "src/use.ts:2"]]],
    );
  });
});
