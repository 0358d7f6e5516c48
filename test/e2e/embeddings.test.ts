import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { FIXTURE_MODEL_DIR, saveArtifactsOnFailure, startSession, stopSession, type E2eSession } from "./harness/session";
import { FILES_INDEXED, searchFor, waitForIndexStatusRow } from "./harness/vibeActions";

/**
 * The real transformers.js path inside the installed VSIX (onnxruntime-node + sharp from its node_modules), with the
 * random-weight fixture model: it proves loading and inference work; its scores mean nothing, so only a
 * by-name search is checked.
 */
describe("e2e: indexing with the local transformers.js embedder (fixture model)", function () {
  let session: E2eSession | undefined;

  before(async function () {
    assert.ok(existsSync(join(FIXTURE_MODEL_DIR, "onnx", "model_quantized.onnx")), `fixture model missing at ${FIXTURE_MODEL_DIR}`);
    session = await startSession({
      "vibeCoder.embeddings.provider": "transformers",
      "vibeCoder.embeddings.model": FIXTURE_MODEL_DIR,
    });
  });
  after(async function () {
    await stopSession(session);
  });
  saveArtifactsOnFailure(() => session);

  it("reaches \"files indexed\" with embeddings on, and search still finds a function by name", async function () {
    const { workbench, workspace } = session!;
    await workbench.waitForStatusBarText(FILES_INDEXED, 600_000);
    // The model really loaded in the server's worker: the status picker names it with its 384 dimensions, ready.
    const embedder = await waitForIndexStatusRow(workbench, /Embedder: transformers .*minilm-random.*384 dimensions.*ready/, 300_000);
    assert.doesNotMatch(embedder, /failed/);
    await searchFor(workbench, "computeQuarterlyInvoiceTotals", /invoiceTotals\.ts/);
    await workbench.acceptQuickPickRow(/invoiceTotals\.ts/);
    await workbench.waitForActiveEditor("invoiceTotals.ts");
    await workbench.waitForCursorLine(workspace.lineOf("src/billing/invoiceTotals.ts", "function computeQuarterlyInvoiceTotals"));
  });
});
