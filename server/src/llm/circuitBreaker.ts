import { LlmError } from "./errors";

export type BreakerState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  /** Consecutive provider failures that open the breaker. */
  failureThreshold: number;
  /** How long the breaker stays open before it lets one trial request through. */
  cooldownMs: number;
  now?: () => number;
}

/**
 * Stops hammering a provider that keeps failing: after `failureThreshold` consecutive failed attempts every
 * request is refused at once with a clear message, until `cooldownMs` has passed; then exactly one trial
 * request goes through (half-open) and its outcome closes or re-opens the breaker.
 */
export class CircuitBreaker {
  private readonly options: CircuitBreakerOptions;
  private readonly now: () => number;
  private consecutiveFailures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(options: CircuitBreakerOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === undefined) return "closed";
    return this.now() - this.openedAt >= this.options.cooldownMs ? "half-open" : "open";
  }

  /** Throws a "circuit-open" LlmError when no request may go out now; otherwise admits one attempt. */
  admit(): void {
    const state = this.state;
    if (state === "closed") return;
    if (state === "half-open" && !this.trialInFlight) {
      this.trialInFlight = true;
      return;
    }
    const openedAt = this.openedAt ?? this.now();
    const waitMs = state === "open" ? openedAt + this.options.cooldownMs - this.now() : this.options.cooldownMs;
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    throw new LlmError(
      "circuit-open",
      `The LLM provider failed ${this.consecutiveFailures} times in a row; pausing requests for ${seconds}s.`,
    );
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.consecutiveFailures++;
    const trialFailed = this.trialInFlight;
    this.trialInFlight = false;
    if (trialFailed || this.consecutiveFailures >= this.options.failureThreshold) this.openedAt = this.now();
  }

  /** An attempt ended in a way that says nothing about the provider's health (cancelled, bad request). */
  recordNeutral(): void {
    this.trialInFlight = false;
  }

  /** Forgets all failures, e.g. after the user changed the key or endpoint. */
  reset(): void {
    this.recordSuccess();
  }
}
