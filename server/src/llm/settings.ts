/**
 * The `vibeCoder.llm.*` settings. Flat on purpose: each key maps to one `vibeCoder.llm.<key>` entry in
 * package.json, which keeps the settings contract test simple. All of them apply live.
 */
export interface LlmSettings {
  /** "auto": Anthropic when a key is set, else the endpoint when one is set, else none. */
  provider: "auto" | "anthropic" | "openai-compatible";
  /** Default Anthropic model for every action without its own entry in `modelPerAction`. */
  anthropicModel: string;
  /** Anthropic API base URL; empty for the official one. Proxies and tests set it. */
  anthropicBaseUrl: string;
  /** OpenAI-compatible base URL including /v1, e.g. http://127.0.0.1:11434/v1 (Ollama); empty when unused. */
  endpoint: string;
  /** The model name the endpoint serves. */
  endpointModel: string;
  /** Per-action model overrides, e.g. { "explain": "claude-haiku-4-5" }; keys are command names. */
  modelPerAction: Record<string, string>;
  maxOutputTokens: number;
  /** Whole-request limit, retries included. */
  timeoutSeconds: number;
  /** Limit for the first streamed event of each attempt; a slow start is retried. */
  firstTokenTimeoutSeconds: number;
  /** Attempts per request, including the first. */
  maxAttempts: number;
  /** Requests stop for the day once this much was spent; 0 means no limit. */
  dailyBudgetUsd: number;
  cacheEnabled: boolean;
  cacheMaxEntries: number;
  /** How many request contexts are kept for inspection. */
  contextHistory: number;
  /** Price overrides in USD per million tokens, e.g. { "my-model": { "input": 1, "output": 2 } }. */
  prices: Record<string, { input: number; output: number }>;
}

export const LLM_SETTING_DEFAULTS: LlmSettings = {
  provider: "auto",
  anthropicModel: "claude-sonnet-5-5",
  anthropicBaseUrl: "",
  endpoint: "",
  endpointModel: "qwen2.5-coder:7b",
  modelPerAction: {},
  maxOutputTokens: 4096,
  timeoutSeconds: 180,
  firstTokenTimeoutSeconds: 45,
  maxAttempts: 4,
  dailyBudgetUsd: 10,
  cacheEnabled: true,
  cacheMaxEntries: 200,
  contextHistory: 50,
  prices: {},
};

const PROVIDERS: ReadonlyArray<LlmSettings["provider"]> = ["auto", "anthropic", "openai-compatible"];

/** Reads the `vibeCoder.llm` section (as `workspace/configuration` returns it), falling back per key on bad values. */
export function resolveLlmSettings(raw: unknown): LlmSettings {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const d = LLM_SETTING_DEFAULTS;
  const str = (key: keyof LlmSettings): string => (typeof r[key] === "string" ? (r[key] as string).trim() : (d[key] as string));
  const num = (key: keyof LlmSettings, min: number, max: number): number => {
    const value = r[key];
    return typeof value === "number" && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : (d[key] as number);
  };
  const provider = PROVIDERS.includes(r.provider as LlmSettings["provider"]) ? (r.provider as LlmSettings["provider"]) : d.provider;
  return {
    provider,
    anthropicModel: str("anthropicModel") || d.anthropicModel,
    anthropicBaseUrl: str("anthropicBaseUrl"),
    endpoint: str("endpoint"),
    endpointModel: str("endpointModel") || d.endpointModel,
    modelPerAction: stringRecord(r.modelPerAction),
    maxOutputTokens: Math.round(num("maxOutputTokens", 1, 200_000)),
    timeoutSeconds: num("timeoutSeconds", 1, 3600),
    firstTokenTimeoutSeconds: num("firstTokenTimeoutSeconds", 1, 3600),
    maxAttempts: Math.round(num("maxAttempts", 1, 10)),
    dailyBudgetUsd: num("dailyBudgetUsd", 0, 1_000_000),
    cacheEnabled: typeof r.cacheEnabled === "boolean" ? r.cacheEnabled : d.cacheEnabled,
    cacheMaxEntries: Math.round(num("cacheMaxEntries", 0, 100_000)),
    contextHistory: Math.round(num("contextHistory", 1, 1000)),
    prices: priceRecord(r.prices),
  };
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string" && v.trim() !== ""));
}

function priceRecord(value: unknown): LlmSettings["prices"] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const out: LlmSettings["prices"] = {};
  for (const [model, price] of Object.entries(value)) {
    const p = price as { input?: unknown; output?: unknown } | null;
    if (p && typeof p.input === "number" && typeof p.output === "number" && p.input >= 0 && p.output >= 0) {
      out[model] = { input: p.input, output: p.output };
    }
  }
  return out;
}
