import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_SETTINGS } from "../../../shared/settings";
import { createEmbedder } from "../../../server/src/embeddings/createEmbedder";
import { silentLogger } from "../../../server/src/util/logger";

describe("transformers embedder worker recovery", function () {
  this.timeout(60_000);
  let dir: string;
  let modelFolder: string;
  const workerPath = path.join(__dirname, "crashingEmbed.worker.ts");

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "vibe-embed-crash-"));
    // The host checks the model files before starting a worker, so give it a complete (if fake) folder.
    modelFolder = path.join(dir, "model");
    mkdirSync(path.join(modelFolder, "onnx"), { recursive: true });
    for (const file of ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"]) writeFileSync(path.join(modelFolder, file), "{}");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const starts = (): number => readFileSync(path.join(dir, "starts"), "utf8").trim().split("\n").length;

  it("fails the request in flight when the worker dies, then restarts it on the next request", async () => {
    writeFileSync(path.join(dir, "crash-on"), "1");
    const embedder = await createEmbedder({ ...DEFAULT_SETTINGS.embeddings, model: modelFolder }, { modelCachePath: dir, logger: silentLogger, workerPath });
    assert.ok(embedder);
    try {
      assert.equal(embedder.status().state, "ready");
      await assert.rejects(embedder.embed(["a"], "document"), /stopped unexpectedly \(exit code 7\); it restarts on the next request/);
      assert.equal(embedder.status().state, "failed");
      const vectors = await embedder.embed(["b", "c"], "query");
      assert.equal(vectors.length, 2);
      assert.equal(embedder.status().state, "ready");
      assert.equal(starts(), 2);
    } finally {
      await embedder.dispose();
    }
  });

  it("stops restarting a worker that keeps crashing", async () => {
    writeFileSync(path.join(dir, "crash-on"), "1,2,3,4,5,6");
    const embedder = await createEmbedder({ ...DEFAULT_SETTINGS.embeddings, model: modelFolder }, { modelCachePath: dir, logger: silentLogger, workerPath });
    assert.ok(embedder);
    try {
      for (let i = 0; i < 6; i++) await assert.rejects(embedder.embed(["a"], "document"));
      assert.equal(embedder.status().state, "failed");
      assert.equal(starts(), 4, "one start plus three restarts");
      assert.match(embedder.status().message ?? "", /stopped unexpectedly \(exit code 7\)\.$/);
    } finally {
      await embedder.dispose();
    }
  });
});
