import { strict as assert } from "node:assert";
import { IndexStore } from "../../../server/src/store/indexStore";
import { silentLogger } from "../../../server/src/util/logger";
import { fileEntry, seededVector, tempDir } from "./storeTestKit";

describe("IndexStore (real LanceDB)", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir("store");
  });
  afterEach(() => dir.cleanup());

  const openLexical = async () => (await IndexStore.open({ storagePath: dir.path, embedderKey: null, dimensions: null, logger: silentLogger })).store;

  it("finds a camelCase identifier from split words, and records the file in the catalog", async () => {
    const store = await openLexical();
    const entry = fileEntry("packages/runtime-core/src/apiWatch.ts", [
      { text: "export function watchEffect(effect: () => void) {\n  return doWatch(effect);\n}", symbol: "watchEffect" },
      { text: "function doWatch(source: unknown) {\n  return source;\n}", symbol: "doWatch" },
    ]);
    await store.writeFiles([entry]);
    const hits = await store.fullTextSearch(["watch", "effect"], 10);
    assert.equal(hits[0]?.symbol, "watchEffect");
    assert.equal(hits[0]?.path, "packages/runtime-core/src/apiWatch.ts");
    assert.ok(hits[0]!.score > 0);
    const catalog = await store.catalog();
    assert.deepEqual(catalog.get(entry.file.path), { ...entry.file, chunkCount: 2 });
    assert.deepEqual(await store.stats().then((s) => [s.files, s.chunks]), [1, 2]);
    await store.close();
  });

  it("replaces all chunks of a rewritten file (fewer, changed) and removes files completely", async () => {
    const store = await openLexical();
    await store.writeFiles([
      fileEntry("src/a.ts", [{ text: "function oldAlpha() {}", symbol: "oldAlpha" }, { text: "function oldBeta() {}", symbol: "oldBeta" }, { text: "const gammaValue = 1;" }]),
      fileEntry("src/b.ts", [{ text: "function keepMe() {}", symbol: "keepMe" }]),
    ]);
    await store.writeFiles([fileEntry("src/a.ts", [{ text: "function newAlpha() {}", symbol: "newAlpha" }])]);
    assert.deepEqual(await store.fullTextSearch(["oldalpha"], 10), []);
    assert.deepEqual(await store.fullTextSearch(["gammavalue"], 10), []);
    assert.equal((await store.fullTextSearch(["newalpha"], 10))[0]?.id, "src/a.ts#0");
    assert.equal((await store.stats()).chunks, 2);
    assert.equal((await store.catalog()).get("src/a.ts")?.chunkCount, 1);

    await store.removeFiles(["src/a.ts", "src/never-indexed.ts"]);
    assert.deepEqual(await store.fullTextSearch(["newalpha"], 10), []);
    assert.deepEqual([...(await store.catalog()).keys()], ["src/b.ts"]);
    assert.equal((await store.stats()).chunks, 1);
    await store.close();
  });

  it("makes rows searchable at once, also after the full-text index was built and optimized", async () => {
    const store = await openLexical();
    await store.writeFiles([fileEntry("src/first.ts", [{ text: "function firstThing() {}", symbol: "firstThing" }])]);
    await store.optimize();
    await store.writeFiles([fileEntry("src/second.ts", [{ text: "function secondThing() {}", symbol: "secondThing" }])]);
    assert.equal((await store.fullTextSearch(["second", "thing"], 10))[0]?.path, "src/second.ts");
    await store.writeFiles([fileEntry("src/first.ts", [{ text: "function renamedThing() {}", symbol: "renamedThing" }])]);
    assert.deepEqual((await store.fullTextSearch(["firstthing"], 10)).map((hit) => hit.path), []);
    assert.equal((await store.fullTextSearch(["renamedthing"], 10))[0]?.path, "src/first.ts");
    await store.close();
  });

  it("filters by path prefix and classifies tests and generated code", async () => {
    const store = await openLexical();
    await store.writeFiles([
      fileEntry("src/parser.ts", [{ text: "export function parseQuery() {}", symbol: "parseQuery" }]),
      fileEntry("test/parser.test.ts", [{ text: "it('parseQuery works', () => parseQuery())" }]),
      fileEntry("dist/parser.min.js", [{ text: "function parseQuery(){}" }]),
    ]);
    const all = await store.fullTextSearch(["parsequery"], 10);
    const byPath = new Map(all.map((hit) => [hit.path, hit]));
    assert.equal(byPath.size, 3);
    assert.equal(byPath.get("test/parser.test.ts")?.isTest, true);
    assert.equal(byPath.get("dist/parser.min.js")?.isGenerated, true);
    assert.equal(byPath.get("src/parser.ts")?.isTest, false);
    const onlySrc = await store.fullTextSearch(["parsequery"], 10, { pathPrefixes: ["src/"] });
    assert.deepEqual(onlySrc.map((hit) => hit.path), ["src/parser.ts"]);
    await store.close();
  });

  it("keeps the catalog across reopen and lists definitions for the symbol index", async () => {
    let store = await openLexical();
    await store.writeFiles([fileEntry("src/x.ts", [{ text: "class Widget {}", symbol: "Widget", kind: "class" }, { text: "// just a comment" }])]);
    await store.close();
    store = await openLexical();
    assert.deepEqual([...(await store.catalog()).keys()], ["src/x.ts"]);
    const definitions = await store.allDefinitions();
    assert.deepEqual(definitions, [{ id: "src/x.ts#0", path: "src/x.ts", symbol: "Widget", definitions: ["Widget"], startLine: 1, endLine: 1 }]);
    assert.equal((await store.getChunks(["src/x.ts#1"]))[0]?.text, "// just a comment");
    await store.close();
  });

  it("stores vectors, finds nearest neighbours, and keeps replaced vectors and chunks in the caches across reopen", async () => {
    const dims = 8;
    const open = async () => (await IndexStore.open({ storagePath: dir.path, embedderKey: "test:model:8", dimensions: dims, logger: silentLogger })).store;
    let store = await open();
    const vec = (text: string) => seededVector(dims, text.split(" ")[0]!);
    const onMain = fileEntry("src/feature.ts", [{ text: "alpha function one() {}", symbol: "one" }, { text: "beta function two() {}", symbol: "two" }], vec);
    await store.writeFiles([onMain, fileEntry("src/other.ts", [{ text: "gamma const x = 1;" }], vec)]);
    const nearest = await store.vectorSearch(seededVector(dims, "beta"), 3);
    assert.equal(nearest[0]?.id, "src/feature.ts#1");
    assert.ok(nearest[0]!.distance < 1e-4);

    // A branch switch: the file's content changes, then the store is reopened.
    const onBranch = fileEntry("src/feature.ts", [{ text: "delta function three() {}", symbol: "three" }], vec);
    await store.writeFiles([onBranch]);
    await store.close();
    store = await open();
    const vectors = await store.cachedVectors(onMain.chunks.map((chunk) => chunk.chunkHash).concat(onBranch.chunks[0]!.chunkHash, "unknown"));
    assert.equal(vectors.size, 3, "both retired vectors and the live one are cached");
    assert.deepEqual(Array.from(vectors.get(onMain.chunks[1]!.chunkHash)!), Array.from(vec("beta")));
    const parsed = await store.cachedChunks([onMain.file.contentHash, onBranch.file.contentHash, "nope"]);
    assert.deepEqual(parsed.get(onMain.file.contentHash)?.map((chunk) => chunk.symbol), ["one", "two"]);
    assert.deepEqual(parsed.get(onBranch.file.contentHash)?.map((chunk) => chunk.text), ["delta function three() {}"]);
    assert.equal(parsed.has("nope"), false);

    // Removing a file also keeps its content for a later switch back.
    await store.removeFiles(["src/feature.ts"]);
    assert.equal((await store.cachedChunks([onBranch.file.contentHash])).size, 1);
    assert.equal((await store.vectorSearch(seededVector(dims, "delta"), 5)).some((hit) => hit.path === "src/feature.ts"), false);
    await store.close();
  });

  it("rejects vectors that do not match the chunks and writes nothing", async () => {
    const store = (await IndexStore.open({ storagePath: dir.path, embedderKey: "k", dimensions: 4, logger: silentLogger })).store;
    const entry = fileEntry("src/a.ts", [{ text: "a" }, { text: "b" }]);
    await assert.rejects(store.writeFiles([{ ...entry, vectors: [new Float32Array(4)] }]), /2 chunks but 1 vectors/);
    await assert.rejects(store.writeFiles([{ ...entry, vectors: [new Float32Array(3), new Float32Array(3)] }]), /3 dimensions, expected 4/);
    assert.equal((await store.catalog()).size, 0);
    await store.close();
  });

  it("keeps lexical and embedder tables apart in one storage directory", async () => {
    const lexical = await openLexical();
    await lexical.writeFiles([fileEntry("src/a.ts", [{ text: "function lexicalOnly() {}" }])]);
    await lexical.close();
    const semantic = (await IndexStore.open({ storagePath: dir.path, embedderKey: "openai:nomic-embed:768", dimensions: 4, logger: silentLogger })).store;
    assert.equal((await semantic.catalog()).size, 0);
    await semantic.close();
  });
});
