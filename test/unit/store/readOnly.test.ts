import { strict as assert } from "node:assert";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { IndexStore } from "../../../server/src/store/indexStore";
import { silentLogger } from "../../../server/src/util/logger";
import { fileEntry, seededVector, tempDir } from "./storeTestKit";

/** Every file under a directory with its size and modification time. */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => join(entry.parentPath, entry.name))
    .map((path) => {
      const stat = statSync(path);
      return `${path} ${stat.isDirectory() ? "dir" : stat.size} ${stat.mtimeMs}`;
    })
    .sort();
}

describe("IndexStore read-only mode", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir("readonly");
  });
  afterEach(() => dir.cleanup());

  const options = (readOnly: boolean) => ({ storagePath: dir.path, embedderKey: "k:4", dimensions: 4, logger: silentLogger, readOnly });

  it("reads without writing a single byte, and refuses writes", async () => {
    const writer = (await IndexStore.open(options(false))).store;
    await writer.writeFiles([{ ...fileEntry("src/a.ts", [{ text: "function readMe() {}", symbol: "readMe" }]), vectors: [seededVector(4, "a")] }]);
    await writer.writeFiles([{ ...fileEntry("src/a.ts", [{ text: "function readMeAgain() {}", symbol: "readMeAgain" }]), vectors: [seededVector(4, "b")] }]);
    await writer.close();
    const before = snapshot(dir.path);

    const { store } = await IndexStore.open(options(true));
    assert.equal((await store.fullTextSearch(["readmeagain"], 5))[0]?.path, "src/a.ts");
    assert.equal((await store.vectorSearch(seededVector(4, "b"), 1))[0]?.path, "src/a.ts");
    assert.equal((await store.allDefinitions()).length, 1);
    assert.equal((await store.cachedVectors([fileEntry("src/a.ts", [{ text: "function readMe() {}" }]).chunks[0]!.chunkHash])).size, 1);
    assert.deepEqual(await store.stats().then((s) => [s.files, s.chunks]), [1, 1]);
    await store.refresh();
    await assert.rejects(store.writeFiles([fileEntry("src/b.ts", [{ text: "x" }])]), /read-only/);
    await assert.rejects(store.removeFiles(["src/a.ts"]), /read-only/);
    await assert.rejects(store.optimize(), /read-only/);
    await store.close();
    assert.deepEqual(snapshot(dir.path), before);
  });

  it("opens before any index exists without creating one, then sees the writer's data after refresh", async () => {
    const missing = join(dir.path, "not-yet");
    const reader = (await IndexStore.open({ ...options(true), storagePath: missing })).store;
    assert.deepEqual(await reader.fullTextSearch(["anything"], 5), []);
    assert.equal((await reader.catalog()).size, 0);
    assert.equal(existsSync(missing), false, "a reader creates nothing");

    const writer = (await IndexStore.open({ ...options(false), storagePath: missing })).store;
    await writer.writeFiles([fileEntry("src/first.ts", [{ text: "function firstWrite() {}" }])]);
    await reader.refresh();
    assert.equal((await reader.fullTextSearch(["firstwrite"], 5))[0]?.path, "src/first.ts");

    await writer.writeFiles([fileEntry("src/second.ts", [{ text: "function secondWrite() {}" }])]);
    assert.deepEqual(await reader.fullTextSearch(["secondwrite"], 5), [], "until it refreshes, a reader keeps its snapshot");
    await reader.refresh();
    assert.equal((await reader.fullTextSearch(["secondwrite"], 5))[0]?.path, "src/second.ts");
    assert.deepEqual([...(await reader.catalog()).keys()].sort(), ["src/first.ts", "src/second.ts"]);

    // The writer compacts and prunes old versions; the reader keeps working.
    await writer.removeFiles(["src/first.ts"]);
    await writer.optimize();
    await reader.refresh();
    assert.deepEqual(await reader.fullTextSearch(["firstwrite"], 5), []);
    await writer.close();
    await reader.close();
  });
});
