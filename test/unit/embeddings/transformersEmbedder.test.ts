import * as assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, truncateSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EmbedderStatus } from "../../../shared/protocol/indexing";
import { DEFAULT_SETTINGS, type VibeSettings } from "../../../shared/settings";
import { createEmbedder } from "../../../server/src/embeddings/createEmbedder";
import { measureEmbedThroughput } from "../../../server/src/embeddings/throughput";
import type { Embedder } from "../../../server/src/embeddings/types";
import { vectorLength } from "../../../server/src/embeddings/vectorMath";
import { silentLogger } from "../../../server/src/util/logger";

const repoRoot = path.resolve(__dirname, "../../..");
/** Random-weight model with the shape of all-MiniLM-L6-v2 (see its SOURCE.md): vectors are real, meanings are not. */
const fixtureModel = path.resolve(repoRoot, "../shared/models/fixture/minilm-random");
const workerPath = path.join(repoRoot, "server/src/embeddings/embed.worker.ts");

function transformersSettings(overrides: Partial<VibeSettings["embeddings"]> = {}): VibeSettings["embeddings"] {
  return { ...DEFAULT_SETTINGS.embeddings, provider: "transformers", model: fixtureModel, batchSize: 8, ...overrides };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot / (vectorLength(a) * vectorLength(b));
}

/** Code-like text of roughly `words` tokens, different per seed, so batches do real work. */
function codeText(seed: number, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) parts.push(`value${(seed * 31 + i * 7) % 97}`);
  return `function handler${seed}() { return ${parts.join(" + ")}; }`;
}

describe("transformers embedder (fixture model, worker thread)", function () {
  // Loading the model in a fresh worker under tsx takes a few seconds on a busy 2-core machine.
  this.timeout(120_000);
  let embedder: Embedder;
  const statuses: EmbedderStatus[] = [];

  before(async () => {
    const created = await createEmbedder(transformersSettings(), {
      modelCachePath: os.tmpdir(),
      logger: silentLogger,
      workerPath,
      onStatus: (status) => statuses.push(status),
    });
    assert.ok(created, "provider transformers must yield an embedder");
    embedder = created;
  });

  after(async () => {
    await embedder?.dispose();
  });

  it("loads an absolute model folder and reports ready with 384 dimensions", () => {
    assert.deepEqual(embedder.status(), { provider: "transformers", model: fixtureModel, dimensions: 384, state: "ready" });
    assert.equal(embedder.dimensions, 384);
    assert.equal(embedder.key, "transformers:minilm-random:384");
    assert.deepEqual(statuses.map((s) => s.state), ["loading", "ready"]);
  });

  it("returns one unit-length 384-dimension vector per text, in order", async () => {
    const texts = ["const a = 1;", "def parse(tokens): return tokens", "SELECT * FROM users"];
    const vectors = await embedder.embed(texts, "document");
    assert.equal(vectors.length, 3);
    for (const vector of vectors) {
      assert.equal(vector.length, 384);
      assert.ok(Math.abs(vectorLength(vector) - 1) < 1e-4, `length ${vectorLength(vector)}`);
    }
    // Order: each position must match that text embedded on its own.
    const [second] = await embedder.embed([texts[1]], "document");
    assert.ok(cosine(vectors[1], second) > 0.999);
    assert.ok(cosine(vectors[0], second) < 0.999);
  });

  it("gives the same vector for a text alone and inside a batch of longer texts", async () => {
    const text = "export function add(a: number, b: number) { return a + b; }";
    const [alone] = await embedder.embed([text], "document");
    // Short companions keep all four in one model run, so the text really is padded next to longer ones.
    const batch = await embedder.embed([codeText(1, 20), text, codeText(2, 12), "x"], "document");
    // Quantized (q8) inference scales activations per batch, so padding shifts values slightly; direction holds.
    assert.ok(cosine(alone, batch[1]) > 0.999, `cosine ${cosine(alone, batch[1])}`);
  });

  it("keeps each text's own vector when a batch mixes very short and very long texts", async () => {
    // Long inputs are run apart from short ones inside the worker (token budget); results must still line up.
    const texts = [codeText(5, 300), "x = 1", codeText(6, 60), codeText(7, 150), "return"];
    const together = await embedder.embed(texts, "document");
    for (let i = 0; i < texts.length; i++) {
      const [alone] = await embedder.embed([texts[i]], "document");
      assert.ok(cosine(together[i], alone) > 0.999, `text ${i}: cosine ${cosine(together[i], alone)}`);
    }
  });

  it("embeds an empty string to a finite unit vector instead of failing", async () => {
    const [vector] = await embedder.embed([""], "query");
    assert.equal(vector.length, 384);
    assert.ok(vector.every((value) => Number.isFinite(value)));
    assert.ok(Math.abs(vectorLength(vector) - 1) < 1e-4);
  });

  it("truncates a 10,000-character input to the model's 512 tokens instead of failing", async () => {
    const long = "alpha ".repeat(1700).slice(0, 10_000);
    // Both inputs are well over 512 tokens ("alpha" is one token), so after truncation they are the same input.
    const [full, half] = await embedder.embed([long, long.slice(0, 5_000)], "document");
    assert.equal(full.length, 384);
    assert.ok(cosine(full, half) > 0.999, `cosine ${cosine(full, half)}`);
  });

  it("keeps the main thread's event loop ticking while a batch embeds", async () => {
    const texts = Array.from({ length: 16 }, (_, i) => codeText(i + 10, 120));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = Date.now();
    try {
      await embedder.embed(texts, "document");
    } finally {
      clearInterval(timer);
    }
    const elapsed = Date.now() - started;
    // A blocked loop would tick ~0 times whatever the machine's speed. Asking for a tenth of the ideal tick count
    // (one per 5 ms) keeps this independent of how fast or loaded the machine is.
    assert.ok(ticks >= 3 && ticks >= elapsed / 50, `${ticks} ticks in ${elapsed} ms`);
  });

  it("serves concurrent callers without mixing up their results", async () => {
    const a = ["alpha one", "alpha two", "alpha three"];
    const b = ["beta one", "beta two"];
    const [together, aAlone] = await Promise.all([
      Promise.all([embedder.embed(a, "document"), embedder.embed(b, "query")]),
      embedder.embed([a[2]], "document"),
    ]);
    assert.equal(together[0].length, 3);
    assert.equal(together[1].length, 2);
    assert.ok(cosine(together[0][2], aAlone[0]) > 0.999);
  });

  it("measures throughput in chunks per second", async () => {
    const rate = await measureEmbedThroughput(embedder, Array.from({ length: 8 }, (_, i) => codeText(i, 40)), 4);
    assert.ok(Number.isFinite(rate) && rate > 0);
  });
});

describe("transformers embedder configuration problems", function () {
  this.timeout(120_000);
  const temps: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "vibe-embed-"));
    temps.push(dir);
    return dir;
  };
  after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("loads a Hugging Face-style id from the model cache folder", async () => {
    const cache = tempDir();
    cpSync(fixtureModel, path.join(cache, "fixture", "minilm-random"), { recursive: true });
    const embedder = await createEmbedder(transformersSettings({ model: "fixture/minilm-random" }), { modelCachePath: cache, logger: silentLogger, workerPath });
    try {
      assert.equal(embedder?.status().state, "ready");
      assert.equal(embedder?.key, "transformers:fixture/minilm-random:384");
    } finally {
      await embedder?.dispose();
    }
  });

  it("asks for consent, without starting a load, when the model is not on disk and downloads are off", async () => {
    // A worker path that does not exist proves no load was attempted: starting one would end in "failed".
    const embedder = await createEmbedder(transformersSettings({ model: "Xenova/all-MiniLM-L6-v2", allowDownload: false }), {
      modelCachePath: tempDir(),
      logger: silentLogger,
      workerPath: path.join(tempDir(), "no-such-worker.js"),
    });
    assert.ok(embedder);
    assert.deepEqual(embedder.status(), {
      provider: "transformers",
      model: "Xenova/all-MiniLM-L6-v2",
      state: "needs-consent",
      message: "Semantic search needs the embedding model Xenova/all-MiniLM-L6-v2 (~23 MB); allow the download or pick another provider.",
    });
    await assert.rejects(embedder.embed(["x"], "query"), /allow the download/);
    await embedder.dispose();
  });

  it("reports a missing model folder as failed, naming the folder", async () => {
    const missing = path.join(tempDir(), "not-here");
    const embedder = await createEmbedder(transformersSettings({ model: missing }), { modelCachePath: tempDir(), logger: silentLogger, workerPath });
    assert.equal(embedder?.status().state, "failed");
    assert.equal(embedder?.status().message, `The embedding model folder ${missing} does not exist.`);
    await embedder?.dispose();
  });

  it("reports a corrupted model file as failed with one clear sentence, and embed() rejects", async () => {
    const broken = path.join(tempDir(), "minilm-broken");
    cpSync(fixtureModel, broken, { recursive: true });
    truncateSync(path.join(broken, "onnx", "model_quantized.onnx"), 4096);
    const embedder = await createEmbedder(transformersSettings({ model: broken }), { modelCachePath: tempDir(), logger: silentLogger, workerPath });
    try {
      const status = embedder?.status();
      assert.equal(status?.state, "failed");
      assert.match(status?.message ?? "", /^Could not load the embedding model minilm-broken: .+/);
      assert.ok(!(status?.message ?? "").includes("\n"), "the message must be one line");
      await assert.rejects(embedder!.embed(["x"], "document"), /Could not load the embedding model minilm-broken/);
    } finally {
      await embedder?.dispose();
    }
  });

  it("returns null for provider none", async () => {
    assert.equal(await createEmbedder({ ...DEFAULT_SETTINGS.embeddings, provider: "none" }, { modelCachePath: tempDir(), logger: silentLogger }), null);
  });

  it("rejects work after dispose and lets the process exit (the worker is terminated)", async () => {
    const embedder = await createEmbedder(transformersSettings(), { modelCachePath: tempDir(), logger: silentLogger, workerPath });
    assert.ok(embedder);
    const inFlight = assert.rejects(embedder.embed([codeText(3, 100)], "document"), /disposed/);
    await embedder.dispose();
    await inFlight;
    await assert.rejects(embedder.embed(["x"], "document"), /disposed/);
  });
});
