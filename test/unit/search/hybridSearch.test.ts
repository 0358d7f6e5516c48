import { strict as assert } from "node:assert";
import type { EmbedderStatus } from "../../../shared/protocol/indexing";
import type { Embedder } from "../../../server/src/embeddings/types";
import { findSimilar, hybridSearch, type SearchDeps } from "../../../server/src/search/hybridSearch";
import { SymbolIndex } from "../../../server/src/search/symbolIndex";
import { IndexStore } from "../../../server/src/store/indexStore";
import { collectingLogger, fileEntry, seededVector, tempDir } from "../store/storeTestKit";

const DIMS = 16;

/** A deterministic embedder: a text's vector is seeded by its first word, so "alpha ..." texts are neighbours. */
class SeededEmbedder implements Embedder {
  readonly key = "test:seeded:16";
  readonly dimensions = DIMS;
  failing = false;
  calls = 0;
  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls += 1;
    if (this.failing) throw new Error("connect ECONNREFUSED 127.0.0.1:11434");
    return texts.map((text) => seededVector(DIMS, text.trim().split(/\s+/)[0] ?? ""));
  }
  status(): EmbedderStatus {
    return { provider: "openai-compatible", state: "ready" } as EmbedderStatus;
  }
  async dispose(): Promise<void> {}
}

const defaults = { limit: 10, includeTests: false };

describe("hybridSearch over a real LanceDB store", () => {
  let dir: ReturnType<typeof tempDir>;
  let store: IndexStore;
  let symbols: SymbolIndex;
  let deps: SearchDeps;
  const logger = collectingLogger();

  async function index(entries: ReturnType<typeof fileEntry>[]): Promise<void> {
    await store.writeFiles(entries);
    for (const entry of entries) {
      symbols.removePath(entry.file.path);
      symbols.add(entry.file.path, entry.chunks);
    }
  }

  beforeEach(async () => {
    dir = tempDir("search");
    store = (await IndexStore.open({ storagePath: dir.path, embedderKey: null, dimensions: null, logger })).store;
    symbols = new SymbolIndex();
    deps = { store, symbols, embedder: null, logger };
    await index([
      fileEntry("src/reactivity/effect.ts", [
        { text: "import { Dep } from './dep'\n\n" },
        { text: "/** Links the running effect to a dependency. */\nexport function trackEffect(effect: ReactiveEffect, dep: Dep) {\n  dep.set(effect, effect._trackId)\n}", symbol: "trackEffect" },
      ]),
      fileEntry("src/reactivity/computed.ts", [
        { text: "export function refreshComputed(c: Computed) {\n  trackEffect(activeEffect, c.dep)\n  trackEffect(c.effect, c.dep)\n  return trackEffect(c.effect, c.dep)\n}", symbol: "refreshComputed" },
      ]),
      fileEntry("src/reactivity/ref.ts", [{ text: "export function trackRefValue(ref: RefBase) {\n  trackEffect(activeEffect, ref.dep)\n}", symbol: "trackRefValue" }]),
      fileEntry("src/net/retry.ts", [{ text: "export async function retryRequest(send: () => Promise<Response>, attempts = 3) {\n  for (let i = 0; i < attempts; i++) {\n    try { return await send() } catch {}\n  }\n}", symbol: "retryRequest" }]),
      fileEntry("test/net/retry.test.ts", [{ text: "it('retryRequest retries a failed request', async () => {\n  await retryRequest(send)\n  retryRequest(flaky)\n})" }]),
    ]);
  });

  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it("ranks a symbol's definition above its usages and explains why", async () => {
    const result = await hybridSearch(deps, { query: "trackEffect" }, defaults);
    const [first, ...rest] = result.hits;
    assert.equal(first?.path, "src/reactivity/effect.ts");
    assert.equal(first?.symbol, "trackEffect");
    assert.ok(first?.reasons.some((reason) => reason.kind === "symbol" && reason.exact && reason.symbol === "trackEffect"));
    assert.ok(first?.reasons.some((reason) => reason.kind === "definition"));
    assert.ok(first?.reasons.some((reason) => reason.kind === "fulltext" && reason.terms.includes("trackeffect")));
    const usage = rest.find((hit) => hit.path === "src/reactivity/computed.ts");
    assert.ok(usage, "usages are still listed");
    assert.ok(usage.reasons.some((reason) => reason.kind === "penalty" && reason.why === "usage-only"));
    assert.equal(first.preview, "/** Links the running effect to a dependency. */\nexport function trackEffect(effect: ReactiveEffect, dep: Dep) {\n  dep.set(effect, effect._trackId)\n}");
    assert.deepEqual(result.signals, ["fulltext", "symbol", "path"]);
    assert.equal(result.partial, false);
    assert.ok(result.tookMs >= 0);
  });

  it("finds camelCase definitions from plain words", async () => {
    const result = await hybridSearch(deps, { query: "track effect" }, defaults);
    assert.equal(result.hits[0]?.symbol, "trackEffect");
  });

  it("down-weights tests unless asked, by setting or by the query", async () => {
    const plain = await hybridSearch(deps, { query: "retryRequest" }, defaults);
    assert.equal(plain.hits[0]?.path, "src/net/retry.ts");
    const testHit = plain.hits.find((hit) => hit.path === "test/net/retry.test.ts");
    assert.ok(testHit?.reasons.some((reason) => reason.kind === "penalty" && reason.why === "test"));

    const included = await hybridSearch(deps, { query: "retryRequest", includeTests: true }, defaults);
    const includedTest = included.hits.find((hit) => hit.path === "test/net/retry.test.ts");
    assert.ok(testHit && includedTest && includedTest.score > testHit.score);
    assert.ok(!includedTest.reasons.some((reason) => reason.kind === "penalty" && reason.why === "test"));

    const asked = await hybridSearch(deps, { query: "retryRequest tests" }, defaults);
    assert.ok(!asked.hits.find((hit) => hit.path === "test/net/retry.test.ts")?.reasons.some((reason) => reason.kind === "penalty" && reason.why === "test"));
  });

  it("finds a changed file's new symbol at once and forgets the old one; removed files leave the results", async () => {
    await index([fileEntry("src/net/retry.ts", [{ text: "export async function backoffRequest(send: () => Promise<Response>) {\n  return send()\n}", symbol: "backoffRequest" }])]);
    const renamed = await hybridSearch(deps, { query: "backoffRequest" }, defaults);
    assert.equal(renamed.hits[0]?.path, "src/net/retry.ts");
    assert.equal(renamed.hits[0]?.symbol, "backoffRequest");
    const old = await hybridSearch(deps, { query: "retryRequest" }, defaults);
    assert.ok(!old.hits.some((hit) => hit.symbol === "retryRequest"), "the old definition is gone");
    assert.ok(!old.hits.some((hit) => hit.preview.includes("retryRequest(send: ")), "no stale text is shown");

    await store.removeFiles(["src/net/retry.ts"]);
    symbols.removePath("src/net/retry.ts");
    const removed = await hybridSearch(deps, { query: "backoffRequest" }, defaults);
    assert.ok(!removed.hits.some((hit) => hit.path === "src/net/retry.ts"));
  });

  it("restricts results to path prefixes and honours the limit", async () => {
    const scoped = await hybridSearch(deps, { query: "trackEffect", pathPrefixes: ["src/reactivity/ref"] }, defaults);
    assert.deepEqual(scoped.hits.map((hit) => hit.path), ["src/reactivity/ref.ts"]);
    const limited = await hybridSearch(deps, { query: "trackEffect", limit: 2 }, defaults);
    assert.equal(limited.hits.length, 2);
  });

  it("returns nothing, quickly, for a query without searchable words", async () => {
    const result = await hybridSearch(deps, { query: "  ()=> ; " }, defaults);
    assert.deepEqual(result.hits, []);
  });

  it("finds code similar to a selection, excluding the selection itself (lexical)", async () => {
    const selection = { path: "src/reactivity/ref.ts", text: "export function trackRefValue(ref: RefBase) {\n  trackEffect(activeEffect, ref.dep)\n}", startLine: 1, endLine: 3 };
    const result = await findSimilar(deps, selection, defaults);
    assert.deepEqual(result.signals, ["fulltext"]);
    assert.ok(result.hits.length > 0);
    assert.ok(!result.hits.some((hit) => hit.path === selection.path && hit.startLine <= 3));
    assert.ok(result.hits.slice(0, 3).some((hit) => hit.path === "src/reactivity/computed.ts"), "the other trackEffect caller ranks near the top");
    assert.ok(!result.hits.slice(0, 3).some((hit) => hit.path.startsWith("src/net/")), "unrelated code does not");
  });
});

describe("hybridSearch with an embedder", () => {
  let dir: ReturnType<typeof tempDir>;
  let store: IndexStore;
  const embedder = new SeededEmbedder();
  const logger = collectingLogger();
  let deps: SearchDeps;

  beforeEach(async () => {
    dir = tempDir("semantic");
    store = (await IndexStore.open({ storagePath: dir.path, embedderKey: embedder.key, dimensions: DIMS, logger })).store;
    const vectorFor = (text: string) => seededVector(DIMS, text.trim().split(/\s+/)[0] ?? "");
    await store.writeFiles([
      fileEntry("src/cache.ts", [{ text: "memoize results of expensive calls\nconst cache = new Map()" }], vectorFor),
      fileEntry("src/queue.ts", [{ text: "schedule jobs in order\nconst jobs = []" }], vectorFor),
    ]);
    deps = { store, symbols: new SymbolIndex(), embedder, logger };
    embedder.failing = false;
    logger.lines.length = 0;
  });

  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it("adds semantic neighbours with their similarity", async () => {
    const result = await hybridSearch(deps, { query: "memoize something" }, defaults);
    assert.ok(result.signals.includes("semantic"));
    const reason = result.hits[0]?.reasons.find((r) => r.kind === "semantic");
    assert.equal(result.hits[0]?.path, "src/cache.ts");
    assert.ok(reason && reason.kind === "semantic" && reason.similarity > 0.99);
  });

  it("falls back to lexical search when the embedder fails, says so, and logs the failure once", async () => {
    embedder.failing = true;
    const first = await hybridSearch(deps, { query: "schedule jobs" }, defaults);
    await hybridSearch(deps, { query: "schedule jobs again" }, defaults);
    assert.equal(first.hits[0]?.path, "src/queue.ts");
    assert.ok(!first.signals.includes("semantic"));
    assert.equal(logger.lines.filter((line) => line.startsWith("warn:") && line.includes("ECONNREFUSED")).length, 1);
  });

  it("finds similar code by vector, excluding the selection", async () => {
    const result = await findSimilar(deps, { path: "src/cache.ts", text: "memoize this too", startLine: 1, endLine: 2 }, defaults);
    assert.deepEqual(result.signals, ["semantic"]);
    assert.deepEqual(result.hits.map((hit) => hit.path), ["src/queue.ts"]);
  });
});
