import * as assert from "node:assert/strict";
import { EmbedBatchQueue } from "../../../server/src/embeddings/embedQueue";

/** A batch runner that records the batches it sees and answers with [length] vectors after a macrotask. */
function recordingRunner(log: string[][]) {
  return async (texts: string[]): Promise<Float32Array[]> => {
    log.push(texts);
    await new Promise((resolve) => setImmediate(resolve));
    return texts.map((text) => Float32Array.of(text.length));
  };
}

describe("EmbedBatchQueue", () => {
  it("splits a call into batches of batchSize and returns results in the caller's order", async () => {
    const batches: string[][] = [];
    const queue = new EmbedBatchQueue(recordingRunner(batches), 2);
    const texts = ["ccc", "a", "eeeee", "bb", "dddd"];
    const vectors = await queue.embed(texts, "document");
    assert.deepEqual(vectors.map((v) => v[0]), [3, 1, 5, 2, 4]);
    assert.equal(batches.length, 3);
    assert.ok(batches.every((batch) => batch.length <= 2));
  });

  it("groups texts of similar length into the same batch so little compute goes to padding", async () => {
    const batches: string[][] = [];
    const queue = new EmbedBatchQueue(recordingRunner(batches), 2);
    await queue.embed(["x".repeat(500), "y", "z".repeat(490), "w"], "document");
    assert.deepEqual(batches.map((batch) => batch.map((t) => t.length)), [[1, 1], [490, 500]]);
  });

  it("runs a query ahead of document batches that are still waiting", async () => {
    const batches: string[][] = [];
    const queue = new EmbedBatchQueue(recordingRunner(batches), 1);
    const indexing = queue.embed(["d1", "d2", "d3", "d4"], "document");
    const search = queue.embed(["the query"], "query");
    await Promise.all([indexing, search]);
    // The first document batch was already running; the query must come right after it, not after d4.
    assert.deepEqual(batches.map((b) => b[0]), ["d1", "the query", "d2", "d3", "d4"]);
  });

  it("never runs more batches at once than its concurrency", async () => {
    let running = 0;
    let peak = 0;
    const queue = new EmbedBatchQueue(async (texts) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      return texts.map(() => new Float32Array(1));
    }, 1, 2);
    await Promise.all([queue.embed(["a", "b", "c"], "document"), queue.embed(["d", "e"], "document")]);
    assert.equal(peak, 2);
  });

  it("rejects a call whose batch fails, skips its remaining batches, and keeps serving other calls", async () => {
    const batches: string[][] = [];
    const queue = new EmbedBatchQueue(async (texts) => {
      batches.push(texts);
      if (texts.includes("bad")) throw new Error("model exploded");
      return texts.map(() => new Float32Array(1));
    }, 1);
    const failing = queue.embed(["bad", "later1", "later2"], "document");
    const healthy = queue.embed(["fine"], "document");
    await assert.rejects(failing, /model exploded/);
    assert.equal((await healthy).length, 1);
    assert.ok(!batches.flat().includes("later1"), "batches of a failed call should not run");
  });

  it("rejects a batch answered with the wrong number of vectors", async () => {
    const queue = new EmbedBatchQueue(async () => [new Float32Array(1)], 4);
    await assert.rejects(queue.embed(["a", "b"], "document"), /1 vectors for 2 texts/);
  });

  it("rejectAll fails waiting calls with the given error", async () => {
    let release: () => void = () => undefined;
    const queue = new EmbedBatchQueue(async (texts) => {
      await new Promise<void>((resolve) => (release = resolve));
      return texts.map(() => new Float32Array(1));
    }, 1);
    const first = queue.embed(["a"], "document");
    const second = queue.embed(["b"], "document");
    queue.rejectAll(new Error("disposed"));
    await assert.rejects(second, /disposed/);
    release();
    assert.equal((await first).length, 1);
  });

  it("resolves an empty call immediately", async () => {
    const queue = new EmbedBatchQueue(async () => assert.fail("should not run"), 4);
    assert.deepEqual(await queue.embed([], "query"), []);
  });
});
