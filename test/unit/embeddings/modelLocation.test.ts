import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { consentMessage, locateTransformersModel, looksLikeHuggingFaceId, missingModelFiles } from "../../../server/src/embeddings/modelLocation";
import { inputPrefixFor } from "../../../server/src/embeddings/inputPrefixes";
import { normalizeVector, vectorLength } from "../../../server/src/embeddings/vectorMath";

describe("locateTransformersModel", () => {
  it("resolves a Hugging Face id under the model cache", () => {
    const location = locateTransformersModel("Xenova/all-MiniLM-L6-v2", "/cache/models");
    assert.equal(location.loadId, "Xenova/all-MiniLM-L6-v2");
    assert.equal(location.localModelPath, "/cache/models");
    assert.equal(location.folder, path.join("/cache/models", "Xenova", "all-MiniLM-L6-v2"));
    assert.equal(location.isFolder, false);
  });

  it("passes an absolute folder through and names it by its basename", () => {
    const location = locateTransformersModel("/opt/models/my-minilm/", "/cache/models");
    assert.equal(location.loadId, "/opt/models/my-minilm");
    assert.equal(location.displayName, "my-minilm");
    assert.equal(location.isFolder, true);
  });

  it("tells ids from other strings", () => {
    assert.ok(looksLikeHuggingFaceId("Xenova/all-MiniLM-L6-v2"));
    assert.ok(!looksLikeHuggingFaceId("models/../../etc"));
    assert.ok(!looksLikeHuggingFaceId("relative/path/to/model"));
  });
});

describe("missingModelFiles", () => {
  it("lists exactly the files a q8 load needs that are absent", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "vibe-model-"));
    try {
      assert.equal(missingModelFiles(path.join(dir, "nope")).length, 4);
      writeFileSync(path.join(dir, "config.json"), "{}");
      writeFileSync(path.join(dir, "tokenizer.json"), "{}");
      writeFileSync(path.join(dir, "tokenizer_config.json"), "{}");
      mkdirSync(path.join(dir, "onnx"));
      assert.deepEqual(missingModelFiles(dir), ["onnx/model_quantized.onnx"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("consentMessage", () => {
  it("names the model and its size when known", () => {
    assert.equal(
      consentMessage("Xenova/all-MiniLM-L6-v2"),
      "Semantic search needs the embedding model Xenova/all-MiniLM-L6-v2 (~23 MB); allow the download or pick another provider.",
    );
    assert.match(consentMessage("someone/other-model"), /model someone\/other-model; allow the download/);
  });
});

describe("inputPrefixFor", () => {
  it("adds the instruction prefixes that nomic and e5 models were trained with, and nothing for MiniLM", () => {
    assert.equal(inputPrefixFor("nomic-embed-text", "query"), "search_query: ");
    assert.equal(inputPrefixFor("nomic-embed-text:latest", "document"), "search_document: ");
    assert.equal(inputPrefixFor("intfloat/multilingual-e5-small", "document"), "passage: ");
    assert.equal(inputPrefixFor("Xenova/all-MiniLM-L6-v2", "query"), "");
  });
});

describe("normalizeVector", () => {
  it("scales to unit length, keeps zero vectors at zero and rejects non-finite values", () => {
    assert.ok(Math.abs(vectorLength(normalizeVector([3, 4])) - 1) < 1e-6);
    assert.deepEqual([...normalizeVector([0, 0])], [0, 0]);
    assert.throws(() => normalizeVector([1, Number.NaN]), /not a finite number/);
  });
});
