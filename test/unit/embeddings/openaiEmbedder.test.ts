import * as assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_SETTINGS, type VibeSettings } from "../../../shared/settings";
import { createEmbedder, type CreateEmbedderOptions } from "../../../server/src/embeddings/createEmbedder";
import type { Embedder } from "../../../server/src/embeddings/types";
import { normalizeVector, vectorLength } from "../../../server/src/embeddings/vectorMath";
import { silentLogger } from "../../../server/src/util/logger";
import { fakeEmbeddingFor, startFakeEmbeddingsServer, type FakeEmbeddingsServer } from "../../fakes/openaiEmbeddingsServer";

function endpointSettings(endpoint: string, overrides: Partial<VibeSettings["embeddings"]> = {}): VibeSettings["embeddings"] {
  return { ...DEFAULT_SETTINGS.embeddings, provider: "openai-compatible", model: "fake-embed", endpoint, batchSize: 8, ...overrides };
}

const baseOptions: CreateEmbedderOptions = { modelCachePath: "/unused", logger: silentLogger, maxRetries: 2, timeoutMs: 5_000 };

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("openai-compatible embedder (real openai SDK against a local fake server)", () => {
  let server: FakeEmbeddingsServer;
  const embedders: Embedder[] = [];
  async function create(settings: VibeSettings["embeddings"], options: Partial<CreateEmbedderOptions> = {}): Promise<Embedder> {
    const embedder = await createEmbedder(settings, { ...baseOptions, ...options });
    assert.ok(embedder);
    embedders.push(embedder);
    return embedder;
  }

  beforeEach(async () => {
    server = await startFakeEmbeddingsServer({ dimensions: 16, models: ["fake-embed", "nomic-embed-text"], reverseOrder: true });
  });
  afterEach(async () => {
    await Promise.all(embedders.splice(0).map((e) => e.dispose()));
    await server.close();
  });

  it("discovers the dimensions with a probe and reports ready", async () => {
    const embedder = await create(endpointSettings(server.url), { apiKey: "sk-test" });
    assert.deepEqual(embedder.status(), { provider: "openai-compatible", model: "fake-embed", dimensions: 16, state: "ready" });
    assert.equal(embedder.dimensions, 16);
    assert.equal(embedder.key, "openai-compatible:fake-embed:16");
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].authorization, "Bearer sk-test");
  });

  it("returns normalized vectors in input order even when the server answers out of order", async () => {
    const embedder = await create(endpointSettings(server.url));
    const texts = ["first text", "second", "the third one"];
    const vectors = await embedder.embed(texts, "document");
    assert.equal(vectors.length, 3);
    texts.forEach((text, i) => {
      assert.ok(Math.abs(vectorLength(vectors[i]) - 1) < 1e-5);
      const expected = normalizeVector(fakeEmbeddingFor(text, 16));
      vectors[i].forEach((value, d) => assert.ok(Math.abs(value - expected[d]) < 1e-5, `text ${i} dim ${d}`));
    });
  });

  it("sends batches of batchSize and replaces empty strings the API would reject", async () => {
    const embedder = await create(endpointSettings(server.url, { batchSize: 2 }));
    const vectors = await embedder.embed(["a", "", "ccc", "dd", "e"], "document");
    assert.equal(vectors.length, 5);
    const calls = server.requests.slice(1);
    assert.equal(calls.length, 3);
    assert.ok(calls.every((call) => call.input.length <= 2 && !call.input.includes("")));
  });

  it("prefixes inputs for models trained with instructions (nomic-embed-text)", async () => {
    const embedder = await create(endpointSettings(server.url, { model: "nomic-embed-text" }));
    await embedder.embed(["find the parser"], "query");
    await embedder.embed(["function parse() {}"], "document");
    const inputs = server.requests.slice(1).map((r) => r.input[0]);
    assert.deepEqual(inputs, ["search_query: find the parser", "search_document: function parse() {}"]);
  });

  it("retries a 500 and succeeds when the server recovers", async () => {
    const embedder = await create(endpointSettings(server.url));
    server.failNext({ kind: "status", status: 500, retryAfterMs: 1 });
    const vectors = await embedder.embed(["x"], "document");
    assert.equal(vectors.length, 1);
    assert.equal(server.requests.length, 3);
  });

  it("rejects with a clear error after the retries when the server keeps answering 500", async () => {
    const embedder = await create(endpointSettings(server.url));
    const fault = { kind: "status", status: 500, message: "CUDA out of memory", retryAfterMs: 1 } as const;
    server.failNext(fault, fault, fault);
    await assert.rejects(
      embedder.embed(["x"], "document"),
      (error: Error) => error.message === `The embeddings endpoint at ${server.url} failed with HTTP 500 after 3 attempts: CUDA out of memory.`,
    );
    assert.equal(server.requests.length, 1 + 3);
    // A transient failure does not disable the embedder.
    assert.equal((await embedder.embed(["y"], "document")).length, 1);
  });

  it("reports an unknown model (404) as failed, naming the model", async () => {
    const embedder = await create(endpointSettings(server.url, { model: "no-such-model" }));
    const status = embedder.status();
    assert.equal(status.state, "failed");
    assert.match(status.message ?? "", new RegExp(`^The embeddings endpoint at ${server.url} answered 404 for model "no-such-model" \\(The model \`no-such-model\` does not exist`));
    await assert.rejects(embedder.embed(["x"], "query"), /answered 404/);
  });

  it("reports a response of the wrong shape as failed", async () => {
    server.failNext({ kind: "body", body: { object: "list", results: [] } });
    const embedder = await create(endpointSettings(server.url));
    assert.equal(embedder.status().state, "failed");
    assert.equal(embedder.status().message, `The embeddings endpoint at ${server.url} returned an unexpected response: it has no \`data\` array.`);
  });

  it("rejects vectors that are not numbers or change size", async () => {
    const embedder = await create(endpointSettings(server.url));
    server.failNext({ kind: "body", body: { data: [{ index: 0, embedding: ["a", "b"] }] } });
    await assert.rejects(embedder.embed(["x"], "document"), /embedding 0 is not a non-empty list of finite numbers/);
    server.failNext({ kind: "body", body: { data: [{ index: 0, embedding: [1, 2, 3] }] } });
    await assert.rejects(embedder.embed(["x"], "document"), /3-dimensional vectors, but the index was built with 16/);
  });

  it("reports a request timeout clearly", async () => {
    server.failNext({ kind: "hang" });
    const embedder = await create(endpointSettings(server.url), { timeoutMs: 300, maxRetries: 0 });
    assert.equal(embedder.status().state, "failed");
    assert.equal(embedder.status().message, `The embeddings endpoint at ${server.url} did not answer within 300 ms (1 attempt).`);
  });
});

describe("openai-compatible embedder without a server", () => {
  it("reports connection refused as failed with the URL in the message", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const embedder = await createEmbedder(endpointSettings(url), { ...baseOptions, maxRetries: 0 });
    assert.ok(embedder);
    const status = embedder.status();
    assert.equal(status.state, "failed");
    assert.match(status.message ?? "", new RegExp(`^Could not reach the embeddings endpoint at ${url}: .*ECONNREFUSED`));
    await assert.rejects(embedder.embed(["x"], "query"), /Could not reach/);
    await embedder.dispose();
  });
});
