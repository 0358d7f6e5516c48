import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { assessImpact } from "../../../server/src/impact/assess";
import { BOB, TestRepo } from "./gitRepo";

const MATH_V1 = `export function add(a: number, b: number): number {
  return a + b;
}

export function mul(a: number, b: number): number {
  return a * b;
}
`;

/** A small project whose history couples math.ts with calc.ts (5 times) and once with a doc. */
function buildProject(repo: TestRepo): string[] {
  const hashes: string[] = [];
  hashes.push(
    repo.commit({
      message: "feat: math and calculator",
      write: {
        "src/math.ts": MATH_V1,
        "src/calc.ts": `import { add } from "./math";\nexport const total = (xs: number[]) => xs.reduce((s, x) => add(s, x), 0);\n`,
        "src/other.ts": `import { mul } from "./math";\nexport const square = (x: number) => mul(x, x);\n`,
        "src/math.test.ts": `import { add } from "./math";\nif (add(1, 2) !== 3) throw new Error("bad");\n`,
        "docs/notes.md": "notes\n",
      },
      day: 1,
    }),
  );
  for (let i = 0; i < 4; i += 1) {
    hashes.push(
      repo.commit({
        message: `fix: rounding ${i}`,
        write: { "src/math.ts": `${MATH_V1}// v${i}\n`, "src/calc.ts": `import { add } from "./math";\nexport const total = (xs: number[]) => xs.reduce((s, x) => add(s, x), ${i + 1});\n` },
        author: BOB,
        day: 10 + i,
      }),
    );
  }
  hashes.push(repo.commit({ message: "docs", write: { "src/math.ts": `${MATH_V1}// docs\n`, "docs/notes.md": "more\n" }, day: 20 }));
  return hashes;
}

describe("assessImpact on a real repository", function () {
  this.timeout(30_000);
  let repo: TestRepo;
  let storage: string;

  beforeEach(() => {
    repo = new TestRepo();
    storage = mkdtempSync(path.join(tmpdir(), "vibe-assess-store-"));
  });
  afterEach(() => {
    repo.dispose();
    rmSync(storage, { recursive: true, force: true });
  });

  it("ranks co-changed files, importers and tests for a file, with evidence", async () => {
    const hashes = buildProject(repo);
    const result = await assessImpact({ root: repo.root, storageDir: storage, target: { kind: "file", path: "src/math.ts" } });
    assert.deepEqual(result.files, ["src/math.ts"]);
    assert.equal(result.history.kind, "full");
    const paths = result.affected.map((file) => file.path);
    // Both import math.ts; calc.ts also changed with it 5 of 6 times, other.ts once.
    assert.ok(paths.indexOf("src/calc.ts") < paths.indexOf("src/other.ts"), paths.join(", "));
    assert.ok(paths.indexOf("src/calc.ts") < 3, paths.join(", "));
    const top = result.affected[paths.indexOf("src/calc.ts")];
    const coChange = top.reasons.find((reason) => reason.kind === "co-change");
    assert.ok(coChange && coChange.kind === "co-change");
    assert.equal(coChange.text, "co-changed 5 of 6 times (last together 2024-01-14)");
    assert.deepEqual([...coChange.commits].sort(), hashes.slice(0, 5).sort());
    assert.ok(top.reasons.some((reason) => reason.kind === "imports-it" && reason.line === 1));
    assert.ok(paths.includes("src/math.test.ts"));
    assert.ok(result.affected.find((file) => file.path === "src/math.test.ts")?.reasons.some((reason) => reason.kind === "test"));
    assert.ok(paths.includes("src/other.ts"));
    // The test shares the name's word and the folder; Alice (the git user) last changed math.ts, with notes.md.
    const test = result.affected.find((file) => file.path === "src/math.test.ts");
    assert.ok(test?.reasons.some((reason) => reason.kind === "name" && reason.text === "same folder; name shares “math”"));
    assert.deepEqual(
      top.reasons.filter((reason) => reason.kind === "your-work").map((reason) => reason.text),
      ["you last changed it 2024-01-02"],
      "Bob made the later commits; Alice (the git user) only the first",
    );

    const [risk] = result.risk;
    assert.ok(risk.score > 0 && risk.score <= 100);
    const fixes = risk.factors.find((factor) => factor.id === "bugfixes");
    assert.equal(fixes?.value, 4);
    assert.deepEqual(fixes?.evidence, [{ kind: "commits", hashes: hashes.slice(1, 5).reverse() }]);
    const dependents = risk.factors.find((factor) => factor.id === "dependents");
    assert.equal(dependents?.evidence.length, 3);
    const familiarity = risk.factors.find((factor) => factor.id === "familiarity");
    assert.match(familiarity?.explanation ?? "", /you made 33% of its 6 commits/);
  });

  it("for a function range, lists the importers that use its exported symbol", async () => {
    buildProject(repo);
    const result = await assessImpact({ root: repo.root, target: { kind: "range", path: path.join(repo.root, "src/math.ts"), startLine: 5, endLine: 7 } });
    assert.deepEqual(result.symbols, ["mul"]);
    const other = result.affected.find((file) => file.path === "src/other.ts");
    assert.ok(other?.reasons.some((reason) => reason.kind === "calls-symbol" && reason.symbol === "mul" && reason.lines.includes(2)));
    const calc = result.affected.find((file) => file.path === "src/calc.ts");
    assert.ok(!calc?.reasons.some((reason) => reason.kind === "calls-symbol"));
  });

  it("for the working-tree diff, hints at breaking changes with call sites and warns about the usual partner", async () => {
    buildProject(repo);
    repo.write("src/math.ts", MATH_V1.replace("add(a: number, b: number)", "add(a: number, b: number, c = 0)").replace("a + b;", "a + b + c;"));
    const result = await assessImpact({ root: repo.root, target: { kind: "diff" } });
    assert.deepEqual(result.files, ["src/math.ts"]);
    const hint = result.breakingChanges.find((change) => change.symbol === "add");
    assert.equal(hint?.change, "signature");
    assert.equal(hint?.newSignature, "function add(a: number, b: number, c = 0): number");
    assert.deepEqual(
      hint?.callSites.map((site) => `${site.path}:${site.line}`).sort(),
      ["src/calc.ts:1", "src/calc.ts:2", "src/math.test.ts:1", "src/math.test.ts:2"],
    );
    assert.equal(result.breakingChanges.some((change) => change.symbol === "mul"), false);
    assert.deepEqual(result.warnings.map((warning) => [warning.path, warning.because, warning.shared, warning.total]), [["src/calc.ts", "src/math.ts", 5, 6]]);
    assert.ok(result.affected[0].reasons.some((reason) => reason.kind === "calls-symbol"));
  });

  it("works without git from the import graph alone, and says so", async () => {
    const plain = mkdtempSync(path.join(tmpdir(), "vibe-assess-nogit-"));
    try {
      mkdirSync(path.join(plain, "src"));
      writeFileSync(path.join(plain, "src/a.ts"), "export const a = 1;\n");
      writeFileSync(path.join(plain, "src/b.ts"), `import { a } from "./a";\nexport const b = a;\n`);
      const result = await assessImpact({ root: plain, target: { kind: "file", path: "src/a.ts" } });
      assert.equal(result.history.kind, "none");
      assert.ok(result.notes.some((note) => /import graph alone/.test(note)));
      assert.deepEqual(result.affected.map((file) => file.path), ["src/b.ts"]);
      const diff = await assessImpact({ root: plain, target: { kind: "diff" } });
      assert.ok(diff.notes.some((note) => /no working-tree diff/.test(note)));
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it("reads the import graph of a folder its repository ignores, and says so", async () => {
    const outer = new TestRepo("vibe-assess-ignored-");
    try {
      outer.commit({ message: "ignore scratch", write: { ".gitignore": "scratch/\n", "README.md": "x\n" }, day: 1 });
      const scratch = path.join(outer.root, "scratch");
      mkdirSync(path.join(scratch, "src"), { recursive: true });
      writeFileSync(path.join(scratch, "src/a.ts"), "export const a = 1;\n");
      writeFileSync(path.join(scratch, "src/b.ts"), `import { a } from "./a";\nexport const b = a;\n`);
      const result = await assessImpact({ root: scratch, target: { kind: "file", path: "src/a.ts" } });
      assert.deepEqual(result.affected.map((file) => file.path), ["src/b.ts"]);
      assert.ok(result.notes.some((note) => /Git ignores this folder/.test(note)));
    } finally {
      outer.dispose();
    }
  });

  it("refuses files outside the workspace and missing files with a note, not an error", async () => {
    buildProject(repo);
    const outside = await assessImpact({ root: repo.root, target: { kind: "file", path: "../elsewhere.ts" } });
    assert.deepEqual(outside.files, []);
    assert.ok(outside.notes.some((note) => /outside the workspace/.test(note)));
    const missing = await assessImpact({ root: repo.root, target: { kind: "file", path: "src/nope.ts" } });
    assert.ok(missing.notes.some((note) => /does not exist/.test(note)));
  });

  it("says history is partial in a shallow clone", async () => {
    buildProject(repo);
    const clone = mkdtempSync(path.join(tmpdir(), "vibe-assess-shallow-"));
    try {
      repo.git("clone", "-q", "--depth", "2", `file://${repo.root}`, clone);
      const result = await assessImpact({ root: clone, target: { kind: "file", path: "src/math.ts" } });
      assert.equal(result.history.kind, "partial");
      assert.equal(result.history.commits, 2);
      assert.ok(result.notes.some((note) => /shallow clone/.test(note)));
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
