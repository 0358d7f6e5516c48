import { ProtocolNotificationType, ProtocolRequestType } from "vscode-languageserver-protocol";

/** Which kind of endpoint answers LLM requests. */
export type LlmProviderId = "anthropic" | "openai-compatible";

export const LLM_PROVIDER_IDS: readonly LlmProviderId[] = ["anthropic", "openai-compatible"];

export interface SetApiKeyParams {
  provider: LlmProviderId;
  /** The key from SecretStorage, or null when the user removed it. Kept in the server's memory only. */
  key: string | null;
}

/** Client → server: the API key for a provider changed (sent once after start and on every change); never persisted. */
export namespace SetApiKeyNotification {
  export const method = "vibe/setApiKey" as const;
  export const type = new ProtocolNotificationType<SetApiKeyParams, void>(method);
}

export function isSetApiKeyParams(value: unknown): value is SetApiKeyParams {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return LLM_PROVIDER_IDS.includes(v.provider as LlmProviderId) && (v.key === null || typeof v.key === "string");
}

/** Token and cost totals for one bucket (a day, or a command within a day). */
export interface LlmUsageTotals {
  requests: number;
  /** Requests answered from the response cache; they cost nothing. */
  cachedRequests: number;
  failedRequests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** True when some cost in this bucket used the fallback price because the model was not in the price table. */
  estimated: boolean;
}

export interface LlmDayUsage extends LlmUsageTotals {
  /** Local calendar day, YYYY-MM-DD. */
  date: string;
  byCommand: Record<string, LlmUsageTotals>;
}

export interface LlmUsageParams {
  /** How many days of history to return, newest first (default 7). */
  days?: number;
}

export interface LlmUsageResult {
  today: LlmDayUsage;
  /** Newest first, including today. */
  days: LlmDayUsage[];
  /** null when no daily budget is set. */
  dailyBudgetUsd: number | null;
  /** null when no daily budget is set; never negative. */
  budgetLeftUsd: number | null;
}

/** Client/CLI → server: LLM token and cost totals per day and per command, and what is left of the daily budget. */
export namespace LlmUsageRequest {
  export const method = "vibe/llmUsage" as const;
  export const type = new ProtocolRequestType<LlmUsageParams, LlmUsageResult, never, void, void>(method);
}

/** A file (or part of one) that went into a request; lines are 1-based and inclusive, path workspace-relative. */
export interface LlmContextFile {
  path: string;
  startLine?: number;
  endLine?: number;
  /** Why it was included: "target", "enclosing class", "search result", "definition", ... */
  reason?: string;
}

/** A project rule (from a rules file or setting) that went into the system prompt. */
export interface LlmContextRule {
  source: string;
  text: string;
}

export type LlmContextContent =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: unknown }
  | { type: "tool_result"; toolUseId: string; content: string; isError?: boolean };

export interface LlmContextMessage {
  role: "user" | "assistant";
  content: string | LlmContextContent[];
}

export type LlmContextOutcome = "pending" | "ok" | "cached" | "failed" | "cancelled";

/** One list entry: enough to pick a request without loading its full text. */
export interface LlmContextSummary {
  id: string;
  /** ISO timestamp of when the request was made. */
  time: string;
  command: string;
  provider: LlmProviderId;
  model: string;
  outcome: LlmContextOutcome;
  /** Sum of the characters of system prompt and messages, a cheap size indication. */
  characters: number;
  fileCount: number;
}

/** Exactly what was sent for one request. API keys are never part of it. */
export interface LlmContextRecord extends LlmContextSummary {
  /** The endpoint's base URL without credentials or query (empty for the provider's default). */
  endpoint: string;
  system: string;
  messages: LlmContextMessage[];
  tools: Array<{ name: string; description: string }>;
  files: LlmContextFile[];
  rules: LlmContextRule[];
  maxTokens: number;
  /** Filled in when the request ended. */
  usage?: { inputTokens: number; outputTokens: number };
  costUsd?: number;
  /** The user-facing message when the request failed. */
  error?: string;
}

export interface LlmContextParams {
  /** Without an id: the newest summaries. With an id: that record in full. */
  id?: string;
  limit?: number;
}

export interface LlmContextResult {
  summaries: LlmContextSummary[];
  /** Set when an id was given and the record still exists. */
  record?: LlmContextRecord;
}

/** Client/CLI → server: list the recorded LLM request contexts, or get one in full to show what was sent. */
export namespace LlmContextRequest {
  export const method = "vibe/llmContext" as const;
  export const type = new ProtocolRequestType<LlmContextParams, LlmContextResult, never, void, void>(method);
}
