import { strict as assert } from "node:assert";
import { computeHunks } from "../../../shared/diff/hunks";
import { textWithDecisions } from "../../../shared/diff/hunkDecisions";
import type { ProposedFileEdit } from "../../../shared/protocol/actions";
import { isDiffApplyViewMessage, type HunkChoice } from "../../../shared/webview/diffApply";
import { EXISTS_NOW, viewOfEdit } from "../../../client/src/webviews/diffApply/composeProposal";

const FILE = ["// header", "export function f(a: number) {", "  const b = a;", "  return b;", "}", ""].join("\n");
const TARGET = ["export function f(a: number) {", "  const b = a;", "  return b;", "}"];
const PROPOSED = ["export function f(a: number) {", "  const b = a * 2; // doubled", "  return b;", "}", "export const g = 1;"];

/** A proposal for lines 2–5, made the way the server makes them. */
const EDIT: ProposedFileEdit = {
  path: "src/f.ts",
  isNew: false,
  originalText: TARGET.join("\n"),
  proposedText: PROPOSED.join("\n"),
  range: { startLine: 2, endLine: 5 },
  hunks: computeHunks(TARGET, PROPOSED, 2, "src/f.ts"),
  parseCheck: { ok: true },
};
const NONE = new Map<string, HunkChoice>();

describe("diff-apply panel: a proposal shown against the file as it is now", function () {
  it("uses the file's current text as the original side and the proposal's hunks as they are", function () {
    const view = viewOfEdit(EDIT, FILE, NONE);
    assert.equal(view.stale, undefined);
    assert.equal(view.currentText, FILE);
    assert.deepEqual(view.hunks.map((h) => [h.oldStart, h.choice]), [[3, "pending"], [6, "pending"]]);
    assert.equal(textWithDecisions(view.currentText, view.hunks), ["// header", ...PROPOSED, ""].join("\n"));
  });

  it("moves the hunks when the user typed lines above the target (unsaved buffer text), and keeps the choices", function () {
    const typed = `// typed one\n// typed two\n${FILE}`;
    const view = viewOfEdit(EDIT, typed, new Map([[EDIT.hunks[1].id, "rejected" as HunkChoice]]));
    assert.equal(view.stale, undefined);
    assert.deepEqual(view.hunks.map((h) => [h.oldStart, h.choice]), [[5, "pending"], [8, "rejected"]]);
    assert.equal(textWithDecisions(view.currentText, view.hunks), typed.replace("  const b = a;", "  const b = a * 2; // doubled"));
  });

  it("marks the file stale, with the reason, when the target lines themselves were edited", function () {
    const view = viewOfEdit(EDIT, FILE.replace("return b;", "return b + 1;"), NONE);
    assert.match(view.stale ?? "", /edited since you asked/);
  });

  it("a new file diffs against nothing, and is stale once a file with its name exists", function () {
    const lines = ["test('x', () => {});"];
    const created: ProposedFileEdit = { ...EDIT, path: "src/f.test.ts", isNew: true, originalText: "", proposedText: lines[0], range: { startLine: 1, endLine: 0 }, hunks: computeHunks([], lines, 1, "src/f.test.ts") };
    const view = viewOfEdit(created, undefined, NONE);
    assert.equal(view.currentText, "");
    assert.equal(textWithDecisions(view.currentText, view.hunks), `${lines[0]}\n`);
    assert.equal(viewOfEdit(created, "someone else's file\n", NONE).stale, EXISTS_NOW);
  });

  it("the host accepts only the view's known messages", function () {
    for (const message of [{ type: "ready" }, { type: "apply" }, { type: "discard" }, { type: "choose", hunkIds: ["a#1"], choice: "rejected" }]) {
      assert.ok(isDiffApplyViewMessage(message), JSON.stringify(message));
    }
    for (const message of [null, { type: "openDiff", path: "a.ts" }, { type: "choose", hunkIds: "a#1", choice: "accepted" }, { type: "choose", hunkIds: [1], choice: "accepted" }, { type: "choose", hunkIds: [], choice: "maybe" }]) {
      assert.ok(!isDiffApplyViewMessage(message), JSON.stringify(message));
    }
  });
});
