import { strict as assert } from "node:assert";
import { renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SAMPLE_REPO } from "./sampleRepo";
import { eventually, startTestServer, TempWorkspace, topPaths, type TestServer } from "./harness";

describe("server: index, search, and follow edits (real server over stdio)", () => {
  let ws: TempWorkspace;
  let server: TestServer;

  before(async () => {
    ws = new TempWorkspace(SAMPLE_REPO);
    server = await startTestServer(ws);
    const summary = await server.indexNow();
    assert.equal(summary.filesIndexed, Object.keys(SAMPLE_REPO).length);
  });

  after(async () => {
    await server?.close();
    ws?.cleanup();
  });

  it("finds a function by its name and points at its lines", async () => {
    const result = await server.search("computeInvoiceTotal");
    const first = result.hits[0];
    assert.equal(first.path, "src/billing/invoice.ts");
    assert.ok(first.startLine <= 4 && first.endLine >= 7, `range ${first.startLine}-${first.endLine}`);
    assert.ok(first.reasons.length > 0, "each hit says why it matched");
  });

  it("finds code from words split out of identifiers and paths", async () => {
    const result = await server.search("refresh session token");
    assert.equal(topPaths(result, 1)[0], "src/auth/session.ts");
    const python = await server.search("quarterly report export");
    assert.equal(topPaths(python, 1)[0], "scripts/report.py");
  });

  it("ranks the definition above the test that uses it", async () => {
    const result = await server.search("computeInvoiceTotal");
    const paths = topPaths(result, 10);
    assert.ok(paths.indexOf("src/billing/invoice.ts") < paths.indexOf("test/invoice.test.ts") || !paths.includes("test/invoice.test.ts"));
  });

  it("sees a saved edit: the new symbol is found, the old one is gone", async () => {
    ws.write("src/util/money.ts", `export function convertToYen(amount: number): number {\n  return amount * 160;\n}\n`);
    await server.changed([{ path: "src/util/money.ts", type: "changed" }]);
    const hit = await eventually(async () => (await server.search("convertToYen")).hits.find((h) => h.path === "src/util/money.ts"), "the new symbol");
    assert.equal(hit.startLine, 1);
    const old = await server.search("formatCurrency");
    assert.ok(!old.hits.some((h) => h.path === "src/util/money.ts" && h.symbol === "formatCurrency"));
  });

  it("follows a rename and a delete", async () => {
    renameSync(join(ws.root, "src/auth/session.ts"), join(ws.root, "src/auth/tokens.ts"));
    await server.changed([
      { path: "src/auth/session.ts", type: "deleted" },
      { path: "src/auth/tokens.ts", type: "created" },
    ]);
    await eventually(async () => {
      const paths = topPaths(await server.search("refreshSessionToken"), 10);
      return paths.includes("src/auth/tokens.ts") && !paths.includes("src/auth/session.ts") ? true : undefined;
    }, "the renamed file");
    rmSync(join(ws.root, "scripts"), { recursive: true });
    await server.changed([{ path: "scripts", type: "deleted" }]);
    await eventually(async () => (topPaths(await server.search("export_quarterly_report"), 10).includes("scripts/report.py") ? undefined : true), "the deleted folder to leave the index");
    const status = await server.status();
    assert.equal(status.indexedFiles, Object.keys(SAMPLE_REPO).length - 1);
  });
});
