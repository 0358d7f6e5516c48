import { strict as assert } from "node:assert";
import { changeBlocks, partialDiff } from "../../../client/src/inlineDiff/partialDiff";

const ORIGINAL = [
  "function area(r) {",
  "  const pi = 3.14;",
  "  return pi * r * r;",
  "}",
];

const kinds = (text: string, complete = false) => partialDiff(ORIGINAL, text, complete).lines.map((l) => `${l.kind[0]} ${l.text}`);

describe("partialDiff (streaming preview)", function () {
  it("nothing streamed yet: no lines, frontier at the top", function () {
    assert.deepEqual(partialDiff(ORIGINAL, ""), { lines: [], removed: [], reached: 0 });
  });

  it("an unchanged prefix is kept and the frontier sits right after it, not at the end of the original", function () {
    const diff = partialDiff(ORIGINAL, "function area(r) {\n  const pi = 3.14;\n");
    assert.deepEqual(diff.lines.map((l) => l.kind), ["kept", "kept"]);
    assert.deepEqual(diff.removed, [], "lines the stream has not reached are not called removed");
    assert.equal(diff.reached, 2);
  });

  it("a replaced line is removed once the stream has moved past it, and its replacement is added", function () {
    const diff = partialDiff(ORIGINAL, "function area(r) {\n  return Math.PI * r * r;\n}\n");
    assert.deepEqual(
      diff.lines.map((l) => l.kind),
      ["kept", "added", "kept"],
    );
    assert.deepEqual(diff.removed, [1, 2]);
    assert.equal(diff.reached, 4);
  });

  it("a new line whose original counterpart is not reached yet is added without removing anything", function () {
    const diff = partialDiff(ORIGINAL, "function area(r) {\n  // area of a circle\n");
    assert.deepEqual(diff.lines.map((l) => l.kind), ["kept", "added"]);
    assert.deepEqual(diff.removed, []);
    assert.equal(diff.reached, 1, "the frontier stays before the first original line not matched yet");
  });

  it("the line still being written is shown as added and never matched, even when it equals an original line so far", function () {
    assert.deepEqual(kinds("function area(r) {\n  const p"), ["k function area(r) {", "a   const p"]);
    assert.deepEqual(kinds("function area(r) {\n  const pi = 3.14;"), ["k function area(r) {", "a   const pi = 3.14;"]);
    assert.deepEqual(partialDiff(ORIGINAL, "function area(r) {\n  const p").reached, 1);
  });

  it("complete text: the last line is matched like the others", function () {
    const diff = partialDiff(ORIGINAL, ORIGINAL.join("\n"), true);
    assert.deepEqual(diff.lines.map((l) => l.kind), ["kept", "kept", "kept", "kept"]);
    assert.deepEqual(diff.removed, []);
    assert.equal(diff.reached, 4);
  });

  it("a line matched further down marks the original lines in between as replaced", function () {
    const diff = partialDiff(ORIGINAL, "function area(r) {\n}\n");
    assert.deepEqual(diff.lines.map((l) => l.kind), ["kept", "kept"]);
    assert.deepEqual(diff.removed, [1, 2]);
    assert.equal(diff.reached, 4);
  });

  it("CRLF streams are compared without their carriage returns", function () {
    const diff = partialDiff(ORIGINAL, "function area(r) {\r\n  const pi = 3.14;\r\n");
    assert.deepEqual(diff.lines.map((l) => [l.kind, l.text]), [
      ["kept", "function area(r) {"],
      ["kept", "  const pi = 3.14;"],
    ]);
  });

  it("an empty original (insertion): everything streamed is added", function () {
    const diff = partialDiff([], "a\nb\nc");
    assert.deepEqual(diff.lines.map((l) => l.kind), ["added", "added", "added"]);
    assert.equal(diff.reached, 0);
  });

  it("groups new lines by where they go: in place of the lines they replace, or at the frontier while streaming", function () {
    const replaced = partialDiff(ORIGINAL, "function area(r) {\n  return Math.PI * r * r;\n}\n");
    assert.deepEqual(changeBlocks(replaced), [{ at: 1, lines: ["  return Math.PI * r * r;"] }]);
    const growing = partialDiff(ORIGINAL, "function area(r) {\n  // area of a circle\n  const p");
    assert.deepEqual(changeBlocks(growing), [{ at: 1, lines: ["  // area of a circle", "  const p"] }], "the frontier is original line 1");
    assert.deepEqual(changeBlocks(partialDiff(ORIGINAL, "// doc\nfunction area(r) {\n", false)), [{ at: 0, lines: ["// doc"] }]);
    assert.deepEqual(changeBlocks(partialDiff(ORIGINAL, ORIGINAL.join("\n"), true)), []);
  });
});
