import { strict as assert } from "node:assert";
import { saveArtifactsOnFailure, startSession, stopSession, type E2eSession } from "./harness/session";
import { FILES_INDEXED as INDEXED, searchFor } from "./harness/vibeActions";

const INDEXING_TIMEOUT_MS = 300_000;

/** The user journeys with lexical + structural search only (no embedding model). */
describe("e2e: code search in code-server (embeddings off)", function () {
  let session: E2eSession | undefined;

  before(async function () {
    session = await startSession({ "vibeCoder.embeddings.provider": "none" });
  });
  after(async function () {
    await stopSession(session);
  });
  saveArtifactsOnFailure(() => session);

  it("indexes the workspace: the status bar reports files indexed", async function () {
    const text = await session!.workbench.waitForStatusBarText(INDEXED, INDEXING_TIMEOUT_MS);
    assert.match(text, INDEXED);
  });

  it("Search Code finds a TypeScript function by name and opens it at its line", async function () {
    const { workbench, workspace } = session!;
    await workbench.waitForStatusBarText(INDEXED, INDEXING_TIMEOUT_MS);
    await searchFor(workbench, "retryWithJitteredBackoff", /retry\.ts/);
    await workbench.acceptQuickPickRow(/retry\.ts/);
    await workbench.waitForActiveEditor("retry.ts");
    await workbench.waitForCursorLine(workspace.lineOf("src/net/retry.ts", "function retryWithJitteredBackoff"));
  });

  it("Search Code finds a Python function by name and opens it at its line", async function () {
    const { workbench, workspace } = session!;
    await searchFor(workbench, "summarize_flaky_test_outcomes", /flaky_report\.py/);
    await workbench.acceptQuickPickRow(/flaky_report\.py/);
    await workbench.waitForActiveEditor("flaky_report.py");
    await workbench.waitForCursorLine(workspace.lineOf("tools/flaky_report.py", "def summarize_flaky_test_outcomes"));
  });

  it("finds a function typed and saved in the editor (re-indexing after save)", async function () {
    const { workbench, workspace } = session!;
    const name = "zanzibarQuokkaLedgerReconciler";
    await workbench.openFile("src/geo/haversine.ts");
    await workbench.goToEndOfFile();
    await workbench.typeInEditor(`\nexport function ${name}(entries: number[]): number {\n  return entries.reduce((sum, entry) => sum + entry, 0);\n}\n`);
    await workbench.saveActiveEditor();
    const line = workspace.lineOf("src/geo/haversine.ts", `function ${name}`);

    // Indexing after a save is asynchronous: ask again until the new function is found (generous deadline).
    const deadline = Date.now() + 180_000;
    for (;;) {
      try {
        await searchFor(workbench, name, /haversine\.ts/, 15_000);
        break;
      } catch (error) {
        await workbench.closeQuickInput();
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 2_000));
      }
    }
    await workbench.acceptQuickPickRow(/haversine\.ts/);
    await workbench.waitForActiveEditor("haversine.ts");
    await workbench.waitForCursorLine(line);
  });
});
