import type { Logger } from "../util/logger";
import { LlmError, errorFromAbort, invalidResponseError, isLlmError, streamCutError } from "./errors";
import { sdkLoggerFor, type SdkLogger } from "./sdkLogger";

/** What every SDK-backed provider is configured with, besides its endpoint and key. */
export interface SdkProviderOptions {
  logger: Logger;
  /** A backstop for the SDK's own wait for response headers; the service enforces the real timeouts. */
  requestTimeoutMs?: number;
}

/**
 * Client options both SDKs take alike. Their own retries are off because our retry policy and circuit breaker govern
 * retries (two layers would multiply waits), and their log output goes to our logger, never to stdout.
 */
export function sdkClientOptions(
  options: SdkProviderOptions,
  logPrefix: string,
): { maxRetries: number; timeout: number; logger: SdkLogger; logLevel: "warn" } {
  return { maxRetries: 0, timeout: options.requestTimeoutMs ?? 600_000, logger: sdkLoggerFor(options.logger, logPrefix), logLevel: "warn" };
}

/** Parses streamed tool-call JSON; an empty string is an empty input, anything unparsable an invalid response. */
export function parseToolJson(json: string, toolName: string, what: "input" | "arguments"): unknown {
  if (json.trim() === "") return {};
  try {
    return JSON.parse(json);
  } catch {
    throw invalidResponseError(`tool '${toolName}' ${what} ${what === "input" ? "is" : "are"} not valid JSON: ${json.slice(0, 200)}`);
  }
}

/** How one SDK's error classes map onto ours; `classify` handles its API and connection errors. */
export interface SdkErrorMapping {
  /** How the endpoint is named in messages, e.g. "Anthropic" or "The model endpoint". */
  label: string;
  isUserAbort(error: unknown): boolean;
  isConnectionTimeout(error: unknown): boolean;
  classify(error: unknown): LlmError | undefined;
}

/** A failed streamed request as an LlmError: cancellation, timeouts and cut streams the same way for every SDK. */
export function streamFailure(error: unknown, signal: AbortSignal, responded: boolean, sdk: SdkErrorMapping): LlmError {
  if (isLlmError(error)) return error;
  if (signal.aborted || sdk.isUserAbort(error)) return errorFromAbort(signal);
  const text = error instanceof Error ? error.message : String(error);
  if (sdk.isConnectionTimeout(error)) return new LlmError("first-token-timeout", `${sdk.label} did not answer in time.`, { detail: text });
  const classified = sdk.classify(error);
  if (classified) return classified;
  if (error instanceof SyntaxError) return invalidResponseError(error.message);
  // The body stream failed after headers arrived (socket reset, "terminated"): the reply was cut off.
  if (responded) return streamCutError(text);
  const reader = sdk.label.startsWith("The ") ? `the${sdk.label.slice(3)}'s` : `${sdk.label}'s`;
  return new LlmError("connection", `Could not read ${reader} response: ${text}`);
}
