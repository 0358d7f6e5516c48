import { jsonHalves, runFakeCli, startFakeLlmServer, writeJson, writeSse, type FakeLlmServer, type FakeScriptInput, type WireFormat } from "./fakeLlmCore";

/**
 * A local HTTP server speaking the Anthropic Messages API (`POST /v1/messages`, JSON and SSE) from a script.
 * Point the real SDK at it with `new Anthropic({ baseURL: server.url, apiKey: "test" })`.
 * CLI: `node --import tsx test/fakes/anthropicServer.ts --script <file.json> --port <n>` prints the URL.
 */
export function startFakeAnthropic(script: FakeScriptInput, port = 0): Promise<FakeLlmServer> {
  return startFakeLlmServer(anthropicFormat, script, port);
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

const anthropicFormat: WireFormat = {
  path: "/v1/messages",
  urlSuffix: "",
  defaultModel: "claude-fake",
  toolIdPrefix: "toolu_fake",
  errorBody: (step) => ({
    type: "error",
    error: { type: step.errorType ?? ERROR_TYPES[step.status ?? 500] ?? "api_error", message: step.errorMessage ?? `fake ${step.status}` },
  }),
  async reply(ctx, { stream, model, chunks, text, tools, inputTokens, outputTokens }): Promise<void> {
    const { step, request } = ctx;
    const stopReason = step.stopReason ?? (tools.length ? "tool_use" : "end_turn");
    const id = `msg_fake_${request.index}`;

    if (!stream) {
      if (step.invalidJson) {
        writeJson(ctx, 200, `{"id": "${id}", "type": "message", "content": [{"type": "text", "text": oops`);
        return;
      }
      const content = [
        ...(text ? [{ type: "text", text }] : []),
        ...tools.map((t) => ({ type: "tool_use", id: t.id, name: t.name, input: t.input })),
      ];
      const message = {
        id,
        type: "message",
        role: "assistant",
        model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
      };
      writeJson(ctx, 200, JSON.stringify(message));
      return;
    }

    const events: Array<{ event: string; data: unknown }> = [];
    const push = (event: string, data: Record<string, unknown>): void => void events.push({ event, data: { type: event, ...data } });
    push("message_start", {
      message: {
        id,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: 1 },
      },
    });
    let index = 0;
    if (chunks.length) {
      push("content_block_start", { index, content_block: { type: "text", text: "" } });
      events.push({ event: "ping", data: { type: "ping" } });
      for (const chunk of chunks) push("content_block_delta", { index, delta: { type: "text_delta", text: chunk } });
      push("content_block_stop", { index });
      index++;
    }
    for (const tool of tools) {
      push("content_block_start", { index, content_block: { type: "tool_use", id: tool.id, name: tool.name, input: {} } });
      for (const part of jsonHalves(tool.input)) push("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: part } });
      push("content_block_stop", { index });
      index++;
    }
    push("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } });
    push("message_stop", {});

    const wire = events.map((e) => ({ event: e.event, data: JSON.stringify(e.data) }));
    if (step.invalidJson) {
      // Well-formed SSE framing around a data line that is not JSON.
      wire.splice(1, 0, { event: "content_block_delta", data: `{"type": "content_block_delta", "index": 0, "delta": {oops` });
    }
    await writeSse(ctx, wire);
  },
};

if (/anthropicServer\.ts$/.test(process.argv[1] ?? "")) {
  void runFakeCli(startFakeAnthropic);
}
