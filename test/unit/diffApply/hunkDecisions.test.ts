import { strict as assert } from "node:assert";
import { computeHunks } from "../../../shared/diff/hunks";
import { placeHunks, textWithDecisions, type DecidedHunk, type Decision } from "../../../shared/diff/hunkDecisions";

const CURRENT = ["import a;", "", "function f() {", "  const x = 1;", "  keep();", "  return x;", "}", ""].join("\n");
const PROPOSED = ["import a;", "import b;", "", "function f() {", "  const x = 2;", "  keep();", "}", ""].join("\n");

/** Real hunks from the same diff the server uses: insert after line 1, replace line 4, delete line 6. */
function decided(...choices: Decision[]): DecidedHunk[] {
  const hunks = computeHunks(CURRENT.split("\n").slice(0, -1), PROPOSED.split("\n").slice(0, -1), 1, "f.ts");
  assert.equal(hunks.length, 3, JSON.stringify(hunks));
  return hunks.map((hunk, i) => ({ ...hunk, choice: choices[i] ?? "pending" }));
}

describe("diff-apply decisions → the proposal side of the diff", function () {
  it("shows every hunk that is not rejected: all pending is the whole proposal, all rejected is the file as it is", function () {
    assert.equal(textWithDecisions(CURRENT, decided("pending", "pending", "pending")), PROPOSED);
    assert.equal(textWithDecisions(CURRENT, decided("accepted", "accepted", "accepted")), PROPOSED);
    assert.equal(textWithDecisions(CURRENT, decided("rejected", "rejected", "rejected")), CURRENT);
  });

  it("drops exactly the rejected hunks' lines and keeps the rest", function () {
    const text = textWithDecisions(CURRENT, decided("accepted", "rejected", "pending"));
    assert.equal(text, ["import a;", "import b;", "", "function f() {", "  const x = 1;", "  keep();", "}", ""].join("\n"));
  });

  it("keeps CRLF line ends and a missing final newline", function () {
    const crlf = CURRENT.replace(/\n/g, "\r\n").replace(/\r\n$/, "");
    const text = textWithDecisions(crlf, decided("accepted", "rejected", "rejected"));
    assert.equal(text, crlf.replace("import a;\r\n", "import a;\r\nimport b;\r\n"));
  });

  it("refuses hunks that do not match the file (it changed), instead of showing a wrong proposal", function () {
    assert.throws(() => textWithDecisions(CURRENT.replace("const x = 1", "const x = 9"), decided()), /does not match/);
  });

  it("a new file: its one hunk is the whole file, or nothing once rejected", function () {
    const [hunk] = computeHunks([], ["line one", "line two"], 1, "new.ts");
    assert.equal(textWithDecisions("", [{ ...hunk, choice: "pending" }]), "line one\nline two\n");
    assert.equal(textWithDecisions("", [{ ...hunk, choice: "rejected" }]), "");
  });

  it("places each hunk where its lines start on the proposal side, moved by the kept hunks above it", function () {
    assert.deepEqual(placeHunks(decided("pending", "pending", "pending")), [
      { id: "f.ts#1", line: 2, lineCount: 1 },
      { id: "f.ts#2", line: 5, lineCount: 1 },
      { id: "f.ts#3", line: 7, lineCount: 0 },
    ]);
    // Rejecting the inserted import moves the later hunks up by one line; a rejected hunk keeps a place (0 lines).
    assert.deepEqual(placeHunks(decided("rejected", "pending", "rejected")), [
      { id: "f.ts#1", line: 2, lineCount: 0 },
      { id: "f.ts#2", line: 4, lineCount: 1 },
      { id: "f.ts#3", line: 6, lineCount: 0 },
    ]);
  });

  it("placements agree with the text: each kept hunk's added lines are at its placed line", function () {
    for (const choices of [["pending", "rejected", "accepted"], ["rejected", "accepted", "pending"], ["accepted", "accepted", "rejected"]] as Decision[][]) {
      const hunks = decided(...choices);
      const lines = textWithDecisions(CURRENT, hunks).split("\n");
      for (const placement of placeHunks(hunks)) {
        const hunk = hunks.find((h) => h.id === placement.id)!;
        if (hunk.choice === "rejected") continue;
        assert.deepEqual(lines.slice(placement.line - 1, placement.line - 1 + placement.lineCount), hunk.added, `${choices.join(",")} ${hunk.id}`);
      }
    }
  });
});
