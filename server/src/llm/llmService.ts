import { join } from "node:path";
import type {
  LlmContextFile,
  LlmContextParams,
  LlmContextResult,
  LlmContextRule,
  LlmProviderId,
  LlmUsageParams,
  LlmUsageResult,
} from "../../../shared/protocol/llm";
import type { Logger } from "../util/logger";
import { redactSecrets, redactingLogger } from "./apiKeys";
import { CircuitBreaker } from "./circuitBreaker";
import { complete } from "./complete";
import { ContextRecorder } from "./contextRecord";
import { CostLedger, costUsd, priceFor } from "./costs";
import { LlmError, cancelledError, exhaustedError, isLlmError, streamCutError } from "./errors";
import { ProviderPool, chooseProvider, noProviderError } from "./providerSelection";
import { ResponseCache, cacheKey } from "./responseCache";
import { DEFAULT_RETRY_POLICY, realSleep, withRetry, type RetryPolicy, type Sleep } from "./retry";
import type { LlmSettings } from "./settings";
import type { LlmCompletion, LlmMessage, LlmProvider, LlmRequest, LlmStopReason, LlmToolCall, LlmToolDefinition, LlmUsage } from "./types";

export interface LlmServiceOptions {
  /** The workspace storage folder; LLM files live in `<storagePath>/llm/` (usage, cache, contexts). */
  storagePath: string;
  logger: Logger;
  settings: LlmSettings;
  /** Keys come from the client at runtime (`vibe/setApiKey`); see `ApiKeyStore`. */
  getApiKey: (provider: LlmProviderId) => string | undefined;
  /** Injected time for tests: a sleep that returns at once keeps retry tests fast and deterministic. */
  clock?: { now?: () => number; sleep?: Sleep; random?: () => number };
  breaker?: { failureThreshold: number; cooldownMs: number };
  /** Overrides of the backoff policy; `maxAttempts` comes from the settings. */
  retry?: Partial<Omit<RetryPolicy, "maxAttempts">>;
}

export interface LlmRunParams {
  /** The action, e.g. "explain", "refactor"; selects the per-action model and groups the cost totals. */
  command: string;
  /** Overrides the model from the settings. */
  model?: string;
  system: string;
  messages: LlmMessage[];
  tools?: LlmToolDefinition[];
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
  /** Streamed text deltas, in order. Once one was delivered the request is never retried. */
  onText?: (delta: string) => void;
  /** What went into the prompt, recorded so the user can inspect it. */
  context?: { files?: LlmContextFile[]; rules?: LlmContextRule[] };
  /** Skip the cache lookup ("regenerate"); the fresh answer still replaces the cached one. */
  bypassCache?: boolean;
}

export interface LlmRunResult {
  text: string;
  toolCalls: LlmToolCall[];
  usage: LlmUsage;
  costUsd: number;
  cached: boolean;
  contextId: string;
  stopReason: LlmStopReason;
  provider: LlmProviderId;
  model: string;
}

export interface LlmStatus {
  configured: boolean;
  provider?: LlmProviderId;
  model?: string;
  /** Set when not configured: the one-sentence setup instruction. */
  message?: string;
}

/**
 * The LLM layer's front door: picks the provider, serves identical requests from the cache, enforces the daily
 * budget, retries transient failures with backoff, opens a circuit breaker when the provider keeps failing,
 * enforces timeouts, and records the context and cost of every request.
 */
export class LlmService {
  private settings: LlmSettings;
  private readonly logger: Logger;
  private readonly getApiKey: (provider: LlmProviderId) => string | undefined;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly retry: Omit<RetryPolicy, "maxAttempts">;
  private readonly breaker: CircuitBreaker;
  private readonly ledger: CostLedger;
  private readonly cache: ResponseCache;
  private readonly recorder: ContextRecorder;
  private readonly pool: ProviderPool;

  constructor(options: LlmServiceOptions) {
    this.settings = options.settings;
    this.getApiKey = options.getApiKey;
    this.logger = redactingLogger(options.logger, () => this.secrets());
    this.now = options.clock?.now ?? Date.now;
    this.sleep = options.clock?.sleep ?? realSleep;
    this.random = options.clock?.random ?? Math.random;
    const { maxAttempts: _unused, ...retryDefaults } = DEFAULT_RETRY_POLICY;
    this.retry = { ...retryDefaults, ...options.retry };
    this.breaker = new CircuitBreaker({ failureThreshold: 5, cooldownMs: 30_000, ...options.breaker, now: this.now });
    const dir = join(options.storagePath, "llm");
    this.ledger = new CostLedger(dir, this.logger, this.now);
    this.cache = new ResponseCache(join(dir, "cache"), this.logger, this.settings.cacheMaxEntries);
    const redact = (text: string): string => redactSecrets(text, this.secrets());
    this.recorder = new ContextRecorder(join(dir, "contexts"), this.logger, this.settings.contextHistory, redact, this.now);
    this.pool = new ProviderPool(this.logger, () => this.settings.firstTokenTimeoutSeconds * 1000);
  }

  updateSettings(settings: LlmSettings): void {
    this.settings = settings;
    this.cache.setMaxEntries(settings.cacheMaxEntries);
    this.recorder.setKeep(settings.contextHistory);
  }

  /** Call after a key changed: earlier failures (e.g. a bad key's) say nothing about the new one. */
  keysChanged(): void {
    this.breaker.reset();
  }

  status(): LlmStatus {
    const choice = chooseProvider(this.settings, this.getApiKey);
    if (!choice) return { configured: false, message: noProviderError(this.settings).message };
    return { configured: true, provider: choice.id, model: choice.defaultModel };
  }

  usage(params: LlmUsageParams = {}): Promise<LlmUsageResult> {
    return this.ledger.summary(this.settings.dailyBudgetUsd, Math.max(1, Math.min(90, params.days ?? 7)));
  }

  contexts(params: LlmContextParams = {}): Promise<LlmContextResult> {
    return this.recorder.query(params);
  }

  async run(params: LlmRunParams): Promise<LlmRunResult> {
    const choice = chooseProvider(this.settings, this.getApiKey);
    if (!choice) throw noProviderError(this.settings);
    if (params.signal?.aborted) throw cancelledError();
    const provider = this.pool.get(choice);
    const model = params.model ?? this.settings.modelPerAction[params.command] ?? choice.defaultModel;
    const request: LlmRequest = {
      model,
      system: params.system,
      messages: params.messages,
      tools: params.tools,
      maxTokens: params.maxTokens ?? this.settings.maxOutputTokens,
      temperature: params.temperature,
    };
    const contextId = this.recorder.add({
      command: params.command,
      provider: provider.id,
      model,
      endpoint: provider.endpoint,
      system: request.system,
      messages: request.messages,
      tools: (request.tools ?? []).map((t) => ({ name: t.name, description: t.description })),
      files: params.context?.files ?? [],
      rules: params.context?.rules ?? [],
      maxTokens: request.maxTokens,
    });
    const base = { contextId, provider: provider.id, model };

    const key = cacheKey(provider.id, provider.endpoint, request);
    if (this.settings.cacheEnabled && !params.bypassCache) {
      const hit = await this.cache.get(key);
      if (hit) {
        if (hit.text) params.onText?.(hit.text);
        await this.ledger.record({ command: params.command, usage: { inputTokens: 0, outputTokens: 0 }, costUsd: 0, estimated: false, outcome: "cached" });
        await this.recorder.finish(contextId, { outcome: "cached", usage: hit.usage, costUsd: 0 });
        this.logger.info(`LLM ${params.command}: served from cache (${model}).`);
        return { ...hit, ...base, costUsd: 0, cached: true };
      }
    }

    const { price, estimated } = priceFor(provider.id, model, this.settings.prices);
    let lastUsage: LlmUsage = { inputTokens: 0, outputTokens: 0 };
    const started = this.now();
    try {
      await this.ledger.assertWithinBudget(this.settings.dailyBudgetUsd);
      const completion = await this.runWithPolicy(provider, request, params, (u) => (lastUsage = u));
      const cost = costUsd(completion.usage, price);
      await this.ledger.record({ command: params.command, usage: completion.usage, costUsd: cost, estimated, outcome: "ok" });
      await this.recorder.finish(contextId, { outcome: "ok", usage: completion.usage, costUsd: cost });
      // A reply cut short by the token limit is not worth replaying from the cache.
      if (this.settings.cacheEnabled && completion.stopReason !== "max-tokens") await this.cache.set(key, model, completion);
      this.logger.info(
        `LLM ${params.command}: ${provider.id}/${model}, ${completion.usage.inputTokens} in / ${completion.usage.outputTokens} out tokens, ` +
          `$${cost.toFixed(4)}, ${this.now() - started} ms.`,
      );
      return { ...completion, ...base, costUsd: cost, cached: false };
    } catch (error) {
      const failure = isLlmError(error) ? error : new LlmError("server", `The LLM request failed: ${String(error)}`);
      // Provider error texts are echoed to the user; a misbehaving endpoint could quote the key back.
      failure.message = redactSecrets(failure.message, this.secrets());
      if (failure.detail) failure.detail = redactSecrets(failure.detail, this.secrets());
      const cost = costUsd(lastUsage, price);
      if (failure.kind !== "budget") {
        await this.ledger.record({ command: params.command, usage: lastUsage, costUsd: cost, estimated, outcome: "failed" });
      }
      await this.recorder.finish(contextId, {
        outcome: failure.kind === "cancelled" ? "cancelled" : "failed",
        usage: lastUsage,
        costUsd: cost,
        error: failure.message,
      });
      const line = `LLM ${params.command} failed (${failure.kind}): ${failure.message}${failure.detail ? ` [${failure.detail}]` : ""}`;
      if (failure.kind === "cancelled") this.logger.info(line);
      else this.logger.warn(line);
      throw failure;
    }
  }

  /** Retries, breaker, total and first-token timeouts and cancellation around the attempts of one request. */
  private async runWithPolicy(
    provider: LlmProvider,
    request: LlmRequest,
    params: LlmRunParams,
    onUsage: (usage: LlmUsage) => void,
  ): Promise<LlmCompletion> {
    const run = new AbortController();
    const onCancel = (): void => run.abort(cancelledError());
    params.signal?.addEventListener("abort", onCancel, { once: true });
    const totalSeconds = this.settings.timeoutSeconds;
    const deadline = setTimeout(
      () =>
        run.abort(
          new LlmError(
            "timeout",
            `The LLM request took longer than ${totalSeconds}s and was stopped. Raise vibeCoder.llm.timeoutSeconds if this model is slow.`,
          ),
        ),
      totalSeconds * 1000,
    );
    let delivered = "";
    try {
      return await withRetry(
        async () => {
          this.breaker.admit();
          return this.attempt(provider, request, run.signal, onUsage, (text) => {
            delivered += text;
            params.onText?.(text);
          }, () => delivered);
        },
        { ...this.retry, maxAttempts: this.settings.maxAttempts },
        {
          sleep: this.sleep,
          random: this.random,
          signal: run.signal,
          onRetry: (failure, attempt, delayMs) =>
            this.logger.info(
              `LLM attempt ${attempt} failed (${isLlmError(failure) ? failure.kind : "error"}); retrying in ${(delayMs / 1000).toFixed(1)}s.`,
            ),
        },
        (error, attempts) => (isLlmError(error) ? exhaustedError(error, attempts) : error),
      );
    } catch (error) {
      // A wait between attempts that ended because of a timeout or cancellation rejects with that reason.
      throw isLlmError(error) ? error : run.signal.aborted && isLlmError(run.signal.reason) ? run.signal.reason : error;
    } finally {
      clearTimeout(deadline);
      params.signal?.removeEventListener("abort", onCancel);
    }
  }

  private async attempt(
    provider: LlmProvider,
    request: LlmRequest,
    runSignal: AbortSignal,
    onUsage: (usage: LlmUsage) => void,
    deliver: (text: string) => void,
    deliveredSoFar: () => string,
  ): Promise<LlmCompletion> {
    const attempt = new AbortController();
    const forward = (): void => attempt.abort(runSignal.reason);
    if (runSignal.aborted) forward();
    runSignal.addEventListener("abort", forward, { once: true });
    const firstTokenSeconds = this.settings.firstTokenTimeoutSeconds;
    const firstToken = setTimeout(
      () =>
        attempt.abort(
          new LlmError("first-token-timeout", `The LLM provider sent nothing for ${firstTokenSeconds}s.`),
        ),
      firstTokenSeconds * 1000,
    );
    try {
      const completion = await complete(provider, request, attempt.signal, {
        onFirstEvent: () => clearTimeout(firstToken),
        onText: deliver,
        onUsage,
      });
      this.breaker.recordSuccess();
      return completion;
    } catch (error) {
      if (!isLlmError(error)) {
        this.breaker.recordNeutral();
        throw error;
      }
      if (error.countsAsProviderFailure) this.breaker.recordFailure();
      else this.breaker.recordNeutral();
      const partial = deliveredSoFar();
      if (partial.length === 0) throw error;
      // Text already reached the caller: a retry would repeat it, so report the cut and flag the fragment.
      const reported = error.retryable || error.kind === "invalid-response" ? streamCutError(error.detail ?? error.message) : error;
      reported.partialText = partial;
      reported.final = true;
      throw reported;
    } finally {
      clearTimeout(firstToken);
      runSignal.removeEventListener("abort", forward);
    }
  }

  private secrets(): string[] {
    const keys: string[] = [];
    for (const id of ["anthropic", "openai-compatible"] as const) {
      const key = this.getApiKey(id);
      if (key) keys.push(key);
    }
    return keys;
  }
}
