import { parseRetryAfter } from "./retry";

export type LlmErrorKind =
  | "no-provider"
  | "auth"
  | "rate-limited"
  | "overloaded"
  | "server"
  | "timeout"
  | "first-token-timeout"
  | "connection"
  | "stream-cut"
  | "invalid-response"
  | "bad-request"
  | "budget"
  | "circuit-open"
  | "cancelled";

/** Kinds worth another attempt: the same request may well succeed a moment later. */
const RETRYABLE: ReadonlySet<LlmErrorKind> = new Set([
  "rate-limited",
  "overloaded",
  "server",
  "first-token-timeout",
  "connection",
  // Only while nothing reached the caller: the service marks a cut after delivered text as final.
  "stream-cut",
]);

/** Kinds that say the provider is unhealthy, so they count towards opening the circuit breaker. */
const PROVIDER_FAILURES: ReadonlySet<LlmErrorKind> = new Set([
  "rate-limited",
  "overloaded",
  "server",
  "timeout",
  "first-token-timeout",
  "connection",
  "stream-cut",
  "invalid-response",
]);

export const NO_PROVIDER_MESSAGE =
  "No LLM provider is set up. Run 'Vibe Coder: Set API Key' or set vibeCoder.llm.endpoint for a local model.";
export const STREAM_CUT_MESSAGE = "The response was cut off mid-stream; nothing was applied.";

/**
 * Every failure of the LLM layer, with a `message` written for the user (one or two sentences, says what to do).
 * Technical detail for the log goes in `detail`, never a key.
 */
export class LlmError extends Error {
  readonly kind: LlmErrorKind;
  readonly status?: number;
  /** How long the provider asked us to wait, from `retry-after` / `retry-after-ms`. */
  readonly retryAfterMs?: number;
  detail?: string;
  /** Text that had already streamed to the caller when the failure happened; it is incomplete. */
  partialText?: string;
  /** Set when the failure must not be retried whatever its kind, e.g. because text was already delivered. */
  final = false;

  constructor(kind: LlmErrorKind, message: string, options: { status?: number; retryAfterMs?: number; detail?: string } = {}) {
    super(message);
    this.name = "LlmError";
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.detail = options.detail;
  }

  get retryable(): boolean {
    return !this.final && RETRYABLE.has(this.kind);
  }

  get countsAsProviderFailure(): boolean {
    return PROVIDER_FAILURES.has(this.kind);
  }

  /** True when some text reached the caller before the failure, so what it holds is a fragment. */
  get incomplete(): boolean {
    return this.partialText !== undefined && this.partialText.length > 0;
  }
}

export function isLlmError(value: unknown): value is LlmError {
  return value instanceof LlmError;
}

export function cancelledError(): LlmError {
  return new LlmError("cancelled", "The LLM request was cancelled.");
}

export function streamCutError(detail?: string): LlmError {
  return new LlmError("stream-cut", STREAM_CUT_MESSAGE, { detail });
}

export function invalidResponseError(detail: string): LlmError {
  return new LlmError(
    "invalid-response",
    "The LLM provider sent a response that could not be read (not valid JSON or not in the expected format); nothing was applied.",
    { detail },
  );
}

/** Maps an HTTP error status from either provider to a user-facing error. */
export function errorFromHttpStatus(
  status: number,
  headers: Headers | undefined,
  apiMessage: string | undefined,
  providerLabel: string,
  now: number = Date.now(),
): LlmError {
  const retryAfterMs = readRetryAfterMs(headers, now);
  const detail = apiMessage ? `HTTP ${status}: ${apiMessage}` : `HTTP ${status}`;
  const opts = { status, retryAfterMs, detail };
  if (status === 401 || status === 403) {
    return new LlmError(
      "auth",
      `${providerLabel} rejected the API key (HTTP ${status}). Run 'Vibe Coder: Set API Key' to enter a valid key.`,
      opts,
    );
  }
  if (status === 429) return new LlmError("rate-limited", `${providerLabel} is rate-limiting requests (HTTP 429).`, opts);
  if (status === 529) return new LlmError("overloaded", `${providerLabel} is overloaded (HTTP 529).`, opts);
  if (status === 408) return new LlmError("first-token-timeout", `${providerLabel} timed out the request (HTTP 408).`, opts);
  if (status >= 500) return new LlmError("server", `${providerLabel} had a server error (HTTP ${status}).`, opts);
  if (status === 404) {
    return new LlmError(
      "bad-request",
      `${providerLabel} answered "not found" (HTTP 404): check the model name and endpoint URL in the vibeCoder.llm settings.${apiMessage ? ` (${apiMessage})` : ""}`,
      opts,
    );
  }
  return new LlmError(
    "bad-request",
    `${providerLabel} refused the request (HTTP ${status})${apiMessage ? `: ${apiMessage}` : "."}`,
    opts,
  );
}

function readRetryAfterMs(headers: Headers | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get("retry-after");
  return value === null ? undefined : parseRetryAfter(value, now);
}

/**
 * Turns a failure after `signal` was aborted into the error the abort stood for: a timeout the service raised,
 * or a plain user cancellation.
 */
export function errorFromAbort(signal: AbortSignal): LlmError {
  return isLlmError(signal.reason) ? signal.reason : cancelledError();
}

/** The final message when retries ran out: says how often we tried so the user knows it was not a one-off. */
export function exhaustedError(last: LlmError, attempts: number): LlmError {
  if (attempts <= 1 || !last.retryable) return last;
  const advice =
    last.kind === "rate-limited"
      ? "Wait a minute, or lower how often you run LLM actions."
      : "Try again in a few minutes.";
  const error = new LlmError(last.kind, `${last.message.replace(/\.$/, "")}; gave up after ${attempts} attempts. ${advice}`, {
    status: last.status,
    retryAfterMs: last.retryAfterMs,
    detail: last.detail,
  });
  error.partialText = last.partialText;
  return error;
}
