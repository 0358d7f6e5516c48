import { strict as assert } from "node:assert";
import type { MinedCommit } from "../../../server/src/git/types";
import { AuthorActivity } from "../../../server/src/impact/authorActivity";
import { CoChangeIndex, RECENT_COMMITS } from "../../../server/src/impact/cochange";
import { ImportGraph } from "../../../server/src/impact/importGraph";
import { nameSimilarity } from "../../../server/src/impact/nameSimilarity";
import { rankAffected } from "../../../server/src/impact/rankAffected";
import { TestPairing } from "../../../server/src/impact/testPairing";
import { dayTime } from "./gitRepo";

function commit(hash: string, day: number, paths: string[], authorEmail = "a@x"): MinedCommit {
  const files = paths.map((path) => ({ path, status: "M" as const, added: 1, deleted: 0, binary: false }));
  return { hash, parents: [], authorName: authorEmail, authorEmail, authorTime: dayTime(day), commitTime: dayTime(day), subject: hash, body: "", files };
}

describe("likely-affected ranking: recent co-change, names and the user's own work", () => {
  it("counts how many of the file's newest commits changed each partner", () => {
    const index = new CoChangeIndex({ halfLifeDays: 10_000 });
    // old.ts went with a.ts for 12 commits, then new.ts took over for the last 4.
    for (let i = 0; i < 12; i += 1) index.addCommit(commit(`o${i}`, i, ["a.ts", "old.ts"]));
    for (let i = 0; i < 4; i += 1) index.addCommit(commit(`n${i}`, 20 + i, ["a.ts", "new.ts"]));
    const partners = new Map(index.partners("a.ts").map((partner) => [partner.path, partner]));
    assert.equal(partners.get("new.ts")?.recentShared, 4);
    assert.equal(partners.get("old.ts")?.recentShared, RECENT_COMMITS - 4);
    assert.equal(partners.get("old.ts")?.recentCommits, RECENT_COMMITS);
    assert.equal(partners.get("old.ts")?.shared, 12);
  });

  it("keeps the recent window across a rename", () => {
    const index = new CoChangeIndex();
    index.addCommit(commit("c1", 1, ["old/a.ts", "b.ts"]));
    index.addCommit({ ...commit("c2", 2, []), files: [{ path: "new/a.ts", previousPath: "old/a.ts", status: "R", added: 0, deleted: 0, binary: false }] });
    index.addCommit(commit("c3", 3, ["new/a.ts", "b.ts"]));
    const [partner] = index.partners("new/a.ts");
    assert.equal(partner.path, "b.ts");
    assert.equal(partner.recentShared, 2);
  });

  it("compares names as words, ignoring test markers and code/test folders", () => {
    assert.deepEqual(nameSimilarity("packages/runtime-core/src/apiWatch.ts", "packages/runtime-core/__tests__/apiWatch.spec.ts"), { score: 1, sharedWords: ["api", "watch"] });
    const script = nameSimilarity("packages/compiler-sfc/src/compileScript.ts", "packages/compiler-sfc/__tests__/compileScriptPropsTransform.spec.ts");
    assert.deepEqual(script.sharedWords, ["compile", "script"]);
    assert.ok(script.score > 0.3 && script.score < 1);
    assert.deepEqual(nameSimilarity("src/index.ts", "lib/index.ts").sharedWords, [], "two index files in code folders say nothing");
    assert.deepEqual(nameSimilarity("src/router/index.ts", "test/router.test.ts").sharedWords, ["router"], "an index file is named by its folder");
  });

  it("remembers which files the user's newest commit changed", () => {
    const activity = new AuthorActivity();
    activity.addCommit(commit("c1", 1, ["a.ts", "b.ts"], "me@x"));
    activity.addCommit(commit("c2", 2, ["c.ts"], "other@x"));
    activity.addCommit(commit("c3", 3, ["b.ts", "d.ts"], "me@x"));
    assert.equal(activity.inLastCommitOf("ME@x", "b.ts"), true);
    assert.equal(activity.inLastCommitOf("me@x", "d.ts"), true);
    assert.equal(activity.inLastCommitOf("me@x", "a.ts"), false);
    assert.equal(activity.inLastCommitOf("me@x", "c.ts"), false);
    assert.equal(activity.inLastCommitOf(undefined, "b.ts"), false);
  });

  it("gives every feature it scores a reason the user can read", () => {
    const coChange = new CoChangeIndex({ halfLifeDays: 10_000 });
    const activity = new AuthorActivity();
    const history = [commit("c1", 1, ["src/cart.ts", "src/cartTotals.ts"], "me@x"), commit("c2", 5, ["src/cart.ts", "test/cart.test.ts"], "bob@x"), commit("c3", 9, ["src/cartTotals.ts", "src/tax.ts"], "me@x")];
    for (const item of history) {
      coChange.addCommit(item);
      activity.addCommit(item);
    }
    const files = ["src/cart.ts", "src/cartTotals.ts", "src/tax.ts", "test/cart.test.ts"];
    const ranked = rankAffected("src/cart.ts", { coChange, authorActivity: activity, userEmail: "me@x", pairing: new TestPairing(files), now: dayTime(10) });
    const reasons = (path: string): string[] => ranked.find((file) => file.path === path)?.reasons.map((reason) => `${reason.kind}: ${reason.text}`) ?? [];
    assert.deepEqual(reasons("src/cartTotals.ts"), [
      "co-changed 1 of 2 times (last together 2024-01-02)",
      "name: same folder; name shares “cart”",
      "your-work: you changed it in your last commit",
      "recent-change: last changed 2024-01-10",
    ].map((text) => (text.startsWith("co-changed") ? `co-change: ${text}` : text)));
    assert.deepEqual(reasons("test/cart.test.ts").slice(0, 3), ["co-change: co-changed 1 of 2 times (last together 2024-01-06)", "test: its test", "name: name shares “cart”"]);
    // tax.ts only ever changed with cartTotals.ts, never with cart.ts: no link, so no candidate.
    assert.equal(ranked.some((file) => file.path === "src/tax.ts"), false);
  });
  it("gives a file that imports another twice one import reason naming both lines", () => {
    const graph = new ImportGraph();
    const edge = (line: number, kind: "import" | "export-from") => ({ from: "src/index.ts", to: "src/cart.ts", line, specifier: "./cart", names: [], typeOnly: false, kind });
    graph.setImports("src/index.ts", [edge(10, "import"), edge(33, "export-from")]);
    const reasonsFor = (target: string, path: string) => rankAffected(target, { graph, now: dayTime(10) }).find((file) => file.path === path)?.reasons.filter((reason) => reason.kind === "imports-it" || reason.kind === "imported-by-it");
    const imported = reasonsFor("src/index.ts", "src/cart.ts");
    assert.deepEqual(imported?.map((reason) => reason.text), ["imported by it (lines 10, 33)"]);
    assert.deepEqual(imported?.[0].kind === "imported-by-it" && [imported[0].line, imported[0].lines], [10, [10, 33]]);
    assert.deepEqual(reasonsFor("src/cart.ts", "src/index.ts")?.map((reason) => reason.text), ["imports it (line 10)"]);
  });
});
