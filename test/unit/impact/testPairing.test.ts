import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildImportGraph } from "../../../server/src/impact/importGraph";
import { loadSourceParser } from "../../../server/src/impact/parsers";
import { rankAffected } from "../../../server/src/impact/rankAffected";
import { TestPairing, isTestFile, parseLcov, readLcov } from "../../../server/src/impact/testPairing";

describe("test ↔ source pairing and coverage", () => {
  it("recognises test files by convention", () => {
    for (const test of ["src/foo.test.ts", "src/foo.spec.tsx", "src/__tests__/foo.ts", "tests/test_foo.py", "pkg/foo_test.py", "test/unit/x.ts"]) {
      assert.equal(isTestFile(test), true, test);
    }
    for (const source of ["src/foo.ts", "src/testing.ts", "src/contest.py", "src/latest/x.ts"]) assert.equal(isTestFile(source), false, source);
  });

  it("links a test to what its source imports, and a source to what its test imports, with the file in between", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "vibe-pair-import-"));
    try {
      const files: Record<string, string> = {
        "src/reactive.ts": `import { handlers } from "./baseHandlers";\nexport const reactive = (x) => handlers(x);`,
        "src/baseHandlers.ts": "export const handlers = (x) => x;",
        "src/unrelated.ts": "export const other = 1;",
        "__tests__/reactive.spec.ts": `import { reactive } from "../src/reactive";\nimport { other } from "../src/unrelated";\nreactive(other);`,
      };
      for (const [relative, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
        writeFileSync(path.join(root, relative), content);
      }
      const graph = await buildImportGraph({ root, files: Object.keys(files), parser: await loadSourceParser() });
      const pairing = new TestPairing(Object.keys(files), graph);
      const fromTest = rankAffected("__tests__/reactive.spec.ts", { graph, pairing });
      const handlers = fromTest.find((file) => file.path === "src/baseHandlers.ts");
      assert.ok(handlers, `baseHandlers.ts is reached through reactive.ts: ${JSON.stringify(fromTest.map((f) => f.path))}`);
      assert.deepEqual(
        handlers.reasons.filter((reason) => reason.kind === "paired-import").map((reason) => reason.text),
        ["imported by src/reactive.ts (the source this test covers)"],
      );
      const fromSource = rankAffected("src/reactive.ts", { graph, pairing });
      const unrelated = fromSource.find((file) => file.path === "src/unrelated.ts");
      assert.deepEqual(unrelated?.reasons.filter((reason) => reason.kind === "paired-import").map((reason) => reason.text), ["imported by __tests__/reactive.spec.ts (its test)"]);
      assert.equal(fromSource.some((file) => file.path === "src/reactive.ts"), false, "the test imports the target, which is never its own candidate");
      const direct = fromSource.find((file) => file.path === "src/baseHandlers.ts");
      assert.equal(direct?.reasons.some((reason) => reason.kind === "paired-import"), false, "the test does not import it");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("pairs by name, preferring the nearest source, and by imports", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "vibe-pair-"));
    try {
      const files: Record<string, string> = {
        "packages/a/src/watch.ts": "export const w = 1;",
        "packages/b/src/watch.ts": "export const w = 2;",
        "packages/a/__tests__/watch.spec.ts": `import { w } from "../src/watch"; import { h } from "../src/helpers";`,
        "packages/a/src/helpers.ts": "export const h = 1;",
        "app/billing.py": "",
        "tests/test_billing.py": "",
      };
      for (const [relative, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
        writeFileSync(path.join(root, relative), content);
      }
      const graph = await buildImportGraph({ root, files: Object.keys(files), parser: await loadSourceParser() });
      const pairing = new TestPairing(Object.keys(files), graph);
      assert.deepEqual(pairing.testsOf("packages/a/src/watch.ts").map((l) => [l.test, l.reason]), [["packages/a/__tests__/watch.spec.ts", "name"]]);
      assert.deepEqual(pairing.testsOf("packages/b/src/watch.ts"), []);
      assert.deepEqual(pairing.testsOf("packages/a/src/helpers.ts").map((l) => [l.reason, l.line]), [["import", 1]]);
      assert.deepEqual(pairing.testsOf("app/billing.py").map((l) => l.test), ["tests/test_billing.py"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("parses lcov with absolute and relative paths and tolerates junk", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "vibe-lcov-"));
    try {
      mkdirSync(path.join(root, "coverage"));
      writeFileSync(
        path.join(root, "coverage/lcov.info"),
        `TN:\nSF:${root}/src/a.ts\nDA:1,1\nDA:2,0\nDA:bad\nLF:2\nLH:1\nend_of_record\nSF:src/b.ts\nDA:1,3\nend_of_record\ngarbage line\n`,
      );
      const lcov = await readLcov(root);
      assert.deepEqual([lcov?.get("src/a.ts")?.linesFound, lcov?.get("src/a.ts")?.linesHit], [2, 1]);
      assert.deepEqual([lcov?.get("src/b.ts")?.linesFound, lcov?.get("src/b.ts")?.linesHit], [1, 1]);
      assert.equal(await readLcov(path.join(root, "nope")), undefined);
      assert.equal(parseLcov("", root).size, 0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
