import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CancellationTokenSource, DidChangeConfigurationNotification, ResponseError } from "vscode-languageserver-protocol/node";
import {
  CodeActionProgressNotification,
  FunctionAtRequest,
  RunCodeActionRequest,
  type CodeActionProgressParams,
  type RunCodeActionParams,
} from "../../shared/protocol/actions";
import { applyHunks } from "../../shared/diff/hunks";
import { AssessImpactRequest } from "../../shared/protocol/impact";
import { LlmContextRequest, SetApiKeyNotification } from "../../shared/protocol/llm";
import { startFakeAnthropic } from "../fakes/anthropicServer";
import type { FakeLlmServer, FakeStep } from "../fakes/fakeLlmCore";
import { actionFailure as failure, REPO_ROOT, startTestServer, TempWorkspace, type TestServer } from "./harness";
import { SAMPLE_REPO } from "./sampleRepo";

const INVOICE = "src/billing/invoice.ts";

const IMPROVED = `/** Computes the total of an invoice, applying the customer's discount. */
export function computeInvoiceTotal(lines: Array<{ price: number; quantity: number }>, discountRate: number): number {
  if (discountRate < 0 || discountRate > 1) throw new RangeError("discountRate must be between 0 and 1");
  const subtotal = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  return subtotal * (1 - discountRate);
}`;

describe("server: LLM actions on code (real server, fake Anthropic API)", function () {
  this.timeout(60_000);
  let ws: TempWorkspace;
  let server: TestServer;
  let fake: FakeLlmServer;
  let settings: { embeddings: { provider: string }; llm: Record<string, unknown> };
  const progress: CodeActionProgressParams[] = [];
  let runs = 0;

  before(async () => {
    execFileSync(process.execPath, ["esbuild.config.mjs"], { cwd: REPO_ROOT, stdio: "ignore" });
    fake = await startFakeAnthropic([]);
    ws = new TempWorkspace(SAMPLE_REPO);
    settings = { embeddings: { provider: "none" }, llm: { provider: "anthropic", anthropicBaseUrl: fake.url, cacheEnabled: false, maxAttempts: 3 } };
    server = await startTestServer(ws, settings);
    await server.connection.sendNotification(SetApiKeyNotification.type, { provider: "anthropic", key: "sk-ant-integration-test-key-0123456789" });
    server.connection.onNotification(CodeActionProgressNotification.type, (p) => void progress.push(p));
    await server.indexNow();
  });

  after(async () => {
    await server?.close();
    await fake?.close();
    ws?.cleanup();
  });

  const documentText = (): string => readFileSync(join(ws.root, INVOICE), "utf8");
  const params = (extra: Partial<RunCodeActionParams>): RunCodeActionParams => ({
    action: "improve",
    runId: `run-${++runs}`,
    uri: ws.uri(INVOICE),
    path: INVOICE,
    documentVersion: 1,
    documentText: documentText(),
    cursorLine: 5,
    ...extra,
  });
  const run = (p: RunCodeActionParams, token?: CancellationTokenSource) =>
    server.connection.sendRequest(RunCodeActionRequest.type, p, token?.token);
  const script = (...steps: FakeStep[]): void => fake.setScript(steps);

  it("finds the function at the cursor with tree-sitter", async () => {
    const fn = await server.connection.sendRequest(FunctionAtRequest.type, { path: INVOICE, text: documentText(), line: 5 });
    assert.deepEqual(fn, { startLine: 3, endLine: 7, kind: "function", symbol: "computeInvoiceTotal" });
  });

  it("improve: returns an edit of the function with hunks that apply to the document", async () => {
    script({ text: `Here is the improved function:\n\n\`\`\`ts\n${IMPROVED}\n\`\`\`\nIt now validates the discount.` });
    const p = params({});
    const result = await run(p);
    assert.equal(result.kind, "edit");
    const edit = result.edits?.[0];
    assert.ok(edit);
    assert.deepEqual(edit.range, { startLine: 3, endLine: 7 });
    assert.equal(edit.hunks.length, 1);
    assert.deepEqual(edit.hunks[0].added, ['  if (discountRate < 0 || discountRate > 1) throw new RangeError("discountRate must be between 0 and 1");']);
    assert.equal(edit.parseCheck.ok, true);
    const applied = applyHunks(p.documentText, edit.hunks);
    assert.ok(applied.includes("throw new RangeError") && applied.includes("export class InvoicePrinter"));
    // What was sent is inspectable: the target and the related definition the search found.
    const record = (await server.connection.sendRequest(LlmContextRequest.type, { id: result.contextId })).record;
    assert.ok(record?.files.some((f) => f.path === INVOICE && f.reason === "target"));
    assert.ok(
      result.related.some((r) => r.path === "test/invoice.test.ts" && r.reason === "call site"),
      `the call site in the test was found through search: ${JSON.stringify(result.related)}`,
    );
    assert.ok(fake.requests.at(-1)?.rawBody.includes("computeInvoiceTotal"));
    assert.ok(progress.some((u) => u.runId === p.runId && u.partialProposedText !== undefined), "streamed a partial proposal");
    // The client's progressive preview needs to know which lines the streamed code replaces.
    assert.deepEqual(progress.find((u) => u.runId === p.runId && u.stage === "context")?.target, edit.range);
  });

  it("sends the definition of a name the target uses, found through the symbol index", async () => {
    script({ text: "It prints the invoice total in euros." });
    const result = await run(params({ action: "explain", cursorLine: 11 }));
    assert.ok(
      result.related.some((r) => r.path === "src/util/money.ts" && r.reason === "definition"),
      `the definition of formatCurrency was sent: ${JSON.stringify(result.related)}`,
    );
  });

  it("explain: lists the call site in a file importing the target, found through the impact feature's import graph", async () => {
    // Assessing impact waits for the import graph, so it is complete when explain reads it (explain itself never waits).
    await server.connection.sendRequest(AssessImpactRequest.type, { target: { kind: "file", path: INVOICE } });
    script({ text: "It totals the invoice lines and applies the discount." });
    const result = await run(params({ action: "explain" }));
    const importer = result.related.find((r) => r.path === "test/invoice.test.ts");
    assert.deepEqual(
      importer && { reason: importer.reason, importsTarget: importer.importsTarget },
      { reason: "call site", importsTarget: true },
      `the importing test's call site is linked as such: ${JSON.stringify(result.related)}`,
    );
    assert.ok(fake.requests.at(-1)?.rawBody.includes("computeInvoiceTotal([{ price: 10"), "and its code was sent to the model");
  });

  it("explain: streams progress notifications, then returns the Markdown", async () => {
    script({ text: "## What it does\n\nIt sums the **line prices** and applies the discount." });
    const p = params({ action: "explain" });
    const result = await run(p);
    assert.equal(result.kind, "explanation");
    assert.match(result.markdown ?? "", /sums the \*\*line prices\*\*/);
    const mine = progress.filter((u) => u.runId === p.runId);
    assert.deepEqual([...new Set(mine.map((u) => u.stage).filter(Boolean))], ["context", "model", "applying"]);
    assert.equal(mine.map((u) => u.textDelta ?? "").join(""), result.markdown);
  });

  it("a stream cut mid-message fails with a clear message and no edit", async () => {
    script({ text: `\`\`\`ts\n${IMPROVED}\n\`\`\``, cutAfterEvents: 5 });
    const error = await failure(run(params({})));
    assert.match(error.message, /cut off mid-stream; nothing was applied/);
    assert.equal(error.data?.kind, "stream-cut");
  });

  it("retries after a 429 and then succeeds", async () => {
    const before = fake.requests.length;
    script({ status: 429, retryAfter: "0.05" }, { text: `\`\`\`ts\n${IMPROVED}\n\`\`\`` });
    const result = await run(params({}));
    assert.equal(result.kind, "edit");
    assert.equal(fake.requests.length - before, 2);
  });

  it("a reply without a code block is a clear error", async () => {
    script({ text: "The function looks fine to me; I would not change anything." });
    const error = await failure(run(params({})));
    assert.match(error.message, /prose without a code block/);
    assert.equal(error.data?.kind, "unusable-reply");
  });

  it("test: proposes a new test file where the project keeps tests", async () => {
    script({ text: 'Path: test/billing/invoice.test.ts\n```ts\nimport { computeInvoiceTotal } from "../../src/billing/invoice";\nit("halves", () => {\n  if (computeInvoiceTotal([{ price: 4, quantity: 1 }], 0.5) !== 2) throw new Error("wrong");\n});\n```' });
    const result = await run(params({ action: "test" }));
    assert.equal(result.kind, "files");
    const file = result.edits?.[0];
    assert.equal(file?.path, "test/billing/invoice.test.ts");
    assert.equal(file?.isNew, true);
    assert.equal(file?.parseCheck.ok, true);
    assert.equal(result.testFramework?.layout, "test-dir");
    assert.match(file?.proposedText ?? "", /computeInvoiceTotal\(\[\{ price: 4/);
  });

  it("cancelling aborts the HTTP stream", async () => {
    script({ text: Array.from({ length: 200 }, (_, i) => `word${i} `), eventDelayMs: 50 });
    const source = new CancellationTokenSource();
    const p = params({ action: "explain" });
    const pending = run(p, source);
    const deadline = Date.now() + 20_000;
    while (!progress.some((u) => u.runId === p.runId && u.textDelta) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    source.cancel();
    const error = await failure(pending);
    assert.equal(error.data?.kind, "cancelled");
    const request = fake.requests.at(-1);
    assert.ok(request);
    await request.closed;
    assert.equal(request.closedByClient, true, "the fake saw the connection closed before the reply ended");
  });

  it("stops with a clear message once the daily budget is reached", async () => {
    settings.llm.dailyBudgetUsd = 0.000001;
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    fake.setScript({ fallback: { text: "## Explained" } });
    // The server pulls the new settings asynchronously; earlier requests may still run under the old budget.
    let error: ResponseError<{ kind: string }> | undefined;
    for (let attempt = 0; attempt < 20 && error?.data?.kind !== "budget"; attempt++) {
      error = await run(params({ action: "explain" })).then(() => undefined, (e: ResponseError<{ kind: string }>) => e);
      if (error?.data?.kind !== "budget") await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(error);
    assert.equal(error.data?.kind, "budget");
    assert.match(error.message, /budget/i);
  });
});
