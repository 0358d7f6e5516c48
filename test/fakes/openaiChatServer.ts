import { jsonHalves, runFakeCli, startFakeLlmServer, writeJson, writeSse, type FakeLlmServer, type FakeScriptInput, type WireFormat } from "./fakeLlmCore";

/**
 * A local HTTP server speaking the OpenAI chat completions API (`POST /v1/chat/completions`, JSON and SSE with
 * `data: [DONE]`) from a script, standing in for Ollama / LM Studio / vLLM. `server.url` ends in /v1.
 * CLI: `node --import tsx test/fakes/openaiChatServer.ts --script <file.json> --port <n>` prints the URL.
 */
export function startFakeOpenAI(script: FakeScriptInput, port = 0): Promise<FakeLlmServer> {
  return startFakeLlmServer(openAiFormat, script, port);
}

const openAiFormat: WireFormat = {
  path: "/v1/chat/completions",
  urlSuffix: "/v1",
  defaultModel: "fake-model",
  toolIdPrefix: "call_fake",
  errorBody: (step) => ({ error: { message: step.errorMessage ?? `fake ${step.status}`, type: step.errorType ?? "server_error", code: null } }),
  async reply(ctx, { stream, model, chunks, text, tools, inputTokens, outputTokens }): Promise<void> {
    const { step, request } = ctx;
    const includeUsage = (request.body as { stream_options?: { include_usage?: boolean } } | undefined)?.stream_options?.include_usage;
    const finishReason = step.stopReason ?? (tools.length ? "tool_calls" : "stop");
    const usage = { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens };
    const id = `chatcmpl-fake-${request.index}`;
    const created = Math.floor(Date.now() / 1000);

    if (!stream) {
      if (step.invalidJson) {
        writeJson(ctx, 200, `{"id": "${id}", "object": "chat.completion", "choices": [{"message": oops`);
        return;
      }
      const toolCalls = tools.map((t) => ({ id: t.id, type: "function", function: { name: t.name, arguments: JSON.stringify(t.input ?? {}) } }));
      const completion = {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: text || null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
            finish_reason: finishReason,
          },
        ],
        usage,
      };
      writeJson(ctx, 200, JSON.stringify(completion));
      return;
    }

    const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
      JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] });
    const data: string[] = [chunk({ role: "assistant", content: "" })];
    for (const c of chunks) data.push(chunk({ content: c }));
    tools.forEach((tool, index) => {
      data.push(chunk({ tool_calls: [{ index, id: tool.id, type: "function", function: { name: tool.name, arguments: "" } }] }));
      for (const part of jsonHalves(tool.input)) data.push(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    });
    data.push(chunk({}, finishReason));
    if (includeUsage) {
      data.push(JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage }));
    }
    data.push("[DONE]");
    if (step.invalidJson) data.splice(1, 0, `{"id": "${id}", "choices": [{"delta": oops`);
    await writeSse(
      ctx,
      data.map((d) => ({ data: d })),
    );
  },
};

if (/openaiChatServer\.ts$/.test(process.argv[1] ?? "")) {
  void runFakeCli(startFakeOpenAI);
}
