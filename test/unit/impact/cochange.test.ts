import { strict as assert } from "node:assert";
import { CoChangeIndex } from "../../../server/src/impact/cochange";
import { mineHistory } from "../../../server/src/git/mineHistory";
import type { MinedCommit } from "../../../server/src/git/types";
import { TestRepo, dayTime } from "./gitRepo";

function commit(hash: string, day: number, paths: string[], renames: Record<string, string> = {}): MinedCommit {
  const files = paths.map((path) => ({ path, status: "M" as const, added: 1, deleted: 0, binary: false }));
  for (const [from, to] of Object.entries(renames)) files.push({ path: to, previousPath: from, status: "R" as const, added: 0, deleted: 0, binary: false } as never);
  return { hash, parents: [], authorName: "A", authorEmail: "a@x", authorTime: dayTime(day), commitTime: dayTime(day), subject: hash, body: "", files };
}

describe("co-change index", () => {
  it("scores support, confidence and code-maat coupling degree with commit evidence", () => {
    const index = new CoChangeIndex({ halfLifeDays: 10_000 });
    index.addCommit(commit("c1", 1, ["a.ts", "b.ts"]));
    index.addCommit(commit("c2", 2, ["a.ts", "b.ts", "c.ts"]));
    index.addCommit(commit("c3", 3, ["a.ts"]));
    index.addCommit(commit("c4", 4, ["b.ts", "d.ts"]));
    const [b, c] = index.partners("a.ts");
    assert.equal(b.path, "b.ts");
    assert.equal(b.shared, 2);
    assert.equal(b.queriedCommits, 3);
    assert.equal(b.partnerCommits, 3);
    assert.ok(Math.abs(b.confidence - 2 / 3) < 1e-9);
    assert.ok(Math.abs(b.degree - 2 / 3) < 1e-9);
    assert.deepEqual(b.evidence, ["c2", "c1"]);
    assert.equal(c.path, "c.ts");
    assert.equal(c.shared, 1);
    assert.ok(Math.abs(index.partners("c.ts")[0].confidence - 1) < 1e-9);
  });

  it("weights recent co-changes more than old ones (configurable half-life)", () => {
    const index = new CoChangeIndex({ halfLifeDays: 30 });
    for (let i = 0; i < 3; i += 1) index.addCommit(commit(`old${i}`, i, ["a.ts", "old.ts"]));
    for (let i = 0; i < 2; i += 1) index.addCommit(commit(`new${i}`, 365 + i, ["a.ts", "new.ts"]));
    const partners = index.partners("a.ts");
    assert.deepEqual(partners.map((partner) => partner.path), ["new.ts", "old.ts"]);
    assert.ok(partners[0].shared < partners[1].shared, "plain counting would have ranked old.ts first");
    assert.ok(partners[0].weightedConfidence > 0.9);
  });

  it("ignores bulk commits over the file limit", () => {
    const index = new CoChangeIndex({ maxFilesPerCommit: 3 });
    index.addCommit(commit("bulk", 1, ["a.ts", "b.ts", "c.ts", "d.ts"]));
    index.addCommit(commit("small", 2, ["a.ts", "b.ts"]));
    assert.equal(index.ignoredBulkCommits, 1);
    assert.deepEqual(index.partners("a.ts").map((p) => [p.path, p.shared]), [["b.ts", 1]]);
    assert.deepEqual(index.partners("c.ts"), []);
  });

  it("keeps coupling across a rename, from a real repository's history", async () => {
    const repo = new TestRepo();
    try {
      const body = "export const value = 1;\n".repeat(10);
      repo.commit({ message: "c1", write: { "src/old.ts": body, "src/user.ts": "u1\n" }, day: 1 });
      repo.commit({ message: "c2", write: { "src/old.ts": body + "x\n", "src/user.ts": "u2\n" }, day: 2 });
      repo.commit({ message: "move", move: { "src/old.ts": "src/new.ts" }, day: 3 });
      repo.commit({ message: "c4", write: { "src/new.ts": body + "y\n", "src/user.ts": "u3\n" }, day: 4 });
      const history = await mineHistory(repo.root);
      const index = new CoChangeIndex();
      for (const mined of [...history.commits].reverse()) index.addCommit(mined);
      const [partner] = index.partners("src/new.ts");
      assert.deepEqual([partner.path, partner.shared, partner.queriedCommits], ["src/user.ts", 3, 4]);
      assert.deepEqual(index.partners("src/old.ts"), []);
      assert.equal(index.partners("src/user.ts")[0].path, "src/new.ts");
    } finally {
      repo.dispose();
    }
  });
});
