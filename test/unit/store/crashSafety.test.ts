import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { join } from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { IndexStore } from "../../../server/src/store/indexStore";
import { tableNamesFor } from "../../../server/src/store/schema";
import { silentLogger } from "../../../server/src/util/logger";
import { crashContentHash, CRASH_DIMS } from "./crashScenario";
import { collectingLogger, fileEntry, tempDir } from "./storeTestKit";

interface Row {
  id: string;
  path: string;
  ordinal: number;
  fileHash: string;
  text: string;
}

/** Reads the tables directly (not through the store) and lists every broken invariant. */
async function invariantViolations(storagePath: string, embedderKey: string | null): Promise<{ violations: string[]; files: number; chunks: number }> {
  const names = tableNamesFor(embedderKey);
  const db = await lancedb.connect(storagePath);
  const chunks = (await (await db.openTable(names.chunks)).query().select(["id", "path", "ordinal", "fileHash", "text"]).toArray()) as Row[];
  const catalog = (await (await db.openTable(names.catalog)).query().select(["path", "contentHash", "chunkCount"]).toArray()) as Array<{ path: string; contentHash: string; chunkCount: number }>;
  db.close();
  const violations: string[] = [];
  const ids = new Set<string>();
  for (const row of chunks) {
    if (ids.has(row.id)) violations.push(`duplicate chunk id ${row.id}`);
    ids.add(row.id);
  }
  const byPath = new Map(catalog.map((entry) => [entry.path, entry]));
  if (byPath.size !== catalog.length) violations.push("duplicate catalog entries");
  for (const row of chunks) {
    const entry = byPath.get(row.path);
    if (!entry) violations.push(`orphan chunk ${row.id}: its path is not in the catalog`);
    else if (entry.contentHash !== row.fileHash) violations.push(`orphan chunk ${row.id}: file hash differs from the catalog`);
  }
  for (const entry of catalog) {
    const rows = chunks.filter((row) => row.path === entry.path).sort((a, b) => a.ordinal - b.ordinal);
    if (rows.length !== entry.chunkCount) violations.push(`${entry.path}: catalog claims ${entry.chunkCount} chunks, ${rows.length} present`);
    else if (crashContentHash(rows.map((row) => row.text)) !== entry.contentHash) violations.push(`${entry.path}: chunks are not the content the catalog claims`);
  }
  return { violations, files: catalog.length, chunks: chunks.length };
}

function runChildAndKill(storagePath: string, killAfterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "crashWriterChild.ts"), storagePath], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
    child.stdout.on("data", (data: Buffer) => {
      if (data.toString().includes("ready")) setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    });
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve();
      else reject(new Error(`writer exited by itself (code ${code}): ${stderr.split("\n").filter((line) => !line.includes("WARN")).join("\n")}`));
    });
  });
}

describe("IndexStore crash safety", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir("crash");
  });
  afterEach(() => dir.cleanup());

  it("reopens consistently after the writer is killed -9 at random moments", async function () {
    this.timeout(180_000);
    let sawData = false;
    for (let round = 0; round < 6; round++) {
      await runChildAndKill(dir.path, 150 + Math.floor(Math.random() * 1200));
      const logger = collectingLogger();
      const { store, recovered } = await IndexStore.open({ storagePath: dir.path, embedderKey: "crash:test", dimensions: CRASH_DIMS, logger });
      assert.equal(recovered, undefined, `a kill must not corrupt the index: ${logger.lines.join("\n")}`);
      const catalog = await store.catalog();
      await store.close();
      const { violations, files, chunks } = await invariantViolations(dir.path, "crash:test");
      assert.deepEqual(violations, [], `round ${round}`);
      assert.equal(files, catalog.size);
      if (chunks > 0) sawData = true;
    }
    assert.ok(sawData, "the writer got to write something before being killed");
  });

  it("repairs every kind of half-written state left by a crash", async () => {
    const open = () => IndexStore.open({ storagePath: dir.path, embedderKey: null, dimensions: null, logger: silentLogger });
    const intact = fileEntry("src/intact.ts", [{ text: "function intact() {}" }, { text: "const more = 1" }]);
    const staleCatalog = fileEntry("src/stale.ts", [{ text: "function before() {}" }]);
    const missingChunk = fileEntry("src/missing.ts", [{ text: "function a() {}" }, { text: "function b() {}" }]);
    const duplicated = fileEntry("src/dup.ts", [{ text: "function dup() {}" }]);
    let { store } = await open();
    await store.writeFiles([intact, staleCatalog, missingChunk, duplicated]);
    await store.close();

    // Simulate crashes between the chunk commit and the catalog commit, and other damage, directly in LanceDB.
    const names = tableNamesFor(null);
    const db = await lancedb.connect(dir.path);
    const chunksTable = await db.openTable(names.chunks);
    const orphan = (await chunksTable.query().where("path = 'src/intact.ts'").toArray())[0] as Record<string, unknown>;
    await chunksTable.add([{ ...orphan, id: "src/orphan.ts#0", path: "src/orphan.ts" }]);
    await chunksTable.update({ where: "path = 'src/stale.ts'", values: { fileHash: "hash-of-newer-content" } });
    await chunksTable.delete("id = 'src/missing.ts#1'");
    const dupRow = (await chunksTable.query().where("path = 'src/dup.ts'").toArray())[0] as Record<string, unknown>;
    await chunksTable.add([dupRow]);
    db.close();

    ({ store } = await open());
    assert.deepEqual([...(await store.catalog()).keys()], ["src/intact.ts"]);
    assert.deepEqual((await store.fullTextSearch(["before", "orphan", "function"], 20)).map((hit) => hit.path).sort(), ["src/intact.ts"]);
    await store.close();
    assert.deepEqual((await invariantViolations(dir.path, null)).violations.filter((v) => !v.includes("chunks are not the content")), []);
  });
});
