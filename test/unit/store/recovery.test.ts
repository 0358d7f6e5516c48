import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IndexStore } from "../../../server/src/store/indexStore";
import { tableNamesFor } from "../../../server/src/store/schema";
import { silentLogger } from "../../../server/src/util/logger";
import { collectingLogger, fileEntry, seededVector, tempDir } from "./storeTestKit";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Overwrites matching files: random bytes of the same size, or the first half only (a torn write). */
function garble(dir: string, match: (path: string) => boolean, how: "random" | "truncate"): number {
  let count = 0;
  for (const file of filesUnder(dir).filter(match)) {
    const size = statSync(file).size;
    writeFileSync(file, how === "random" ? randomBytes(Math.max(size, 16)) : readFileSync(file).subarray(0, Math.floor(size / 2)));
    count += 1;
  }
  return count;
}

describe("IndexStore recovery from a corrupted or incompatible index", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir("recover");
  });
  afterEach(() => dir.cleanup());

  const open = (logger = silentLogger) => IndexStore.open({ storagePath: dir.path, embedderKey: null, dimensions: null, logger });

  async function seed(): Promise<void> {
    const { store } = await open();
    await store.writeFiles([fileEntry("src/a.ts", [{ text: "function seeded() {}", symbol: "seeded" }]), fileEntry("src/b.ts", [{ text: "const other = 2" }])]);
    await store.close();
  }

  /** After recovery the store is empty, usable, and a second open is clean. */
  async function assertRecoveredAndUsable(result: { store: IndexStore; recovered?: string }): Promise<void> {
    assert.match(result.recovered ?? "", /could not be used .* cleared and will be rebuilt/);
    assert.ok(result.recovered!.includes(dir.path), "the message says which index");
    assert.equal((await result.store.catalog()).size, 0, "the coordinator sees every file as new");
    await result.store.writeFiles([fileEntry("src/new.ts", [{ text: "function afterRecovery() {}" }])]);
    assert.equal((await result.store.fullTextSearch(["afterrecovery"], 5))[0]?.path, "src/new.ts");
    await result.store.close();
    const again = await open();
    assert.equal(again.recovered, undefined);
    assert.deepEqual([...(await again.store.catalog()).keys()], ["src/new.ts"]);
    await again.store.close();
  }

  const chunksDir = () => join(dir.path, `${tableNamesFor(null).chunks}.lance`);

  it("rebuilds when the data files are garbled", async () => {
    await seed();
    assert.ok(garble(chunksDir(), (path) => path.includes("/data/"), "random") > 0);
    const logger = collectingLogger();
    await assertRecoveredAndUsable(await open(logger));
    assert.ok(logger.lines.some((line) => line.startsWith("error:") && line.includes("unusable")));
  });

  it("rebuilds when the manifests are truncated", async () => {
    await seed();
    assert.ok(garble(chunksDir(), (path) => path.includes("_versions"), "truncate") > 0);
    await assertRecoveredAndUsable(await open());
  });

  it("rebuilds when every file of the directory is garbage", async () => {
    await seed();
    assert.ok(garble(dir.path, () => true, "random") > 5);
    await assertRecoveredAndUsable(await open());
  });

  it("rebuilds when a catalog file is garbled, so no file is claimed without its chunks", async () => {
    await seed();
    garble(join(dir.path, `${tableNamesFor(null).catalog}.lance`), (path) => path.includes("/data/"), "random");
    await assertRecoveredAndUsable(await open());
  });

  it("moves a plain file that sits where the directory should be aside", async () => {
    const storagePath = join(dir.path, "index");
    writeFileSync(storagePath, "not a directory");
    const { store, recovered } = await IndexStore.open({ storagePath, embedderKey: null, dimensions: null, logger: silentLogger });
    assert.match(recovered ?? "", /a file was in its place; it was moved to .*unreadable-/);
    await store.writeFiles([fileEntry("src/a.ts", [{ text: "x" }])]);
    await store.close();
  });

  it("recreates a table whose vectors have another dimension, and says why", async () => {
    const key = "ollama:custom-model";
    const first = await IndexStore.open({ storagePath: dir.path, embedderKey: key, dimensions: 4, logger: silentLogger });
    await first.store.writeFiles([{ ...fileEntry("src/a.ts", [{ text: "alpha" }]), vectors: [seededVector(4, "a")] }]);
    await first.store.close();
    const lexical = await open();
    await lexical.store.writeFiles([fileEntry("src/lexical.ts", [{ text: "kept" }])]);
    await lexical.store.close();

    const second = await IndexStore.open({ storagePath: dir.path, embedderKey: key, dimensions: 8, logger: silentLogger });
    assert.match(second.recovered ?? "", /vectors have 4 dimensions but the embedder produces 8/);
    assert.equal((await second.store.catalog()).size, 0);
    await second.store.writeFiles([{ ...fileEntry("src/a.ts", [{ text: "alpha" }]), vectors: [seededVector(8, "a")] }]);
    assert.equal((await second.store.vectorSearch(seededVector(8, "a"), 1))[0]?.path, "src/a.ts");
    await second.store.close();
    const lexicalAgain = await open();
    assert.deepEqual([...(await lexicalAgain.store.catalog()).keys()], ["src/lexical.ts"], "other embedders' tables are untouched");
    await lexicalAgain.store.close();
  });
});
