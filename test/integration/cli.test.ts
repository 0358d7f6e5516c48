import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { SAMPLE_REPO } from "./sampleRepo";
import { REPO_ROOT, TempWorkspace } from "./harness";

const run = promisify(execFile);
const CLI = join(REPO_ROOT, "dist", "cli", "vibe.js");

describe("CLI: vibe index | search | status", () => {
  let ws: TempWorkspace;
  const vibe = (...args: string[]) => run(process.execPath, [CLI, ...args, "--storage", ws.storage], { timeout: 120_000 });

  before(() => {
    ws = new TempWorkspace(SAMPLE_REPO);
  });
  after(() => ws?.cleanup());

  it("indexes a folder and reports what it did", async () => {
    const { stdout } = await vibe("index", ws.root);
    assert.match(stdout, /Indexed 6 files/);
    assert.match(stdout, /Embedder: none/);
  });

  it("searches with JSON output: ranked results with path, startLine, endLine, score", async () => {
    const { stdout } = await vibe("search", ws.root, "format currency euros", "--json", "--limit", "3");
    const parsed = JSON.parse(stdout);
    assert.ok(parsed.hits.length > 0 && parsed.hits.length <= 3);
    const first = parsed.hits[0];
    assert.equal(first.path, "src/util/money.ts");
    assert.equal(typeof first.startLine, "number");
    assert.equal(typeof first.endLine, "number");
    assert.equal(typeof first.score, "number");
  });

  it("reports status without re-indexing, and rejects bad usage with exit code 2", async () => {
    const { stdout } = await vibe("status", ws.root);
    assert.match(stdout, /Index: 6 files/);
    await assert.rejects(vibe("search", ws.root), (error: { code: number }) => error.code === 2);
    await assert.rejects(vibe("frobnicate", ws.root), (error: { code: number }) => error.code === 2);
  });
});
