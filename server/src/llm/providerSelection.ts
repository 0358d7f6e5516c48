import type { LlmProviderId } from "../../../shared/protocol/llm";
import type { Logger } from "../util/logger";
import { createAnthropicProvider } from "./anthropicProvider";
import { LlmError, NO_PROVIDER_MESSAGE } from "./errors";
import { createOpenAiCompatibleProvider } from "./openaiCompatibleProvider";
import type { LlmSettings } from "./settings";
import type { LlmProvider } from "./types";

export interface ProviderChoice {
  id: LlmProviderId;
  /** Default model for actions without an override. */
  defaultModel: string;
  baseUrl: string;
  apiKey: string | undefined;
}

/**
 * Decides which provider answers, from the settings and the keys the client sent. "auto" prefers Anthropic when
 * a key is set, then a configured local endpoint. Returns undefined when nothing usable is configured.
 */
export function chooseProvider(
  settings: LlmSettings,
  getApiKey: (provider: LlmProviderId) => string | undefined,
): ProviderChoice | undefined {
  const anthropicKey = getApiKey("anthropic");
  const anthropic: ProviderChoice = {
    id: "anthropic",
    defaultModel: settings.anthropicModel,
    baseUrl: settings.anthropicBaseUrl,
    apiKey: anthropicKey,
  };
  const local: ProviderChoice = {
    id: "openai-compatible",
    defaultModel: settings.endpointModel,
    baseUrl: settings.endpoint,
    apiKey: getApiKey("openai-compatible"),
  };
  if (settings.provider === "anthropic") return anthropicKey ? anthropic : undefined;
  if (settings.provider === "openai-compatible") return settings.endpoint ? local : undefined;
  if (anthropicKey) return anthropic;
  if (settings.endpoint) return local;
  return undefined;
}

/** The one message every LLM command shows when nothing is configured, worded for the chosen provider setting. */
export function noProviderError(settings: LlmSettings): LlmError {
  if (settings.provider === "anthropic") {
    return new LlmError("no-provider", "No Anthropic API key is set. Run 'Vibe Coder: Set API Key' to add one.");
  }
  if (settings.provider === "openai-compatible") {
    return new LlmError(
      "no-provider",
      "vibeCoder.llm.provider is 'openai-compatible' but vibeCoder.llm.endpoint is empty. Set it to your local model server, e.g. http://127.0.0.1:11434/v1 for Ollama.",
    );
  }
  return new LlmError("no-provider", NO_PROVIDER_MESSAGE);
}

/** Builds SDK-backed providers and reuses the last one while its configuration is unchanged (keeps connections warm). */
export class ProviderPool {
  private last: { signature: string; provider: LlmProvider } | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly requestTimeoutMs: () => number,
  ) {}

  get(choice: ProviderChoice): LlmProvider {
    // The key is part of the in-memory signature only; it is never logged or stored.
    const signature = JSON.stringify([choice.id, choice.baseUrl, choice.apiKey ?? "", this.requestTimeoutMs()]);
    if (this.last?.signature === signature) return this.last.provider;
    const provider =
      choice.id === "anthropic"
        ? createAnthropicProvider({
            apiKey: choice.apiKey ?? "",
            baseUrl: choice.baseUrl,
            logger: this.logger,
            requestTimeoutMs: this.requestTimeoutMs(),
          })
        : createOpenAiCompatibleProvider({
            baseUrl: choice.baseUrl,
            apiKey: choice.apiKey,
            logger: this.logger,
            requestTimeoutMs: this.requestTimeoutMs(),
          });
    this.last = { signature, provider };
    return provider;
  }
}
