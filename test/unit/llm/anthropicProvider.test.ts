import { strict as assert } from "node:assert";
import Anthropic from "@anthropic-ai/sdk";
import { createAnthropicProvider } from "../../../server/src/llm/anthropicProvider";
import { complete } from "../../../server/src/llm/complete";
import { STREAM_CUT_MESSAGE } from "../../../server/src/llm/errors";
import type { LlmEvent, LlmRequest } from "../../../server/src/llm/types";
import { startFakeAnthropic } from "../../fakes/anthropicServer";
import type { FakeLlmServer } from "../../fakes/fakeLlmCore";
import { closeFakeAfterEach, collectingLogger, llmFailure } from "./llmTestKit";

const request: LlmRequest = {
  model: "claude-sonnet-5-5",
  system: "You explain code.",
  messages: [{ role: "user", content: "Explain foo()" }],
  maxTokens: 256,
};

async function collect(events: AsyncIterable<LlmEvent>): Promise<LlmEvent[]> {
  const out: LlmEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe("Anthropic provider against the fake Messages API", () => {
  let server: FakeLlmServer | undefined;
  closeFakeAfterEach(() => server);

  const provider = (s: FakeLlmServer) => createAnthropicProvider({ apiKey: "sk-ant-test-key-123", baseUrl: s.url, logger: collectingLogger() });

  it("streams text deltas in order, then usage and the stop reason", async () => {
    server = await startFakeAnthropic([{ text: ["Hello", ", ", "world", "!"], usage: { inputTokens: 42, outputTokens: 7 } }]);
    const events = await collect(provider(server).stream(request, new AbortController().signal));
    const texts = events.flatMap((e) => (e.type === "text" ? [e.text] : []));
    assert.deepEqual(texts, ["Hello", ", ", "world", "!"]);
    const usages = events.filter((e) => e.type === "usage");
    assert.deepEqual(usages.at(-1), { type: "usage", usage: { inputTokens: 42, outputTokens: 7 } });
    assert.deepEqual(events.at(-1), { type: "stop", reason: "end" });

    const sent = server.requests[0];
    assert.equal(sent.path, "/v1/messages");
    const body = sent.body as { model: string; system: string; stream: boolean; max_tokens: number };
    assert.equal(body.model, "claude-sonnet-5-5");
    assert.equal(body.system, "You explain code.");
    assert.equal(body.stream, true);
    assert.equal(body.max_tokens, 256);
  });

  it("parses tool_use blocks streamed as input_json_delta pieces", async () => {
    server = await startFakeAnthropic([
      { text: "Let me look.", toolUses: [{ id: "toolu_1", name: "read_file", input: { path: "src/a.ts", lines: [1, 20] } }] },
    ]);
    const result = await complete(provider(server), { ...request, tools: [{ name: "read_file", description: "Reads a file", inputSchema: { properties: { path: { type: "string" } } } }] }, new AbortController().signal);
    assert.equal(result.text, "Let me look.");
    assert.deepEqual(result.toolCalls, [{ id: "toolu_1", name: "read_file", input: { path: "src/a.ts", lines: [1, 20] } }]);
    assert.equal(result.stopReason, "tool-use");
    const tools = (server.requests[0].body as { tools: Array<{ name: string; input_schema: { type: string } }> }).tools;
    assert.equal(tools[0].name, "read_file");
    assert.equal(tools[0].input_schema.type, "object");
  });

  it("sends tool results back in Anthropic's shape", async () => {
    server = await startFakeAnthropic([{ text: "ok" }]);
    await complete(
      provider(server),
      {
        ...request,
        messages: [
          { role: "user", content: "go" },
          { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "read_file", input: { path: "a" } }] },
          { role: "user", content: [{ type: "tool_result", toolUseId: "t1", content: "file text" }] },
        ],
      },
      new AbortController().signal,
    );
    const messages = (server.requests[0].body as { messages: Array<{ content: unknown }> }).messages;
    assert.deepEqual(messages[2].content, [{ type: "tool_result", tool_use_id: "t1", content: "file text" }]);
  });

  it("reports a stream cut mid-message as stream-cut, after the text that did arrive", async () => {
    server = await startFakeAnthropic([{ text: ["one ", "two ", "three ", "four"], cutAfterEvents: 5 }]);
    const seen: string[] = [];
    const error = await llmFailure(complete(provider(server), request, new AbortController().signal, { onText: (t) => seen.push(t) }));
    assert.equal(error.kind, "stream-cut");
    assert.equal(error.message, STREAM_CUT_MESSAGE);
    assert.deepEqual(seen, ["one ", "two "]);
  });

  it("turns a data line that is not JSON into a clear invalid-response error", async () => {
    server = await startFakeAnthropic([{ text: "fine", invalidJson: true }]);
    const error = await llmFailure(complete(provider(server), request, new AbortController().signal));
    assert.equal(error.kind, "invalid-response");
    assert.match(error.message, /could not be read/);
  });

  it("turns a 200 reply that is not an event stream at all into invalid-response", async () => {
    server = await startFakeAnthropic([{ rawBody: "<html>proxy login</html>", contentType: "text/html" }]);
    const error = await llmFailure(complete(provider(server), request, new AbortController().signal));
    assert.equal(error.kind, "invalid-response");
  });

  it("maps 401, 429 (with retry-after), 529 and 500 to errors with the right kind", async () => {
    server = await startFakeAnthropic([
      { status: 401, errorMessage: "invalid x-api-key" },
      { status: 429, retryAfter: "3" },
      { status: 529 },
      { status: 500 },
    ]);
    const p = provider(server);
    const signal = new AbortController().signal;
    const auth = await llmFailure(complete(p, request, signal));
    assert.equal(auth.kind, "auth");
    assert.match(auth.message, /Set API Key/);
    const limited = await llmFailure(complete(p, request, signal));
    assert.equal(limited.kind, "rate-limited");
    assert.equal(limited.retryAfterMs, 3000);
    assert.equal((await llmFailure(complete(p, request, signal))).kind, "overloaded");
    assert.equal((await llmFailure(complete(p, request, signal))).kind, "server");
    assert.equal(server.requests.length, 4, "the SDK's own retries must be off");
  });

  it("aborting the signal closes the HTTP stream: the fake server sees the socket close", async () => {
    server = await startFakeAnthropic([{ text: ["a ", "b ", "c ", "d ", "e ", "f ", "g"], eventDelayMs: 200 }]);
    const controller = new AbortController();
    const error = await llmFailure(
      complete(provider(server), request, controller.signal, { onText: () => controller.abort() }),
    );
    assert.equal(error.kind, "cancelled");
    await server.requests[0].closed;
    assert.equal(server.requests[0].closedByClient, true);
  });

  it("the fake also answers non-streaming requests with a JSON message (for SDK users that do not stream)", async () => {
    server = await startFakeAnthropic([{ text: "plain", toolUses: [{ name: "x", input: { a: 1 } }] }]);
    const client = new Anthropic({ apiKey: "k", baseURL: server.url, maxRetries: 0 });
    const message = await client.messages.create({ model: "m", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
    assert.deepEqual(message.content.map((b) => b.type), ["text", "tool_use"]);
    assert.equal(message.stop_reason, "tool_use");
  });
});
