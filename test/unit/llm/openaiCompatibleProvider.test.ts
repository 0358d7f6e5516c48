import { strict as assert } from "node:assert";
import OpenAI from "openai";
import { complete } from "../../../server/src/llm/complete";
import { createOpenAiCompatibleProvider } from "../../../server/src/llm/openaiCompatibleProvider";
import type { LlmRequest } from "../../../server/src/llm/types";
import type { FakeLlmServer } from "../../fakes/fakeLlmCore";
import { startFakeOpenAI } from "../../fakes/openaiChatServer";
import { closeFakeAfterEach, collectingLogger, llmFailure } from "./llmTestKit";

const request: LlmRequest = {
  model: "qwen2.5-coder:7b",
  system: "You write tests.",
  messages: [{ role: "user", content: "Test foo()" }],
  maxTokens: 128,
  temperature: 0.2,
};

describe("OpenAI-compatible provider against the fake chat completions API", () => {
  let server: FakeLlmServer | undefined;
  closeFakeAfterEach(() => server);

  it("streams text in order, reads usage from the final chunk, and sends the system prompt first", async () => {
    server = await startFakeOpenAI([{ text: ["def ", "test_foo", "():"], usage: { inputTokens: 30, outputTokens: 4 } }]);
    const provider = createOpenAiCompatibleProvider({ baseUrl: server.url, logger: collectingLogger() });
    const seen: string[] = [];
    const result = await complete(provider, request, new AbortController().signal, { onText: (t) => seen.push(t) });
    assert.deepEqual(seen, ["def ", "test_foo", "():"]);
    assert.deepEqual(result.usage, { inputTokens: 30, outputTokens: 4 });
    assert.equal(result.stopReason, "end");
    const body = server.requests[0].body as { messages: Array<{ role: string }>; temperature: number; stream: boolean };
    assert.deepEqual(body.messages.map((m) => m.role), ["system", "user"]);
    assert.equal(body.temperature, 0.2);
    assert.equal(server.requests[0].path, "/v1/chat/completions");
  });

  it("sends no Authorization header without a key, and a Bearer header with one", async () => {
    server = await startFakeOpenAI({ fallback: { text: "ok" } });
    await complete(createOpenAiCompatibleProvider({ baseUrl: server.url, logger: collectingLogger() }), request, new AbortController().signal);
    assert.equal(server.requests[0].headers.authorization, undefined);
    await complete(
      createOpenAiCompatibleProvider({ baseUrl: server.url, apiKey: "local-secret-key", logger: collectingLogger() }),
      request,
      new AbortController().signal,
    );
    assert.equal(server.requests[1].headers.authorization, "Bearer local-secret-key");
  });

  it("assembles tool calls from argument fragments", async () => {
    server = await startFakeOpenAI([{ toolUses: [{ id: "call_1", name: "search", input: { query: "parseConfig" } }] }]);
    const provider = createOpenAiCompatibleProvider({ baseUrl: server.url, logger: collectingLogger() });
    const result = await complete(provider, { ...request, tools: [{ name: "search", description: "Search code", inputSchema: {} }] }, new AbortController().signal);
    assert.deepEqual(result.toolCalls, [{ id: "call_1", name: "search", input: { query: "parseConfig" } }]);
    assert.equal(result.stopReason, "tool-use");
  });

  it("reports a stream cut before finish_reason as stream-cut", async () => {
    server = await startFakeOpenAI([{ text: ["a ", "b ", "c ", "d"], cutAfterEvents: 3 }]);
    const provider = createOpenAiCompatibleProvider({ baseUrl: server.url, logger: collectingLogger() });
    const error = await llmFailure(complete(provider, request, new AbortController().signal));
    assert.equal(error.kind, "stream-cut");
  });

  it("reports invalid JSON in a chunk as invalid-response", async () => {
    server = await startFakeOpenAI([{ text: "x", invalidJson: true }]);
    const provider = createOpenAiCompatibleProvider({ baseUrl: server.url, logger: collectingLogger() });
    assert.equal((await llmFailure(complete(provider, request, new AbortController().signal))).kind, "invalid-response");
  });

  it("explains an endpoint that is not running", async () => {
    server = await startFakeOpenAI([]);
    const url = server.url;
    await server.close();
    server = undefined;
    const provider = createOpenAiCompatibleProvider({ baseUrl: url, logger: collectingLogger() });
    const error = await llmFailure(complete(provider, request, new AbortController().signal));
    assert.equal(error.kind, "connection");
    assert.match(error.message, /vibeCoder\.llm\.endpoint/);
  });

  it("the fake answers non-streaming requests too", async () => {
    server = await startFakeOpenAI([{ text: "plain" }]);
    const client = new OpenAI({ apiKey: "k", baseURL: server.url, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] });
    assert.equal(completion.choices[0].message.content, "plain");
  });
});
