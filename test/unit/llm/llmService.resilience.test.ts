import { strict as assert } from "node:assert";
import { NO_PROVIDER_MESSAGE, STREAM_CUT_MESSAGE } from "../../../server/src/llm/errors";
import { startFakeAnthropic } from "../../fakes/anthropicServer";
import type { FakeLlmServer } from "../../fakes/fakeLlmCore";
import { llmFailure } from "./llmTestKit";
import { ask, serviceSetupPerTest } from "./serviceKit";

describe("LlmService: retries, breaker, cuts, cancellation, timeouts", () => {
  let server: FakeLlmServer | undefined;
  const setup = serviceSetupPerTest(() => server);

  it("with nothing configured, explains in one message how to set a provider up", async () => {
    const { service } = setup(undefined, {}, { key: null });
    assert.equal(service.status().configured, false);
    const error = await llmFailure(service.run(ask("x")));
    assert.equal(error.kind, "no-provider");
    assert.equal(error.message, NO_PROVIDER_MESSAGE);
  });

  it("honours retry-after on 429, then returns the streamed answer", async () => {
    server = await startFakeAnthropic([{ status: 429, retryAfter: "0.05" }, { text: "All good." }]);
    const { service, waits } = setup(server);
    const streamed: string[] = [];
    const result = await service.run(ask("hi", { onText: (t) => streamed.push(t) }));
    assert.equal(result.text, "All good.");
    assert.equal(streamed.join(""), "All good.");
    assert.deepEqual(waits, [50], "waited exactly what retry-after asked");
    assert.equal(server.requests.length, 2);
  });

  it("retries 529 and 500 with jittered exponential backoff, then succeeds", async () => {
    server = await startFakeAnthropic([{ status: 529 }, { status: 500 }, { text: "done" }]);
    const { service, waits } = setup(server);
    const result = await service.run(ask("hi"));
    assert.equal(result.text, "done");
    assert.equal(server.requests.length, 3);
    assert.deepEqual(waits, [250, 500], "random 0.5 of 500 ms, then of 1000 ms");
  });

  it("gives up after maxAttempts with a message that says so; 401 is never retried", async () => {
    server = await startFakeAnthropic({ fallback: { status: 429 } });
    const { service } = setup(server, { maxAttempts: 3 });
    const limited = await llmFailure(service.run(ask("hi")));
    assert.equal(limited.kind, "rate-limited");
    assert.match(limited.message, /rate-limiting.*gave up after 3 attempts/);
    assert.equal(server.requests.length, 3);

    server.setScript({ fallback: { status: 401 } });
    const auth = await llmFailure(service.run(ask("other")));
    assert.equal(auth.kind, "auth");
    assert.match(auth.message, /rejected the API key \(HTTP 401\)\. Run 'Vibe Coder: Set API Key'/);
    assert.equal(server.requests.length, 4, "one request for the 401");
  });

  it("opens the circuit breaker after N failures, refuses without calling the provider, and half-opens after the cool-down", async () => {
    server = await startFakeAnthropic({ steps: [{ status: 500 }, { status: 500 }, { status: 500 }], fallback: { text: "back" } });
    const { service, clock } = setup(server, { maxAttempts: 1 }, { breaker: { failureThreshold: 3, cooldownMs: 60_000 } });
    for (let i = 0; i < 3; i++) assert.equal((await llmFailure(service.run(ask(`q${i}`)))).kind, "server");
    const refused = await llmFailure(service.run(ask("q3")));
    assert.equal(refused.kind, "circuit-open");
    assert.equal(refused.message, "The LLM provider failed 3 times in a row; pausing requests for 60s.");
    assert.equal(server.requests.length, 3, "refused without a request");
    clock.time += 60_000;
    assert.equal((await service.run(ask("q4"))).text, "back");
    assert.equal((await service.run(ask("q5"))).text, "back", "closed again after the successful trial");
  });

  it("never retries once text reached the caller: a cut is reported and the fragment flagged incomplete", async () => {
    server = await startFakeAnthropic({ steps: [{ text: ["first ", "second ", "third"], cutAfterEvents: 5 }], fallback: { text: "retry" } });
    const { service } = setup(server);
    const streamed: string[] = [];
    const error = await llmFailure(service.run(ask("hi", { onText: (t) => streamed.push(t) })));
    assert.equal(error.kind, "stream-cut");
    assert.equal(error.message, STREAM_CUT_MESSAGE);
    assert.equal(error.incomplete, true);
    assert.equal(error.partialText, "first second ");
    assert.equal(streamed.join(""), "first second ");
    assert.equal(server.requests.length, 1, "not retried after delivery");
  });

  it("retries a cut when nothing had been delivered to the caller yet", async () => {
    server = await startFakeAnthropic({ steps: [{ text: ["a ", "b"], cutAfterEvents: 1 }], fallback: { text: "whole answer" } });
    const { service } = setup(server);
    assert.equal((await service.run(ask("hi", { onText: () => undefined }))).text, "whole answer");
    assert.equal(server.requests.length, 2);
  });

  it("reports an invalid JSON body clearly and records the failure", async () => {
    server = await startFakeAnthropic({ fallback: { text: "x", invalidJson: true } });
    const { service } = setup(server);
    const error = await llmFailure(service.run(ask("hi")));
    assert.equal(error.kind, "invalid-response");
    assert.match(error.message, /could not be read.*nothing was applied/);
    const { summaries } = await service.contexts();
    assert.equal(summaries[0].outcome, "failed");
  });

  it("cancellation aborts the HTTP stream (the server sees the socket close) and is recorded as cancelled", async () => {
    server = await startFakeAnthropic([{ text: ["a ", "b ", "c ", "d ", "e ", "f"], eventDelayMs: 150 }]);
    const { service } = setup(server);
    const controller = new AbortController();
    const error = await llmFailure(service.run(ask("hi", { signal: controller.signal, onText: () => controller.abort() })));
    assert.equal(error.kind, "cancelled");
    await server.requests[0].closed;
    assert.equal(server.requests[0].closedByClient, true);
    assert.equal(server.requests.length, 1);
    assert.equal((await service.contexts()).summaries[0].outcome, "cancelled");
  });

  it("a slow first byte hits the first-token timeout, closes that connection and is retried", async () => {
    server = await startFakeAnthropic([{ firstByteDelayMs: 30_000, text: "late" }, { text: "on time" }]);
    const { service } = setup(server, { firstTokenTimeoutSeconds: 0.3 });
    assert.equal((await service.run(ask("hi"))).text, "on time");
    await server.requests[0].closed;
    assert.equal(server.requests[0].closedByClient, true);
  });

  it("the total timeout stops a slow stream with a clear message and is not retried", async () => {
    server = await startFakeAnthropic({ fallback: { text: Array.from({ length: 200 }, (_, i) => `w${i} `), eventDelayMs: 50 } });
    const { service } = setup(server, { timeoutSeconds: 0.4 });
    const error = await llmFailure(service.run(ask("hi")));
    assert.equal(error.kind, "timeout");
    assert.match(error.message, /took longer than 0.4s.*vibeCoder\.llm\.timeoutSeconds/);
    assert.equal(server.requests.length, 1);
    await server.requests[0].closed;
    assert.equal(server.requests[0].closedByClient, true);
  });
});
