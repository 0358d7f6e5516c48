import type { LlmContextContent, LlmContextMessage, LlmProviderId } from "../../../shared/protocol/llm";

/** A conversation turn; the same shape the context record shows the user, so what is recorded is what is sent. */
export type LlmMessage = LlmContextMessage;
export type LlmContent = LlmContextContent;

/** A tool the model may call; `inputSchema` is a JSON Schema object. */
export interface LlmToolDefinition {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** One request to a provider, independent of the wire format. */
export interface LlmRequest {
  model: string;
  system: string;
  messages: LlmMessage[];
  tools?: LlmToolDefinition[];
  maxTokens: number;
  /** Sent to OpenAI-compatible endpoints only: the current Anthropic Messages API has no temperature parameter. */
  temperature?: number;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface LlmToolCall {
  id: string;
  name: string;
  input: unknown;
}

/** Why the model stopped; "end" is a normal finish, "max-tokens" means the reply was truncated by the limit. */
export type LlmStopReason = "end" | "tool-use" | "max-tokens" | "other";

/**
 * What a provider's stream yields. A stream that ends without a `stop` event was cut off; providers throw
 * an `LlmError` of kind "stream-cut" rather than end silently.
 */
export type LlmEvent =
  | { type: "text"; text: string }
  | { type: "tool-use"; call: LlmToolCall }
  | { type: "usage"; usage: LlmUsage }
  | { type: "stop"; reason: LlmStopReason };

export interface LlmProvider {
  readonly id: LlmProviderId;
  /** Base URL the provider talks to, without credentials; empty for the SDK's default. */
  readonly endpoint: string;
  /**
   * Streams one attempt (no retries here: the service's policy owns them). Aborting `signal` closes the HTTP
   * connection; the stream then throws the `LlmError` found in `signal.reason`, or a "cancelled" one.
   */
  stream(request: LlmRequest, signal: AbortSignal): AsyncIterable<LlmEvent>;
}

/** The collected result of one stream. */
export interface LlmCompletion {
  text: string;
  toolCalls: LlmToolCall[];
  usage: LlmUsage;
  stopReason: LlmStopReason;
}
