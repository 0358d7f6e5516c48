import Anthropic from "@anthropic-ai/sdk";
import { LlmError, errorFromAbort, errorFromHttpStatus, invalidResponseError, streamCutError } from "./errors";
import { publicEndpoint } from "./endpointUrl";
import { parseToolJson, sdkClientOptions, streamFailure, type SdkErrorMapping, type SdkProviderOptions } from "./sdkCommon";
import type { LlmContent, LlmEvent, LlmMessage, LlmProvider, LlmRequest, LlmStopReason, LlmUsage } from "./types";

export interface AnthropicProviderOptions extends SdkProviderOptions {
  apiKey: string;
  /** Empty or undefined for the official API; tests and proxies point it elsewhere. */
  baseUrl?: string;
}

const LABEL = "Anthropic";

/** Streams Anthropic Messages API replies through the official SDK, with the SDK's own retries off. */
export function createAnthropicProvider(options: AnthropicProviderOptions): LlmProvider {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ? options.baseUrl : undefined,
    ...sdkClientOptions(options, "anthropic-sdk"),
    // Tracing would ship prompt content to any OpenTelemetry exporter the host process happens to register.
    openTelemetry: false,
  });
  return {
    id: "anthropic",
    endpoint: publicEndpoint(options.baseUrl),
    stream: (request, signal) => streamAnthropic(client, request, signal),
  };
}

async function* streamAnthropic(client: Anthropic, request: LlmRequest, signal: AbortSignal): AsyncIterable<LlmEvent> {
  const params: Anthropic.MessageCreateParamsStreaming = {
    model: request.model,
    max_tokens: request.maxTokens,
    system: request.system || undefined,
    messages: request.messages.map(toAnthropicMessage),
    stream: true,
  };
  if (request.tools?.length) {
    params.tools = request.tools.map((t) => ({
      name: t.name,
      description: t.description,
      input_schema: { type: "object", ...t.inputSchema } as Anthropic.Tool.InputSchema,
    }));
  }

  const usage: LlmUsage = { inputTokens: 0, outputTokens: 0 };
  const toolBlocks = new Map<number, { id: string; name: string; json: string }>();
  let started = false;
  let responded = false;
  let stopReason: LlmStopReason = "end";
  try {
    const stream = await client.messages.create(params, { signal });
    responded = true;
    for await (const event of stream) {
      switch (event.type) {
        case "message_start": {
          started = true;
          const u = event.message.usage;
          usage.inputTokens =
            (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
          usage.outputTokens = u.output_tokens ?? 0;
          // Reported early so a request that fails later still counts the input it was billed for.
          yield { type: "usage", usage: { ...usage } };
          break;
        }
        case "content_block_start":
          if (event.content_block.type === "tool_use") {
            toolBlocks.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: "" });
          } else if (event.content_block.type === "text" && event.content_block.text) {
            yield { type: "text", text: event.content_block.text };
          }
          break;
        case "content_block_delta":
          if (event.delta.type === "text_delta") {
            if (event.delta.text) yield { type: "text", text: event.delta.text };
          } else if (event.delta.type === "input_json_delta") {
            const block = toolBlocks.get(event.index);
            if (block) block.json += event.delta.partial_json;
          }
          break;
        case "content_block_stop": {
          const block = toolBlocks.get(event.index);
          if (block) {
            toolBlocks.delete(event.index);
            yield { type: "tool-use", call: { id: block.id, name: block.name, input: parseToolJson(block.json, block.name, "input") } };
          }
          break;
        }
        case "message_delta":
          stopReason = mapStopReason(event.delta.stop_reason);
          if (event.usage.output_tokens !== undefined && event.usage.output_tokens !== null) {
            usage.outputTokens = event.usage.output_tokens;
          }
          if (event.usage.input_tokens) usage.inputTokens = Math.max(usage.inputTokens, event.usage.input_tokens);
          break;
        case "message_stop":
          yield { type: "usage", usage: { ...usage } };
          yield { type: "stop", reason: stopReason };
          return;
      }
    }
  } catch (error) {
    throw streamFailure(error, signal, responded, ANTHROPIC_ERRORS);
  }
  // The SDK ends the iteration quietly when the request is aborted; only a finished message counts as done.
  if (signal.aborted) throw errorFromAbort(signal);
  if (!started) throw invalidResponseError("the response held no Anthropic stream events");
  throw streamCutError("the stream ended before message_stop");
}

function toAnthropicMessage(message: LlmMessage): Anthropic.MessageParam {
  if (typeof message.content === "string") return { role: message.role, content: message.content };
  return { role: message.role, content: message.content.map(toAnthropicBlock) };
}

function toAnthropicBlock(block: LlmContent): Anthropic.ContentBlockParam {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "tool_use":
      return { type: "tool_use", id: block.id, name: block.name, input: block.input };
    case "tool_result":
      return { type: "tool_result", tool_use_id: block.toolUseId, content: block.content, is_error: block.isError };
  }
}

function mapStopReason(reason: string | null | undefined): LlmStopReason {
  if (reason === "end_turn" || reason === "stop_sequence") return "end";
  if (reason === "tool_use") return "tool-use";
  if (reason === "max_tokens") return "max-tokens";
  return reason ? "other" : "end";
}

const ANTHROPIC_ERRORS: SdkErrorMapping = {
  label: LABEL,
  isUserAbort: (error) => error instanceof Anthropic.APIUserAbortError,
  isConnectionTimeout: (error) => error instanceof Anthropic.APIConnectionTimeoutError,
  classify(error) {
    if (error instanceof Anthropic.APIConnectionError) {
      return new LlmError("connection", `Could not reach ${LABEL}: ${error.message}`, { detail: String(error.cause ?? error.message) });
    }
    if (!(error instanceof Anthropic.APIError)) return undefined;
    if (typeof error.status === "number") return errorFromHttpStatus(error.status, error.headers, error.apiMessage ?? undefined, LABEL);
    // An `event: error` inside a stream that had started: the API reports overload this way mid-response.
    const type = error.type ?? "";
    if (type === "overloaded_error") return errorFromHttpStatus(529, undefined, error.apiMessage ?? undefined, LABEL);
    return new LlmError("server", `${LABEL} reported an error mid-stream (${type || "unknown"}).`, { detail: error.message });
  },
};
