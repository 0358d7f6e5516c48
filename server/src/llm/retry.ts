/**
 * Retry policy for LLM calls: exponential backoff with full jitter, honouring the provider's `retry-after`.
 * Time is injected (sleep, random) so tests run instantly and deterministically.
 */

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A provider asking for a longer wait than this is not waited for: the error is reported instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/** The part of an error the policy looks at. */
export interface RetryableFailure {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
}

/** Parses `retry-after`: delay-seconds (may be fractional) or an HTTP date. Returns milliseconds, or undefined. */
export function parseRetryAfter(value: string, now: number = Date.now()): number | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Full jitter: a uniform delay in [0, min(max, base * 2^(attempt-1))); `attempt` counts from 1. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * How long to wait before attempt `attempt + 1`, or undefined when the failure must not be retried.
 * A `retry-after` from the provider wins over the backoff (it knows its own limits), as long as it is sane.
 */
export function retryDelay(
  failure: RetryableFailure,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (!failure.retryable || attempt >= policy.maxAttempts) return undefined;
  if (failure.retryAfterMs !== undefined) {
    return failure.retryAfterMs <= policy.maxRetryAfterMs ? failure.retryAfterMs : undefined;
  }
  return backoffDelay(attempt, policy, random);
}

/** A real sleep that ends early (rejecting with the signal's reason) when the signal aborts. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export interface RetryHooks {
  sleep: Sleep;
  random: () => number;
  signal?: AbortSignal;
  /** Called before each wait, e.g. to log "retrying in 2.0 s". */
  onRetry?: (failure: unknown, attempt: number, delayMs: number) => void;
}

/**
 * Runs `attemptFn(1)`, `attemptFn(2)`, ... until it succeeds or fails in a way the policy will not retry.
 * Errors that are not `RetryableFailure`s are never retried. Throws the last error together with the
 * number of attempts made, via `onGiveUp`, so the caller can word the final message.
 */
export async function withRetry<T>(
  attemptFn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
  onGiveUp: (error: unknown, attempts: number) => unknown = (error) => error,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptFn(attempt);
    } catch (error) {
      const delay = isRetryableFailure(error) ? retryDelay(error, attempt, policy, hooks.random) : undefined;
      if (delay === undefined || hooks.signal?.aborted) throw onGiveUp(error, attempt);
      hooks.onRetry?.(error, attempt, delay);
      await hooks.sleep(delay, hooks.signal);
    }
  }
}

function isRetryableFailure(value: unknown): value is RetryableFailure {
  return typeof value === "object" && value !== null && (value as RetryableFailure).retryable === true;
}
