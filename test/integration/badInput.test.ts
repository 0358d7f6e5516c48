import { strict as assert } from "node:assert";
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ListSkippedRequest } from "../../shared/protocol/indexing";
import { startTestServer, TempWorkspace } from "./harness";

describe("server: bad input is skipped with a reason, never fatal", () => {
  let ws: TempWorkspace;

  before(() => {
    ws = new TempWorkspace({
      "src/good.ts": "export function perfectlyFineFunction(): number {\n  return 1;\n}\n",
      "src/broken.ts": "export function halfWritten(a: number {\n  return a +\n}\n}}}\nclass {\n",
      "assets/logo.bin": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02, 0x00, 0xff]),
      "data/latin1.txt": Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72, 0x0a]),
      "big/huge.ts": `export const blob = "${"x".repeat(1_100_000)}";\n`,
      ".env": "API_KEY=sk-should-never-be-indexed\n",
      "config/server.pem": "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n",
      "node_modules/lib/index.js": "export function fromDependency() {}\n",
      ".gitignore": "generated/\n",
      "generated/out.ts": "export function ignoredByGitignore() {}\n",
    });
    mkdirSync(join(ws.root, "loop"), { recursive: true });
    symlinkSync(join(ws.root, "loop"), join(ws.root, "loop", "again"));
  });

  after(() => ws?.cleanup());

  it("indexes the good files and counts every skipped one by reason", async () => {
    const server = await startTestServer(ws);
    try {
      await server.indexNow();
      const status = await server.status();
      assert.equal(status.phase, "ready");
      const skipped = await server.connection.sendRequest(ListSkippedRequest.type, {});
      const reasonOf = (path: string) => skipped.find((s) => s.path === path)?.reason;
      assert.equal(reasonOf("assets/logo.bin"), "binary");
      assert.equal(reasonOf("data/latin1.txt"), "invalid-utf8");
      assert.equal(reasonOf("big/huge.ts"), "too-large");
      assert.equal(reasonOf(".env"), "secret");
      assert.equal(reasonOf("config/server.pem"), "secret");
      assert.equal(reasonOf("node_modules"), "default-exclude");
      assert.ok(skipped.some((s) => s.reason === "symlink-loop"), JSON.stringify(skipped));
      assert.ok(skipped.some((s) => s.path.startsWith("generated") && s.reason === "ignored"));
      assert.equal((await server.search("perfectlyFineFunction")).hits[0]?.path, "src/good.ts");
      assert.equal((await server.search("halfWritten")).hits[0]?.path, "src/broken.ts", "a file that does not parse is still indexed");
      const secret = await server.search("API_KEY sk should never be indexed");
      assert.ok(!secret.hits.some((h) => h.path === ".env"));
      assert.equal(status.skipped.binary, 1);
    } finally {
      await server.close();
    }
  });

  it("a file deleted between the scan and the read is counted as vanished, and the run finishes", async () => {
    const before = await startTestServer(ws);
    await before.indexNow();
    const indexedBefore = (await before.status()).indexedFiles;
    await before.close();
    const many: Record<string, string> = {};
    for (let i = 0; i < 400; i++) many[`bulk/f${i}.ts`] = `export const value${i} = ${i};\n`;
    for (const [path, text] of Object.entries(many)) ws.write(path, text);
    const server = await startTestServer(ws);
    try {
      const run = server.indexNow();
      // Remove files while the run is going; whichever were not read yet must be reported, not crash the run.
      setTimeout(() => rmSync(join(ws.root, "bulk"), { recursive: true, force: true }), 5);
      const summary = await run;
      assert.ok(summary.durationMs >= 0);
      const again = await server.indexNow();
      assert.equal(again.filesIndexed, 0);
      const status = await server.status();
      assert.equal(status.indexedFiles, indexedBefore, "none of the deleted files remains in the index");
    } finally {
      await server.close();
    }
  });

  it("an empty workspace indexes to zero files without errors", async () => {
    const empty = new TempWorkspace();
    const server = await startTestServer(empty);
    try {
      const summary = await server.indexNow();
      assert.equal(summary.filesIndexed, 0);
      assert.deepEqual((await server.search("anything")).hits, []);
      assert.equal((await server.status()).phase, "ready");
    } finally {
      await server.close();
      empty.cleanup();
    }
  });
});
