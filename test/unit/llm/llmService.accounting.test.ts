import { strict as assert } from "node:assert";
import { startFakeAnthropic } from "../../fakes/anthropicServer";
import type { FakeLlmServer } from "../../fakes/fakeLlmCore";
import { startFakeOpenAI } from "../../fakes/openaiChatServer";
import { llmFailure, readAllFiles } from "./llmTestKit";
import { TEST_KEY, ask, serviceSetupPerTest } from "./serviceKit";

describe("LlmService: cache, costs, budget, context records, key hygiene", () => {
  let server: FakeLlmServer | undefined;
  const setup = serviceSetupPerTest(() => server);

  it("serves an identical request from the on-disk cache: the provider sees one request", async () => {
    server = await startFakeAnthropic({ fallback: { text: "Cached answer.", usage: { inputTokens: 100, outputTokens: 10 } } });
    const { service, reopen } = setup(server);
    const first = await service.run(ask("explain foo"));
    assert.equal(first.cached, false);
    const streamed: string[] = [];
    const second = await service.run(ask("explain foo", { onText: (t) => streamed.push(t) }));
    assert.equal(second.cached, true);
    assert.equal(second.text, "Cached answer.");
    assert.equal(second.costUsd, 0);
    assert.equal(streamed.join(""), "Cached answer.", "a cached answer still reaches the stream callback");
    assert.equal(server.requests.length, 1);

    assert.equal((await reopen().run(ask("explain foo"))).cached, true, "the cache survives a restart");
    await service.run(ask("explain bar"));
    await service.run(ask("explain foo", { bypassCache: true }));
    assert.equal(server.requests.length, 3, "a different prompt and a bypass both reach the provider");
  });

  it("keeps the cache bounded and treats a corrupt entry as a miss", async () => {
    server = await startFakeAnthropic({ fallback: { text: "a" } });
    const { service, dir } = setup(server, { cacheMaxEntries: 2 });
    for (const q of ["q1", "q2", "q3", "q4"]) await service.run(ask(q));
    const cacheFiles = readAllFiles(dir.path).filter((f) => f.path.includes("/cache/"));
    assert.equal(cacheFiles.length, 2);
    const { writeFileSync } = await import("node:fs");
    for (const f of cacheFiles) writeFileSync(f.path, "{ not json");
    const before = server.requests.length;
    const again = await service.run(ask("q4"));
    assert.equal(again.cached, false);
    assert.equal(server.requests.length, before + 1);
  });

  it("adds up tokens and cost per request, per command and per day, and persists them", async () => {
    server = await startFakeAnthropic({ fallback: { text: "ok", usage: { inputTokens: 1000, outputTokens: 500 } } });
    const { service, reopen, clock } = setup(server, { anthropicModel: "claude-haiku-4-5" });
    const one = await service.run(ask("a"));
    assert.equal(one.costUsd, 0.0035, "1000 × $1/M + 500 × $5/M");
    await service.run(ask("b"));
    await service.run(ask("c", { command: "refactor" }));
    const usage = await reopen().usage();
    assert.equal(usage.today.requests, 3);
    assert.equal(usage.today.inputTokens, 3000);
    assert.equal(usage.today.outputTokens, 1500);
    assert.ok(Math.abs(usage.today.costUsd - 0.0105) < 1e-12);
    assert.equal(usage.today.byCommand.explain.requests, 2);
    assert.equal(usage.today.byCommand.refactor.requests, 1);
    assert.equal(usage.today.estimated, false);
    assert.equal(usage.dailyBudgetUsd, 10);
    assert.ok(Math.abs((usage.budgetLeftUsd ?? 0) - (10 - 0.0105)) < 1e-12);

    clock.time += 24 * 3600 * 1000;
    const tomorrow = await service.usage();
    assert.equal(tomorrow.today.requests, 0);
    assert.equal(tomorrow.days.length, 2, "today (empty) and yesterday");
  });

  it("starts a fresh ledger when usage.json is corrupt, and says so in the log", async () => {
    server = await startFakeAnthropic({ fallback: { text: "ok" } });
    const { service, dir, logger } = setup(server);
    const { mkdirSync, writeFileSync } = await import("node:fs");
    mkdirSync(`${dir.path}/llm`, { recursive: true });
    writeFileSync(`${dir.path}/llm/usage.json`, "{ truncated");
    await service.run(ask("x"));
    assert.equal((await service.usage()).today.requests, 1);
    assert.ok(logger.lines.some((l) => /usage file unreadable/.test(l)));
  });

  it("refuses requests once the daily budget is spent, with a clear message, until the next day", async () => {
    server = await startFakeAnthropic({ fallback: { text: "ok", usage: { inputTokens: 10_000, outputTokens: 1000 } } });
    const { service, clock } = setup(server, { anthropicModel: "claude-haiku-4-5", dailyBudgetUsd: 0.02 });
    await service.run(ask("1")); // $0.015
    await service.run(ask("2")); // $0.030, over the budget now
    const refused = await llmFailure(service.run(ask("3")));
    assert.equal(refused.kind, "budget");
    assert.equal(refused.message, "Today's LLM budget of $0.02 is used up ($0.03 spent). Raise vibeCoder.llm.dailyBudgetUsd (0 means no limit) or wait until tomorrow.");
    assert.equal(server.requests.length, 2, "the refused request never left");
    assert.equal((await service.run(ask("1"))).cached, true, "cached answers are free and still served");
    clock.time += 24 * 3600 * 1000;
    assert.equal((await service.run(ask("3"))).cached, false);
  });

  it("marks the cost of an unknown hosted model as estimated", async () => {
    server = await startFakeAnthropic({ fallback: { text: "ok", usage: { inputTokens: 1_000_000, outputTokens: 0 } } });
    const { service } = setup(server, { anthropicModel: "claude-mystery-9" });
    const result = await service.run(ask("x"));
    assert.equal(result.costUsd, 15, "fallback price");
    assert.equal((await service.usage()).today.estimated, true);
  });

  it("records exactly what was sent (system, messages, files with ranges, rules) and keeps the last N", async () => {
    server = await startFakeAnthropic({ fallback: { text: "ok", usage: { inputTokens: 12, outputTokens: 3 } } });
    const { service } = setup(server, { contextHistory: 3, modelPerAction: { doc: "claude-haiku-4-5" } });
    const result = await service.run(
      ask("Document parseConfig", {
        command: "doc",
        context: {
          files: [{ path: "src/config.ts", startLine: 10, endLine: 42, reason: "target" }],
          rules: [{ source: ".vibe/rules.md", text: "Use British spelling." }],
        },
      }),
    );
    const { summaries, record } = await service.contexts({ id: result.contextId });
    assert.equal(summaries[0].id, result.contextId);
    assert.ok(record);
    assert.equal(record.model, "claude-haiku-4-5", "per-action model setting");
    assert.equal(record.system, "You explain code.");
    assert.deepEqual(record.messages, [{ role: "user", content: "Document parseConfig" }]);
    assert.deepEqual(record.files, [{ path: "src/config.ts", startLine: 10, endLine: 42, reason: "target" }]);
    assert.deepEqual(record.rules, [{ source: ".vibe/rules.md", text: "Use British spelling." }]);
    assert.deepEqual(record.usage, { inputTokens: 12, outputTokens: 3 });
    assert.equal(record.outcome, "ok");
    const sent = server.requests[0].body as { model: string; system: string; messages: unknown };
    assert.equal(sent.model, record.model);
    assert.equal(sent.system, record.system);
    assert.deepEqual(sent.messages, record.messages, "the record shows what went over the wire");

    for (const q of ["a", "b", "c", "d"]) await service.run(ask(q));
    assert.equal((await service.contexts()).summaries.length, 3);
    assert.equal((await service.contexts({ id: result.contextId })).record, undefined, "the oldest was dropped");
  });

  it("never writes the API key to logs, context records, cache or usage files, even when the provider echoes it", async () => {
    server = await startFakeAnthropic({
      steps: [
        { text: "fine" },
        { status: 400, errorMessage: `bad request for key ${TEST_KEY}` },
        { text: ["part ", "more"], cutAfterEvents: 5 },
        { status: 401 },
      ],
    });
    const { service, dir, logger } = setup(server);
    await service.run(ask("one"));
    const echoed = await llmFailure(service.run(ask("two")));
    assert.ok(!echoed.message.includes(TEST_KEY), "the user-facing message is scrubbed too");
    await llmFailure(service.run(ask("three", { onText: () => undefined })));
    await llmFailure(service.run(ask("four")));
    const auth = server.requests[0].headers["x-api-key"] ?? server.requests[0].headers.authorization;
    assert.ok(String(auth).includes(TEST_KEY), "the key did go to the provider, so the checks below are not vacuous");

    const files = readAllFiles(dir.path);
    assert.ok(files.some((f) => f.path.includes("/contexts/")) && files.some((f) => f.path.endsWith("usage.json")));
    for (const f of files) assert.ok(!f.text.includes(TEST_KEY), `key found in ${f.path}`);
    assert.ok(logger.lines.length > 0);
    for (const line of logger.lines) assert.ok(!line.includes(TEST_KEY), `key found in log line: ${line}`);
  });

  it("drives a local OpenAI-compatible endpoint without any key, at zero cost", async () => {
    server = await startFakeOpenAI({ fallback: { text: "local answer", usage: { inputTokens: 50, outputTokens: 5 } } });
    const { service } = setup(undefined, { endpoint: server.url, endpointModel: "llama-test" }, { key: null });
    assert.deepEqual(service.status(), { configured: true, provider: "openai-compatible", model: "llama-test" });
    const result = await service.run(ask("hi"));
    assert.equal(result.text, "local answer");
    assert.equal(result.provider, "openai-compatible");
    assert.equal(result.costUsd, 0);
    assert.equal((server.requests[0].body as { model: string }).model, "llama-test");
  });
});
