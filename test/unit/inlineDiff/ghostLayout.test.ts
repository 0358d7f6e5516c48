import { strict as assert } from "node:assert";
import type { DiffHunk } from "../../../shared/protocol/actions";
import { computeHunks } from "../../../shared/diff/hunks";
import {
  applyUserChangeToGhosts,
  ghostAcceptRefusal,
  ghostHunkAtLine,
  ghostHunksFromDiff,
  ghostHunksFromPending,
  ghostPicture,
  markGhostResolved,
  type GhostHunk,
} from "../../../client/src/inlineDiff/ghostHunks";
import { dedent, ghostColumns, ghostText, layoutGhostRows, visualWidth } from "../../../client/src/inlineDiff/ghostLayout";
import { linesToDelete, markResolved, planPendingInsertion, type LineInsertion } from "../../../client/src/inlineDiff/hunkLayout";

const added = (...texts: string[]): string[] => texts;

describe("ghost layout (proposed lines painted beside the code)", function () {
  it("puts a block's lines on consecutive rows from its first row", function () {
    const rows = layoutGhostRows([{ row: 2, lines: added("a", "b") }], 10);
    assert.deepEqual(rows.map((r) => [r.line, r.text, r.hiddenAfter]), [[2, "a", 0], [3, "b", 0]]);
  });

  it("folds lines that would run into the next block into a count on the last row it has", function () {
    const rows = layoutGhostRows([{ row: 5, lines: added("x") }, { row: 1, lines: added("a", "b", "c", "d", "e", "f") }], 10);
    assert.deepEqual(rows.map((r) => [r.line, r.text, r.hiddenAfter]), [
      [1, "a", 0],
      [2, "b", 0],
      [3, "c", 0],
      [4, "d", 2],
      [5, "x", 0],
    ]);
  });

  it("stops at the end of the document and keeps a block that starts past it on the last line", function () {
    assert.deepEqual(
      layoutGhostRows([{ row: 2, lines: added("a", "b", "c") }], 3).map((r) => [r.line, r.hiddenAfter]),
      [[2, 2]],
    );
    assert.deepEqual(layoutGhostRows([{ row: 7, lines: added("a") }], 3).map((r) => r.line), [2]);
  });

  it("aligns each block to a column right of its own widest line, capped so it stays on screen", function () {
    const rows = layoutGhostRows([{ row: 0, lines: added("a", "b") }, { row: 5, lines: added("c") }], 10);
    assert.deepEqual(ghostColumns(rows, [10, 30, 4]), [34, 34, 8]);
    assert.deepEqual(ghostColumns(rows.slice(0, 1), [400]), [80]);
    assert.equal(visualWidth("\tab", 4), 6);
    assert.equal(visualWidth("a\tb", 4), 5);
  });

  it("drops the indentation all lines of a block share, keeping the relative indentation", function () {
    assert.deepEqual(dedent(["    if (x) {", "      y();", "", "    }"]), ["if (x) {", "  y();", "", "}"]);
    assert.deepEqual(layoutGhostRows([{ row: 0, lines: ["  a", "    b"] }], 5).map((r) => r.text), ["a", "  b"]);
  });

  it("keeps indentation visible with non-breaking spaces and pads to the column", function () {
    assert.equal(ghostText(6, 10, "  x = 1;", 4), "\u00a0".repeat(4) + "\u00a0\u00a0x\u00a0=\u00a01;");
    assert.equal(ghostText(20, 10, "\ty", 2), "\u00a0\u00a0" + "\u00a0\u00a0y", "a line wider than the column still gets a small gap");
  });
});

describe("ghost hunks (a proposal held outside the buffer)", function () {
  const ORIGINAL = ["a", "b", "c", "d", "e", "f"];
  const PROPOSED = ["a", "B", "c", "d", "E1", "E2", "f"];
  const hunks = (): DiffHunk[] => computeHunks(ORIGINAL, PROPOSED, 1, "f.ts");

  /** Applies accepted ghost hunks to a plain line array the way GhostSession edits the document. */
  function accept(doc: string[], all: GhostHunk[], hunk: GhostHunk): string[] {
    const out = [...doc];
    out.splice(hunk.start, hunk.removedCount, ...hunk.added);
    markGhostResolved(all, hunk, "accepted");
    return out;
  }

  it("accepting every hunk bottom-up or top-down gives exactly the proposed text", function () {
    for (const order of ["top-down", "bottom-up"]) {
      const ghosts = ghostHunksFromDiff(hunks(), 0);
      let doc = [...ORIGINAL];
      const sequence = order === "top-down" ? [...ghosts] : [...ghosts].reverse();
      for (const hunk of sequence) doc = accept(doc, ghosts, hunk);
      assert.deepEqual(doc, PROPOSED, order);
    }
  });

  it("accept one, reject the other: only the accepted change reaches the document", function () {
    const ghosts = ghostHunksFromDiff(hunks(), 0);
    const doc = accept([...ORIGINAL], ghosts, ghosts[1]);
    markGhostResolved(ghosts, ghosts[0], "rejected");
    assert.deepEqual(doc, ["a", "b", "c", "d", "E1", "E2", "f"]);
  });

  it("a shift re-bases the hunks; typing above moves them; typing in old lines refuses Accept", function () {
    const ghosts = ghostHunksFromDiff(hunks(), 2);
    assert.deepEqual(ghosts.map((g) => g.start), [3, 6]);
    applyUserChangeToGhosts(ghosts, { startLine: 0, endLine: 0, delta: 1 });
    assert.deepEqual(ghosts.map((g) => g.start), [4, 7]);
    applyUserChangeToGhosts(ghosts, { startLine: 4, endLine: 4, delta: 0 });
    assert.ok(ghostAcceptRefusal(ghosts[0]));
    assert.equal(ghostAcceptRefusal(ghosts[1]), undefined);
    assert.equal(ghostHunkAtLine(ghosts, 7)?.id, ghosts[1].id);
    assert.equal(ghostHunkAtLine(ghosts, 5), undefined);
  });

  it("the picture shows each pending hunk's new lines at its old lines and marks those", function () {
    const ghosts = ghostHunksFromDiff(hunks(), 0);
    const picture = ghostPicture(ghosts);
    assert.deepEqual(picture.removedLines, [1, 4]);
    assert.deepEqual(picture.blocks.map((b) => [b.row, b.lines]), [[1, ["B"]], [4, ["E1", "E2"]]]);
  });

  it("moving an in-buffer proposal out (for a save) keeps every hunk where the buffer will have its old lines", function () {
    const { insertions, pending } = planPendingInsertion(hunks(), 0);
    const buffer = insert(ORIGINAL, insertions);
    // The user accepted nothing yet; the save takes every pending hunk's new lines out.
    let stripped = [...buffer];
    for (const hunk of [...pending].sort((a, b) => b.removedStart - a.removedStart)) {
      const { start, count } = linesToDelete(hunk, "rejected");
      stripped.splice(start, count);
    }
    assert.deepEqual(stripped, ORIGINAL);
    const ghosts = ghostHunksFromPending(pending);
    for (const hunk of [...ghosts]) stripped = accept(stripped, ghosts, hunk);
    assert.deepEqual(stripped, PROPOSED, "accepting the moved-out hunks gives the proposal");
  });

  it("moving out after one hunk was already accepted in the buffer", function () {
    const { insertions, pending } = planPendingInsertion(hunks(), 0);
    const buffer = insert(ORIGINAL, insertions);
    const first = pending[0];
    const { start, count } = linesToDelete(first, "accepted");
    buffer.splice(start, count);
    markResolved(pending, first, "accepted");
    const rest = pending.filter((h) => h.state === "pending");
    const { start: s2, count: c2 } = linesToDelete(rest[0], "rejected");
    buffer.splice(s2, c2);
    assert.deepEqual(buffer, ["a", "B", "c", "d", "e", "f"]);
    const ghosts = ghostHunksFromPending(rest);
    assert.deepEqual(accept(buffer, ghosts, ghosts[0]), PROPOSED);
  });
});

function insert(lines: readonly string[], insertions: readonly LineInsertion[]): string[] {
  const out = [...lines];
  for (const insertion of [...insertions].sort((a, b) => b.beforeLine - a.beforeLine)) out.splice(insertion.beforeLine, 0, ...insertion.lines);
  return out;
}
