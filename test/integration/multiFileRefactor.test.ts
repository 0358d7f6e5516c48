import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RunCodeActionRequest, type RunCodeActionParams } from "../../shared/protocol/actions";
import { applyHunks } from "../../shared/diff/hunks";
import { SetApiKeyNotification } from "../../shared/protocol/llm";
import { startFakeAnthropic } from "../fakes/anthropicServer";
import type { FakeLlmServer } from "../fakes/fakeLlmCore";
import { actionFailure as failure, REPO_ROOT, startTestServer, TempWorkspace, type TestServer } from "./harness";
import { SAMPLE_REPO } from "./sampleRepo";

const INVOICE = "src/billing/invoice.ts";
const CALLER = "test/invoice.test.ts";

const RENAMED_TARGET = `/** Computes the total of an invoice, applying the customer's discount. */
export function invoiceTotal(lines: Array<{ price: number; quantity: number }>, discountRate: number): number {
  const subtotal = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  return subtotal * (1 - discountRate);
}`;

/** A reply in the format the refactor prompt asks for: the target's block, then the caller's ORIGINAL/REPLACEMENT pairs. */
function renameReply(callOriginal: string): string {
  return [
    "```ts",
    RENAMED_TARGET,
    "```",
    "",
    `Path: ${CALLER}`,
    "```ts",
    "<<<<<<< ORIGINAL",
    'import { computeInvoiceTotal } from "../src/billing/invoice";',
    "=======",
    'import { invoiceTotal } from "../src/billing/invoice";',
    ">>>>>>> REPLACEMENT",
    "<<<<<<< ORIGINAL",
    callOriginal,
    "=======",
    "  if (invoiceTotal([{ price: 10, quantity: 2 }], 0.5) !== 10) throw new Error(\"wrong\");",
    ">>>>>>> REPLACEMENT",
    "```",
    "Renamed the function and its caller.",
  ].join("\n");
}

const REAL_CALL = '  if (computeInvoiceTotal([{ price: 10, quantity: 2 }], 0.5) !== 10) throw new Error("wrong");';

describe("server: /refactor that also changes callers (real server, fake Anthropic API)", function () {
  this.timeout(60_000);
  let ws: TempWorkspace;
  let server: TestServer;
  let fake: FakeLlmServer;
  let runs = 0;

  before(async () => {
    execFileSync(process.execPath, ["esbuild.config.mjs"], { cwd: REPO_ROOT, stdio: "ignore" });
    fake = await startFakeAnthropic([]);
    ws = new TempWorkspace({ ...SAMPLE_REPO, ".env": "API_TOKEN=computeInvoiceTotal\n" });
    const settings = { embeddings: { provider: "none" }, llm: { provider: "anthropic", anthropicBaseUrl: fake.url, cacheEnabled: false, maxAttempts: 1 } };
    server = await startTestServer(ws, settings);
    await server.connection.sendNotification(SetApiKeyNotification.type, { provider: "anthropic", key: "sk-ant-integration-test-key-0123456789" });
    await server.indexNow();
  });

  after(async () => {
    await server?.close();
    await fake?.close();
    ws?.cleanup();
  });

  const disk = (path: string): string => readFileSync(join(ws.root, path), "utf8");
  const params = (extra: Partial<RunCodeActionParams> = {}): RunCodeActionParams => ({
    action: "refactor",
    runId: `multi-${++runs}`,
    uri: ws.uri(INVOICE),
    path: INVOICE,
    documentVersion: 1,
    documentText: disk(INVOICE),
    cursorLine: 5,
    instruction: "Rename computeInvoiceTotal to invoiceTotal",
    ...extra,
  });
  const run = (p: RunCodeActionParams) => server.connection.sendRequest(RunCodeActionRequest.type, p);

  it("returns a two-file proposal whose ranges and hunks turn both files into the renamed code", async () => {
    fake.setScript([{ text: renameReply(REAL_CALL) }]);
    const result = await run(params());
    assert.equal(result.kind, "files");
    assert.deepEqual(result.edits?.map((e) => e.path), [INVOICE, CALLER]);
    const [target, caller] = result.edits ?? [];
    assert.deepEqual(target.range, { startLine: 3, endLine: 7 });
    assert.deepEqual(target.hunks.map((h) => [h.oldStart, h.oldLines, h.added]), [[4, 1, [RENAMED_TARGET.split("\n")[1]]]]);
    assert.deepEqual(caller.range, { startLine: 1, endLine: 4 });
    assert.deepEqual(caller.hunks.map((h) => [h.id, h.oldStart, h.oldLines]), [[`${CALLER}#1`, 1, 1], [`${CALLER}#2`, 4, 1]]);
    assert.equal(caller.isNew, false);
    assert.ok(target.parseCheck.ok && caller.parseCheck.ok);
    assert.equal(applyHunks(disk(INVOICE), target.hunks), disk(INVOICE).replace("computeInvoiceTotal", "invoiceTotal"));
    // The test's title mentions the old name too; the model did not change it, so neither does the proposal.
    assert.equal(
      applyHunks(disk(CALLER), caller.hunks),
      disk(CALLER).replace("import { computeInvoiceTotal }", "import { invoiceTotal }").replace("if (computeInvoiceTotal(", "if (invoiceTotal("),
    );
    const sent = fake.requests.at(-1)?.rawBody ?? "";
    assert.ok(sent.includes("<<<<<<< ORIGINAL") && sent.includes("Path: <workspace-relative path>"), "the prompt describes the format");
    assert.ok(sent.includes(CALLER), "and shows the caller it may change");
  });

  it("finds the caller's lines in the editor's unsaved text when the client sends it", async () => {
    fake.setScript([{ text: renameReply(REAL_CALL) }]);
    const unsaved = `// a comment typed but not saved\n${disk(CALLER)}`;
    const result = await run(params({ openDocuments: [{ path: CALLER, text: unsaved }] }));
    const caller = result.edits?.find((e) => e.path === CALLER);
    assert.deepEqual(caller?.range, { startLine: 2, endLine: 5 });
    assert.equal(applyHunks(unsaved, caller.hunks).split("\n")[0], "// a comment typed but not saved");
  });

  it("refuses the whole reply, naming the file and why, when a caller's lines do not locate", async () => {
    fake.setScript([{ text: renameReply("  if (computeInvoiceTotal([{ price: 99 }]) !== 10) throw new Error(\"wrong\");") }]);
    const error = await failure(run(params()));
    assert.equal(error.data?.kind, "unusable-reply");
    assert.match(error.message, /nothing was changed: test\/invoice\.test\.ts: the line it quotes \(starting "if \(computeInvoiceTotal\(\[\{ price: 99 \}\]\)/);
    assert.match(error.message, /is not in the file as it is now/);
  });

  it("refuses edits to secret files and paths outside the workspace", async () => {
    const reply = (path: string) => `\`\`\`ts\n${RENAMED_TARGET}\n\`\`\`\nPath: ${path}\n\`\`\`\n<<<<<<< ORIGINAL\nAPI_TOKEN=computeInvoiceTotal\n=======\nAPI_TOKEN=invoiceTotal\n>>>>>>> REPLACEMENT\n\`\`\``;
    fake.setScript([{ text: reply(".env") }]);
    assert.match((await failure(run(params()))).message, /\.env: the file may hold secrets/);
    fake.setScript([{ text: reply("../outside/.bashrc") }]);
    assert.match((await failure(run(params()))).message, /outside\/\.bashrc: the path leads outside the workspace/);
    assert.equal(disk(".env"), "API_TOKEN=computeInvoiceTotal\n");
  });

  it("keeps a single-file refactor an inline edit", async () => {
    fake.setScript([{ text: "```ts\n" + RENAMED_TARGET + "\n```" }]);
    const result = await run(params());
    assert.equal(result.kind, "edit");
    assert.deepEqual(result.edits?.map((e) => e.path), [INVOICE]);
  });
});
