import { strict as assert } from "node:assert";
import type { DiffHunk, ProposedFileEdit } from "../../../shared/protocol/actions";
import {
  applyUserChange,
  linesToDelete,
  locateTarget,
  markResolved,
  planPendingInsertion,
  refusalFor,
  validateProposal,
  type LineInsertion,
  type PendingHunk,
} from "../../../client/src/inlineDiff/hunkLayout";
import { composeAccepted } from "../../../client/src/webviews/diffApply/composeProposal";

/** A document as plain lines, with the same insert/delete operations the extension applies to a TextDocument. */
function insert(lines: string[], insertions: LineInsertion[]): string[] {
  const out = [...lines];
  for (const insertion of [...insertions].sort((a, b) => b.beforeLine - a.beforeLine)) out.splice(insertion.beforeLine, 0, ...insertion.lines);
  return out;
}

function decide(doc: string[], hunks: PendingHunk[], hunk: PendingHunk, decision: "accepted" | "rejected"): string[] {
  const { start, count } = linesToDelete(hunk, decision);
  const out = [...doc];
  out.splice(start, count);
  markResolved(hunks, hunk, decision);
  return out;
}

const FILE = ["header", "function f() {", "  const a = 1;", "  keep();", "  keep2();", "  return a;", "}", "footer"];
const HUNKS: DiffHunk[] = [
  { id: "f#1", oldStart: 3, oldLines: 1, newStart: 3, newLines: 2, removed: ["  const a = 1;"], added: ["  // one", "  const a = 2;"] },
  { id: "f#2", oldStart: 6, oldLines: 1, newStart: 7, newLines: 1, removed: ["  return a;"], added: ["  return a + 1;"] },
];
const EDIT: ProposedFileEdit = {
  path: "f.ts",
  isNew: false,
  originalText: FILE.slice(1, 7).join("\n"),
  proposedText: ["function f() {", "  // one", "  const a = 2;", "  keep();", "  keep2();", "  return a + 1;", "}"].join("\n"),
  range: { startLine: 2, endLine: 7 },
  hunks: HUNKS,
  parseCheck: { ok: true },
};

describe("inline diff hunk layout", function () {
  it("shows old and new lines of every hunk, old first, and leaves the rest of the file as it was", function () {
    const { insertions, pending } = planPendingInsertion(HUNKS, 0);
    const doc = insert(FILE, insertions);
    assert.deepEqual(doc, ["header", "function f() {", "  const a = 1;", "  // one", "  const a = 2;", "  keep();", "  keep2();", "  return a;", "  return a + 1;", "}", "footer"]);
    assert.deepEqual(doc.slice(pending[1].removedStart, pending[1].removedStart + 1), ["  return a;"]);
  });

  it("accept one hunk, reject the other: exactly the accepted change remains", function () {
    const { insertions, pending } = planPendingInsertion(HUNKS, 0);
    let doc = insert(FILE, insertions);
    doc = decide(doc, pending, pending[0], "accepted");
    doc = decide(doc, pending, pending[1], "rejected");
    assert.deepEqual(doc, ["header", "function f() {", "  // one", "  const a = 2;", "  keep();", "  keep2();", "  return a;", "}", "footer"]);
  });

  it("deciding the lower hunk first keeps the upper hunk's lines right", function () {
    const { insertions, pending } = planPendingInsertion(HUNKS, 0);
    let doc = insert(FILE, insertions);
    doc = decide(doc, pending, pending[1], "accepted");
    doc = decide(doc, pending, pending[0], "rejected");
    assert.deepEqual(doc, ["header", "function f() {", "  const a = 1;", "  keep();", "  keep2();", "  return a + 1;", "}", "footer"]);
  });

  it("re-bases when the user added lines above the target, and refuses when the target itself changed", function () {
    const moved = ["new line", "another", ...FILE];
    assert.deepEqual(locateTarget(moved, EDIT), { ok: true, shift: 2 });
    const edited = [...FILE];
    edited[2] = "  const a = 100;";
    const result = locateTarget(edited, EDIT);
    assert.equal(result.ok, false);
  });

  it("typing above a hunk moves it; typing in its new lines makes reject (which would delete them) refused", function () {
    const { pending } = planPendingInsertion(HUNKS, 0);
    applyUserChange(pending, { startLine: 0, endLine: 0, delta: 1 });
    assert.equal(pending[0].removedStart, 3);
    assert.equal(pending[1].removedStart, 8);
    applyUserChange(pending, { startLine: 5, endLine: 5, delta: 0 });
    assert.equal(pending[0].addedEdited, true);
    assert.ok(refusalFor(pending[0], "rejected"));
    assert.equal(refusalFor(pending[0], "accepted"), undefined);
    assert.equal(pending[1].addedEdited, false);
  });

  it("refuses proposals that empty the target or whose hunks disagree with their text", function () {
    assert.equal(validateProposal(EDIT), undefined);
    assert.match(validateProposal({ ...EDIT, proposedText: "", hunks: [] }) ?? "", /delete all/);
    const wrong = { ...EDIT, hunks: [{ ...HUNKS[0], removed: ["  const a = 999;"] }, HUNKS[1]] };
    assert.match(validateProposal(wrong) ?? "", /do not match/);
    assert.match(validateProposal({ ...EDIT, proposedText: EDIT.proposedText + "\nextra" }) ?? "", /do not add up/);
  });

  it("the diff-apply panel composes only the accepted hunks", function () {
    assert.deepEqual(composeAccepted(EDIT, new Set(["f#2"])), ["function f() {", "  const a = 1;", "  keep();", "  keep2();", "  return a + 1;", "}"]);
    assert.deepEqual(composeAccepted(EDIT, new Set(["f#1", "f#2"])).join("\n"), EDIT.proposedText);
  });
});
