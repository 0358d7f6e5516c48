import { strict as assert } from "node:assert";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IndexStatusNotification } from "../../shared/protocol/indexing";
import { startTestServer, TempWorkspace, type TestServer } from "./harness";

/** Many small files with one unique function each, so every file's presence can be checked by search. */
function generatedFiles(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    files[`src/module${Math.floor(i / 100)}/file${i}.ts`] =
      `/** Generated helper number ${i}. */\nexport function uniqueHelperNumber${i}(value: number): number {\n  return value + ${i};\n}\n\n` +
      `export class Holder${i} {\n  get(): number {\n    return ${i};\n  }\n}\n`;
  }
  return files;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

describe("server: crash safety and corruption recovery", () => {
  const FILES = 1200;
  let ws: TempWorkspace;
  let reference: { files: number; chunks: number };

  before(async () => {
    ws = new TempWorkspace(generatedFiles(FILES));
    // A clean index of the same files in another storage folder is the reference the recovered index must equal.
    const clean = new TempWorkspace();
    const server = await startTestServer({ ...ws, storage: clean.storage } as TempWorkspace);
    await server.indexNow();
    const status = await server.status();
    reference = { files: status.indexedFiles, chunks: status.chunks };
    await server.close();
    clean.cleanup();
    assert.equal(reference.files, FILES);
  });

  after(() => ws?.cleanup());

  it("kill -9 during indexing, restart: same files and chunks as a clean index, no duplicates", async () => {
    for (let round = 0; round < 3; round++) {
      const server = await startTestServer(ws);
      try {
        // Each round kills a full rebuild once its first batches are written, so there is always a run to interrupt
        // however fast the machine is; a run that ends before the kill fails the round instead of hanging.
        // Progress counts a batch when its write *starts* (96 files a batch), so three batches in means at least two
        // are committed: killing at the first batch on a fast machine left nothing committed to keep.
        const killedAt = new Promise<number>((resolve, reject) => {
          server.connection.onNotification(IndexStatusNotification.type, (s) => {
            if (s.phase === "indexing" && s.filesDone >= 288 && s.filesDone < s.filesTotal) {
              server.process.kill("SIGKILL");
              resolve(s.filesDone);
            } else if (s.phase === "ready" && s.filesDone >= s.filesTotal && s.filesTotal > 0) {
              reject(new Error("the run finished before it could be killed"));
            }
          });
        });
        void server.indexNow(true).catch(() => undefined);
        const done = await killedAt;
        if (server.process.exitCode === null && server.process.signalCode === null) await new Promise((r) => server.process.once("exit", r));
        assert.ok(done < FILES, "the server was killed mid-run");
      } finally {
        if (server.process.exitCode === null && server.process.signalCode === null) server.process.kill("SIGKILL");
        server.connection.dispose();
      }
    }
    const server: TestServer = await startTestServer(ws);
    try {
      const summary = await server.indexNow();
      assert.ok(summary.filesIndexed < FILES, "work done before the kills was kept");
      const status = await server.status();
      assert.deepEqual({ files: status.indexedFiles, chunks: status.chunks }, reference);
      for (const i of [0, 150, 599, 1199]) {
        const result = await server.search(`uniqueHelperNumber${i}`, 50);
        const exact = result.hits.filter((h) => h.symbol === `uniqueHelperNumber${i}`);
        assert.equal(exact.length, 1, `uniqueHelperNumber${i} appears exactly once`);
      }
    } finally {
      await server.close();
    }
  });

  it("a corrupted index folder is detected, rebuilt, and the user is told", async () => {
    for (const file of allFiles(ws.storage)) {
      if (/\.(lance|manifest|txn|idx)$/.test(file) || file.includes("_versions")) writeFileSync(file, "this is not a lance file");
    }
    const server = await startTestServer(ws);
    try {
      await server.indexNow();
      const status = await server.status();
      assert.equal(status.indexedFiles, FILES);
      assert.ok(
        server.messages.some((m) => /corrupt|rebuil|unreadable|damaged/i.test(m.message)),
        `the user was told: ${JSON.stringify(server.messages)}`,
      );
      const result = await server.search("uniqueHelperNumber42");
      assert.equal(result.hits[0]?.symbol, "uniqueHelperNumber42");
    } finally {
      await server.close();
    }
  });
});
