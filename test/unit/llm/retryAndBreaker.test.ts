import { strict as assert } from "node:assert";
import { CircuitBreaker } from "../../../server/src/llm/circuitBreaker";
import { LlmError } from "../../../server/src/llm/errors";
import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter, retryDelay, withRetry } from "../../../server/src/llm/retry";
import { recordingSleep } from "./llmTestKit";

describe("retry policy", () => {
  it("parses retry-after as seconds (also fractional) and as an HTTP date", () => {
    const now = Date.parse("2026-03-01T12:00:00Z");
    assert.equal(parseRetryAfter("2", now), 2000);
    assert.equal(parseRetryAfter("0.25", now), 250);
    assert.equal(parseRetryAfter("Sun, 01 Mar 2026 12:00:05 GMT", now), 5000);
    assert.equal(parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", now), 0, "a date in the past means now");
    assert.equal(parseRetryAfter("soon", now), undefined);
  });

  it("uses full jitter: delays stay within [0, base * 2^(n-1)), capped", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(backoffDelay(1, policy, () => 0), 0);
    assert.equal(backoffDelay(1, policy, () => 0.999), 99);
    assert.equal(backoffDelay(3, policy, () => 0.5), 200);
    assert.equal(backoffDelay(10, policy, () => 0.999), 999, "capped at maxDelayMs");
  });

  it("prefers retry-after, refuses absurd waits and non-retryable errors, and stops at maxAttempts", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, maxRetryAfterMs: 10_000 };
    const limited = new LlmError("rate-limited", "x", { retryAfterMs: 1500 });
    assert.equal(retryDelay(limited, 1, policy, () => 0.5), 1500);
    assert.equal(retryDelay(new LlmError("rate-limited", "x", { retryAfterMs: 3_600_000 }), 1, policy), undefined);
    assert.equal(retryDelay(new LlmError("auth", "x"), 1, policy), undefined);
    assert.equal(retryDelay(new LlmError("server", "x"), 3, policy), undefined);
  });

  it("withRetry retries transient failures with the computed waits, then returns the success", async () => {
    const { sleep, waits } = recordingSleep();
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new LlmError("rate-limited", "x", { retryAfterMs: 50 });
        if (calls === 2) throw new LlmError("overloaded", "x");
        return "done";
      },
      { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100 },
      { sleep, random: () => 0.5 },
    );
    assert.equal(result, "done");
    assert.equal(calls, 3);
    assert.deepEqual(waits, [50, 100]);
  });
});

describe("circuit breaker", () => {
  it("opens after N consecutive failures with a clear message, half-opens after the cool-down, closes on success", () => {
    let now = 1_000_000;
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 30_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      breaker.admit();
      breaker.recordFailure();
    }
    assert.equal(breaker.state, "open");
    assert.throws(() => breaker.admit(), (e: LlmError) => e.kind === "circuit-open" && e.message === "The LLM provider failed 3 times in a row; pausing requests for 30s.");
    now += 10_000;
    assert.throws(() => breaker.admit(), /pausing requests for 20s/);
    now += 20_000;
    assert.equal(breaker.state, "half-open");
    breaker.admit(); // the single trial request
    assert.throws(() => breaker.admit(), (e: LlmError) => e.kind === "circuit-open", "only one trial at a time");
    breaker.recordSuccess();
    assert.equal(breaker.state, "closed");
    breaker.admit();
  });

  it("re-opens at once when the half-open trial fails, and a success in between resets the count", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, now: () => now });
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    assert.equal(breaker.state, "closed", "failures must be consecutive");
    breaker.recordFailure();
    assert.equal(breaker.state, "open");
    now += 1000;
    breaker.admit();
    breaker.recordFailure();
    assert.equal(breaker.state, "open");
    assert.throws(() => breaker.admit(), /pausing requests for 1s/);
  });
});
