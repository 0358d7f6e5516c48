import { strict as assert } from "node:assert";
import type { AssessImpactResult } from "../../../shared/protocol/impact";
import { isImpactReportHostMessage, isImpactReportViewMessage } from "../../../shared/webview/impactReport";

// The report webview is untrusted: whatever it posts must be refused unless it is exactly a message the host knows,
// with nothing that could turn into a git option, a shell trick or a path outside the repository.
describe("impact report webview messages", function () {
  it("accepts the messages the report sends", function () {
    const valid: unknown[] = [
      { type: "ready" },
      { type: "rerun" },
      { type: "openFile", path: "src/cart/cart.ts" },
      { type: "openFile", path: "src/cart/cart.ts", line: 11 },
      { type: "openCommit", hash: "17829075c313106374accbc16e92b27ef7ff5356" },
      { type: "openDiff", area: "src", base: "63680ae257b9d5cce5eae5c858bdb127a5d98c35", head: "1782907", files: ["src/cart/cart.ts"] },
      { type: "openDiff", area: "(root)", base: "abc1234^", head: "HEAD", files: [] },
    ];
    for (const message of valid) assert.ok(isImpactReportViewMessage(message), JSON.stringify(message));
  });

  it("refuses unknown, malformed and dangerous messages", function () {
    const invalid: unknown[] = [
      null,
      "ready",
      [],
      { type: "openTerminal" },
      { type: "openFile" },
      { type: "openFile", path: "" },
      { type: "openFile", path: "a.ts", line: 0 },
      { type: "openFile", path: "a.ts", line: 1.5 },
      { type: "openFile", path: "--output=/tmp/x" },
      { type: "openFile", path: "a\0b" },
      { type: "openCommit", hash: "HEAD; rm -rf /" },
      { type: "openCommit", hash: "--all" },
      { type: "openDiff", area: "src", base: "--output=/tmp/pwned", head: "HEAD", files: [] },
      { type: "openDiff", area: "src", base: "main..evil", head: "HEAD", files: [] },
      { type: "openDiff", area: "src", base: "a b", head: "HEAD", files: [] },
      { type: "openDiff", area: "src", base: "HEAD", head: "HEAD", files: ["-p"] },
      { type: "openDiff", area: "src", base: "HEAD", head: "HEAD", files: "src" },
      { type: "openDiff", area: "src", base: "HEAD", head: "HEAD", files: Array.from({ length: 501 }, (_, i) => `f${i}.ts`) },
    ];
    for (const message of invalid) assert.equal(isImpactReportViewMessage(message), false, JSON.stringify(message));
  });

  it("the view accepts a report the host built and ignores anything else", function () {
    const result: AssessImpactResult = {
      target: { kind: "file", path: "a.ts" },
      files: ["a.ts"],
      symbols: [],
      risk: [],
      affected: [],
      breakingChanges: [],
      warnings: [],
      history: { kind: "none", commits: 0, ignoredBulkCommits: 0 },
      notes: [],
      tookMs: 3,
    };
    assert.ok(isImpactReportHostMessage({ type: "show", content: { kind: "impact", title: "Impact: a.ts", result } }));
    assert.ok(isImpactReportHostMessage({ type: "loading", title: "Catch Me Up", text: "…" }));
    assert.equal(isImpactReportHostMessage({ type: "show", content: { kind: "impact", title: "x", result: { ...result, affected: undefined } } }), false);
    assert.equal(isImpactReportHostMessage({ type: "show", content: { kind: "other", title: "x", result } }), false);
    assert.equal(isImpactReportHostMessage({ source: "react-devtools" }), false);
  });
});
