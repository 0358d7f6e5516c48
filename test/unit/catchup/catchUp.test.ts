import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { catchUp } from "../../../server/src/catchup/catchUp";
import { areaOf, parseConventional } from "../../../server/src/catchup/catchUpRanking";
import { ALICE, BOB, TestRepo, dayTime } from "../impact/gitRepo";

const CAROL = { name: "Carol", email: "carol@example.com" };

describe("catchUp on a real repository", function () {
  this.timeout(30_000);
  let repo: TestRepo;
  const hashes: Record<string, string> = {};

  beforeEach(() => {
    repo = new TestRepo();
    hashes.base = repo.commit({ message: "feat: base", write: { "src/a.ts": "a\n", "src/b.ts": "b\n", "package.json": "{}\n", "packages/ui/x.ts": "x\n" }, day: 1 });
    hashes.alice1 = repo.commit({ message: "feat: a and b", write: { "src/a.ts": "a1\n", "src/b.ts": "b1\n" }, day: 2 });
    hashes.alice2 = repo.commit({ message: "fix: a", write: { "src/a.ts": "a2\n" }, day: 3 });
    hashes.ui = repo.commit({ message: "feat(ui): new widget", write: { "packages/ui/x.ts": "x2\n", "packages/ui/y.ts": "y\n" }, author: CAROL, day: 5 });
    hashes.deps = repo.commit({ message: "chore(deps): bump things", write: { "package.json": '{"dependencies":{}}\n' }, author: CAROL, day: 6 });
    hashes.breaking = repo.commit({ message: "feat(api)!: rename a", write: { "src/a.ts": "a3\n" }, author: BOB, day: 7 });
    hashes.security = repo.commit({ message: "fix: escape html to prevent XSS", write: { "packages/ui/x.ts": "x3\n" }, author: BOB, day: 8 });
  });
  afterEach(() => repo.dispose());

  it("lists others' commits since the user's last own commit, grouped by area, ranked for the user, flagged", async () => {
    const result = await catchUp({ root: repo.root });
    assert.equal(result.userEmail, ALICE.email);
    assert.deepEqual([result.since.kind, result.since.value, result.since.time], ["own-commit", hashes.alice2, dayTime(3)]);
    assert.equal(result.totalCommits, 4);
    assert.deepEqual(result.groups.map((group) => group.area), ["src", "packages/ui", "(root)"]);
    const [src, ui, rootGroup] = result.groups;
    assert.deepEqual(src.commits.map((commit) => commit.hash), [hashes.breaking]);
    assert.deepEqual(src.flags.map((flag) => flag.kind).sort(), ["breaking", "owned-file"]);
    assert.deepEqual(src.relatedFiles, ["src/a.ts"]);
    assert.deepEqual(src.diff, { base: hashes.deps, head: hashes.breaking });
    assert.deepEqual(ui.types, { feat: 1, fix: 1 });
    assert.ok(ui.flags.some((flag) => flag.kind === "security"));
    assert.deepEqual(ui.diff, { base: hashes.alice2, head: hashes.security });
    assert.deepEqual(rootGroup.flags.map((flag) => [flag.kind, flag.files]), [["dependency", ["package.json"]]]);
    assert.equal(src.commits[0].type, "feat");
    assert.equal(src.commits[0].scope, "api");
    assert.ok(result.groups.every((group) => group.commits.every((commit) => commit.authorEmail !== ALICE.email)));
  });

  it("lists the commits a bulk sync merge brought, each under its own author, and not the merge itself", async () => {
    const icons = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`packages/icons/i${i}.ts`, "x\n"]));
    hashes.icons = repo.commit({ message: "feat(icons): generated set", write: icons, author: CAROL, day: 9 });
    repo.git("checkout", "-q", "-b", "next", hashes.alice2);
    repo.git("-c", `user.name=${BOB.name}`, "-c", `user.email=${BOB.email}`, "merge", "-q", "--no-ff", "-m", "Merge main into next", "main");
    const merge = repo.git("rev-parse", "HEAD").trim();
    const result = await catchUp({ root: repo.root });
    assert.equal(result.since.value, hashes.alice2);
    const listed = result.groups.flatMap((group) => group.commits.map((commit) => commit.hash));
    assert.deepEqual(new Set(listed), new Set([hashes.ui, hashes.deps, hashes.breaking, hashes.security, hashes.icons]));
    assert.ok(!listed.includes(merge));
    assert.equal(result.totalCommits, 5);
    assert.ok(result.groups.some((group) => group.area === "packages/icons" && group.commits[0].authorEmail === CAROL.email));
  });

  it("accepts a revision, a date, or a remembered last run", async () => {
    const byRev = await catchUp({ root: repo.root, since: hashes.deps });
    assert.equal(byRev.since.kind, "rev");
    assert.equal(byRev.totalCommits, 2);
    const byDate = await catchUp({ root: repo.root, since: new Date(dayTime(6.5) * 1000).toISOString() });
    assert.equal(byDate.since.kind, "date");
    assert.equal(byDate.totalCommits, 2);
    const byRun = await catchUp({ root: repo.root, lastRunTime: dayTime(7.5) * 1000 });
    assert.equal(byRun.since.kind, "last-run");
    assert.deepEqual(byRun.groups.flatMap((group) => group.commits.map((commit) => commit.hash)), [hashes.security]);
    const relative = await catchUp({ root: repo.root, since: "2 weeks ago" });
    assert.equal(relative.since.kind, "date");
    const bad = await catchUp({ root: repo.root, since: "not-a-rev-or-date-xyz" });
    assert.ok(bad.notes.some((note) => /neither a revision nor a date/.test(note)));
    assert.equal(bad.since.kind, "own-commit");
  });

  it("for someone who never committed, uses a default window and still groups", async () => {
    const result = await catchUp({ root: repo.root, userEmail: "new@example.com" });
    assert.equal(result.since.kind, "default-window");
    assert.equal(result.totalCommits, 7);
    assert.equal(await catchUp({ root: repo.root, userEmail: BOB.email }).then((r) => r.since.value), hashes.security);
  });

  it("answers outside git with an empty result and a note", async () => {
    const plain = mkdtempSync(path.join(tmpdir(), "vibe-catchup-nogit-"));
    try {
      const result = await catchUp({ root: plain });
      assert.equal(result.history.kind, "none");
      assert.deepEqual(result.groups, []);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it("parses conventional commits and areas", () => {
    assert.deepEqual(parseConventional("feat(core)!: x"), { type: "feat", scope: "core", breaking: true });
    assert.deepEqual(parseConventional("Update readme"), { breaking: false });
    assert.equal(areaOf("packages/runtime-core/src/a.ts"), "packages/runtime-core");
    assert.equal(areaOf("README.md"), "(root)");
    assert.equal(areaOf("src/x/y.ts"), "src");
  });
});
