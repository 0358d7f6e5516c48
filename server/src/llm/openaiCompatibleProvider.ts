import OpenAI from "openai";
import { publicEndpoint } from "./endpointUrl";
import { LlmError, errorFromAbort, errorFromHttpStatus, invalidResponseError, streamCutError } from "./errors";
import { parseToolJson, sdkClientOptions, streamFailure, type SdkErrorMapping, type SdkProviderOptions } from "./sdkCommon";
import type { LlmEvent, LlmMessage, LlmProvider, LlmRequest, LlmStopReason, LlmToolCall, LlmUsage } from "./types";

export interface OpenAiCompatibleProviderOptions extends SdkProviderOptions {
  /** Base URL including the API prefix, e.g. http://127.0.0.1:11434/v1 for Ollama. */
  baseUrl: string;
  /** Local servers usually need none; when absent no Authorization header is sent at all. */
  apiKey?: string;
}

const LABEL = "The model endpoint";

/** Streams chat completions from any OpenAI-compatible server (Ollama, LM Studio, vLLM) through the OpenAI SDK. */
export function createOpenAiCompatibleProvider(options: OpenAiCompatibleProviderOptions): LlmProvider {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    // The SDK insists on a key; a placeholder satisfies it, and the null header below keeps it off the wire.
    apiKey: options.apiKey || "unused",
    defaultHeaders: options.apiKey ? undefined : { Authorization: null },
    ...sdkClientOptions(options, "openai-sdk"),
  });
  return {
    id: "openai-compatible",
    endpoint: publicEndpoint(options.baseUrl),
    stream: (request, signal) => streamChat(client, request, signal),
  };
}

async function* streamChat(client: OpenAI, request: LlmRequest, signal: AbortSignal): AsyncIterable<LlmEvent> {
  const params: OpenAI.ChatCompletionCreateParamsStreaming = {
    model: request.model,
    max_tokens: request.maxTokens,
    messages: toChatMessages(request),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.tools?.length) {
    params.tools = request.tools.map((t) => ({
      type: "function" as const,
      function: { name: t.name, description: t.description, parameters: { type: "object", ...t.inputSchema } },
    }));
  }

  const usage: LlmUsage = { inputTokens: 0, outputTokens: 0 };
  const calls = new Map<number, { id: string; name: string; args: string }>();
  let finish: LlmStopReason | undefined;
  let sawChunk = false;
  let responded = false;
  try {
    const stream = await client.chat.completions.create(params, { signal });
    responded = true;
    for await (const chunk of stream) {
      sawChunk = true;
      if (chunk.usage) {
        usage.inputTokens = chunk.usage.prompt_tokens ?? 0;
        usage.outputTokens = chunk.usage.completion_tokens ?? 0;
      }
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta ?? {};
      if (typeof delta.content === "string" && delta.content) yield { type: "text", text: delta.content };
      for (const part of delta.tool_calls ?? []) {
        const entry = calls.get(part.index) ?? { id: "", name: "", args: "" };
        if (part.id) entry.id = part.id;
        if (part.function?.name) entry.name += part.function.name;
        if (part.function?.arguments) entry.args += part.function.arguments;
        calls.set(part.index, entry);
      }
      if (choice.finish_reason) finish = mapFinishReason(choice.finish_reason);
    }
  } catch (error) {
    throw streamFailure(error, signal, responded, OPENAI_ERRORS);
  }
  if (signal.aborted) throw errorFromAbort(signal);
  if (!sawChunk) throw invalidResponseError("the response held no chat completion chunks");
  // Servers send finish_reason on the last content chunk; without it the stream was cut before the end.
  if (finish === undefined) throw streamCutError("the stream ended without a finish_reason");
  for (const call of [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => c)) {
    yield { type: "tool-use", call: toToolCall(call) };
  }
  yield { type: "usage", usage };
  yield { type: "stop", reason: calls.size > 0 && finish === "end" ? "tool-use" : finish };
}

function toChatMessages(request: LlmRequest): OpenAI.ChatCompletionMessageParam[] {
  const out: OpenAI.ChatCompletionMessageParam[] = [];
  if (request.system) out.push({ role: "system", content: request.system });
  for (const message of request.messages) out.push(...toChatMessage(message));
  return out;
}

/** One of our messages can become several chat messages: tool results are separate `tool` role messages there. */
function toChatMessage(message: LlmMessage): OpenAI.ChatCompletionMessageParam[] {
  if (typeof message.content === "string") return [{ role: message.role, content: message.content }];
  const text = message.content.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n");
  if (message.role === "assistant") {
    const toolCalls = message.content.flatMap((b) =>
      b.type === "tool_use"
        ? [{ id: b.id, type: "function" as const, function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) } }]
        : [],
    );
    return [{ role: "assistant", content: text || null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) }];
  }
  const out: OpenAI.ChatCompletionMessageParam[] = message.content.flatMap((b) =>
    b.type === "tool_result" ? [{ role: "tool" as const, tool_call_id: b.toolUseId, content: b.content }] : [],
  );
  if (text) out.push({ role: "user", content: text });
  return out;
}

function toToolCall(call: { id: string; name: string; args: string }): LlmToolCall {
  return { id: call.id, name: call.name, input: parseToolJson(call.args, call.name, "arguments") };
}

function mapFinishReason(reason: string): LlmStopReason {
  if (reason === "stop") return "end";
  if (reason === "tool_calls" || reason === "function_call") return "tool-use";
  if (reason === "length") return "max-tokens";
  return "other";
}

const OPENAI_ERRORS: SdkErrorMapping = {
  label: LABEL,
  isUserAbort: (error) => error instanceof OpenAI.APIUserAbortError,
  isConnectionTimeout: (error) => error instanceof OpenAI.APIConnectionTimeoutError,
  classify(error) {
    if (error instanceof OpenAI.APIConnectionError) {
      return new LlmError(
        "connection",
        `Could not reach the model endpoint. Is the local model server running, and is vibeCoder.llm.endpoint right?`,
        { detail: String(error.cause ?? error.message) },
      );
    }
    if (!(error instanceof OpenAI.APIError)) return undefined;
    const apiMessage = (error.error as { message?: unknown } | undefined)?.message;
    const message = typeof apiMessage === "string" ? apiMessage : undefined;
    if (typeof error.status === "number") return errorFromHttpStatus(error.status, error.headers, message, LABEL);
    return new LlmError("server", `${LABEL} reported an error mid-stream${message ? `: ${message}` : "."}`, { detail: error.message });
  },
};
