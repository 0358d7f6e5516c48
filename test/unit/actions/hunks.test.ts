import { strict as assert } from "node:assert";
import { applyHunks, computeHunks, splitLines } from "../../../shared/diff/hunks";
import { rebaseHunk, rebaseHunks } from "../../../shared/diff/rebase";

const ORIGINAL = ["function total(items) {", "  let sum = 0;", "  for (const i of items) sum += i.price;", "  return sum;", "}"];

describe("actions: hunks", () => {
  it("splits a change into independent hunks in file coordinates", () => {
    const proposed = ["function total(items) {", "  let sum = 0;", "  for (const item of items) sum += item.price;", "  return sum;", "}", "", "export { total };"];
    const hunks = computeHunks(ORIGINAL, proposed, 10, "a.ts");
    assert.equal(hunks.length, 2);
    assert.deepEqual(hunks[0], { id: "a.ts#1", oldStart: 12, oldLines: 1, newStart: 12, newLines: 1, removed: [ORIGINAL[2]], added: [proposed[2]] });
    assert.equal(hunks[1].oldLines, 0, "a pure insertion");
    assert.equal(hunks[1].oldStart, 15, "inserted after the last original line");
    assert.deepEqual(hunks[1].added, ["", "export { total };"]);
  });

  it("applying every hunk gives the proposal; applying one leaves the rest untouched", () => {
    const doc = ["// header", ...ORIGINAL, "// footer"].join("\r\n") + "\r\n";
    const proposed = ["function total(items) {", "  let sum = 0; // running", "  for (const i of items) sum += i.price;", "  return sum ?? 0;", "}"];
    const hunks = computeHunks(ORIGINAL, proposed, 2, "a.ts");
    assert.equal(hunks.length, 2);
    assert.equal(applyHunks(doc, hunks), ["// header", ...proposed, "// footer"].join("\r\n") + "\r\n", "CRLF and the final newline are kept");
    const one = applyHunks(doc, [hunks[0]]);
    assert.ok(one.includes("let sum = 0; // running") && one.includes("return sum;"));
  });

  it("refuses to apply a hunk whose lines are not where it says", () => {
    const hunks = computeHunks(ORIGINAL, ["x"], 1, "a.ts");
    assert.throws(() => applyHunks("something else\n", hunks), /does not match/);
  });

  it("applies a 200-hunk diff over a 2,000-line file", () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `const v${i} = ${i};`);
    const proposed = lines.map((line, i) => (i % 10 === 0 ? line.replace("const", "let") : line));
    const hunks = computeHunks(lines, proposed, 1, "big.ts");
    assert.equal(hunks.length, 200);
    const started = performance.now();
    const result = applyHunks(lines.join("\n") + "\n", hunks);
    const elapsed = performance.now() - started;
    assert.equal(result, proposed.join("\n") + "\n");
    process.stdout.write(`      (200-hunk diff: computed and applied; apply took ${elapsed.toFixed(1)} ms)\n`);
  });
});

describe("actions: rebase", () => {
  const doc = ["a", "b", "c", "d", "e", "f"].join("\n") + "\n";
  const hunks = computeHunks(["c", "d"], ["C", "d", "D2"], 3, "x.ts");

  it("keeps hunks when nothing changed", () => {
    assert.deepEqual(rebaseHunks(doc, doc, hunks).map((r) => r.ok), [true, true]);
  });

  it("moves a hunk by the lines the user added above it", () => {
    const current = ["a", "new 1", "new 2", "b", "c", "d", "e", "f"].join("\n") + "\n";
    const outcome = rebaseHunk(doc, current, hunks[0]);
    assert.ok(outcome.ok);
    assert.equal(outcome.hunk.oldStart, 5);
    assert.equal(applyHunks(current, [outcome.hunk]).split("\n")[4], "C");
  });

  it("refuses a hunk whose lines the user edited, and says so", () => {
    const current = ["a", "b", "c typed", "d", "e", "f"].join("\n") + "\n";
    const outcome = rebaseHunk(doc, current, hunks[0]);
    assert.equal(outcome.ok, false);
    assert.match(outcome.ok ? "" : outcome.message, /edited after the proposal/);
  });

  it("refuses an insertion exactly where the user typed, but moves one below an edit", () => {
    const typedAtPoint = ["a", "b", "c", "d", "typed", "e", "f"].join("\n") + "\n";
    assert.equal(rebaseHunk(doc, typedAtPoint, hunks[1]).ok, false);
    const editAbove = ["a", "B", "c", "d", "e", "f"].join("\n") + "\n";
    const moved = rebaseHunk(doc, editAbove, hunks[1]);
    assert.ok(moved.ok && moved.hunk.oldStart === hunks[1].oldStart);
  });

  it("splitLines drops only the final terminator", () => {
    assert.deepEqual(splitLines("a\r\nb\n\n"), ["a", "b", ""]);
    assert.deepEqual(splitLines(""), []);
  });
});
