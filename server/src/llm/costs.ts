import { join } from "node:path";
import type { LlmDayUsage, LlmProviderId, LlmUsageResult, LlmUsageTotals } from "../../../shared/protocol/llm";
import type { Logger } from "../util/logger";
import { LlmError } from "./errors";
import { readJsonFile, writeJsonAtomic } from "../util/jsonFile";
import type { LlmUsage } from "./types";

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/**
 * Published list prices of models we know, matched by exact id first, then by family. A model matched only by
 * family, or not at all, gets an estimate and is flagged as such in the totals the user sees.
 */
const EXACT_PRICES: Record<string, ModelPrice> = {
  "claude-opus-4-0": { input: 15, output: 75 },
  "claude-opus-4-1": { input: 15, output: 75 },
  "claude-opus-4-5": { input: 5, output: 25 },
  "claude-sonnet-4-0": { input: 3, output: 15 },
  "claude-sonnet-4-5": { input: 3, output: 15 },
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-3-5-haiku-latest": { input: 0.8, output: 4 },
};

const FAMILY_PRICES: Array<[RegExp, ModelPrice]> = [
  [/opus/i, { input: 5, output: 25 }],
  [/sonnet/i, { input: 3, output: 15 }],
  [/haiku/i, { input: 1, output: 5 }],
];

/** For a hosted model we cannot place, assume an expensive one: overstating cost is safer under a budget. */
export const FALLBACK_PRICE: ModelPrice = { input: 15, output: 75 };

export interface PriceLookup {
  price: ModelPrice;
  estimated: boolean;
}

export function priceFor(provider: LlmProviderId, model: string, overrides: Record<string, ModelPrice> = {}): PriceLookup {
  if (overrides[model]) return { price: overrides[model], estimated: false };
  // Local endpoints (Ollama, LM Studio, vLLM) cost nothing per token unless the user says otherwise.
  if (provider === "openai-compatible") return { price: { input: 0, output: 0 }, estimated: false };
  const exact = EXACT_PRICES[model] ?? EXACT_PRICES[model.replace(/-\d{8}$/, "")];
  if (exact) return { price: exact, estimated: false };
  const family = FAMILY_PRICES.find(([pattern]) => pattern.test(model));
  return { price: family ? family[1] : FALLBACK_PRICE, estimated: true };
}

export function costUsd(usage: LlmUsage, price: ModelPrice): number {
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}

/** Local calendar day as YYYY-MM-DD: the budget resets at the user's midnight, not UTC's. */
export function dayKey(time: number): string {
  const d = new Date(time);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export interface UsageEntry {
  command: string;
  usage: LlmUsage;
  costUsd: number;
  estimated: boolean;
  outcome: "ok" | "cached" | "failed";
}

interface LedgerFile {
  version: 1;
  days: Record<string, LlmDayUsage>;
}

const KEEP_DAYS = 90;

function emptyTotals(): LlmUsageTotals {
  return { requests: 0, cachedRequests: 0, failedRequests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, estimated: false };
}

function addTo(totals: LlmUsageTotals, entry: UsageEntry): void {
  totals.requests++;
  if (entry.outcome === "cached") totals.cachedRequests++;
  if (entry.outcome === "failed") totals.failedRequests++;
  totals.inputTokens += entry.usage.inputTokens;
  totals.outputTokens += entry.usage.outputTokens;
  totals.costUsd += entry.costUsd;
  totals.estimated ||= entry.estimated;
}

/**
 * Token and cost totals per day and per command, persisted in the storage dir so the daily budget survives a
 * server restart. Only counts and sums are stored: no prompts, no keys.
 */
export class CostLedger {
  private readonly file: string;
  private days: Record<string, LlmDayUsage> = {};
  private loaded: Promise<void> | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    storageDir: string,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.file = join(storageDir, "usage.json");
  }

  private load(): Promise<void> {
    this.loaded ??= readJsonFile(this.file, (e) => this.logger.warn(`LLM usage file unreadable, starting fresh: ${e.message}`)).then(
      (data) => {
        const days = (data as LedgerFile | undefined)?.days;
        if (days && typeof days === "object") this.days = days;
      },
    );
    return this.loaded;
  }

  async record(entry: UsageEntry): Promise<void> {
    await this.load();
    const key = dayKey(this.now());
    const day = (this.days[key] ??= { date: key, ...emptyTotals(), byCommand: {} });
    addTo(day, entry);
    addTo((day.byCommand[entry.command] ??= emptyTotals()), entry);
    for (const old of Object.keys(this.days).sort().slice(0, -KEEP_DAYS)) delete this.days[old];
    const snapshot: LedgerFile = { version: 1, days: this.days };
    this.writes = this.writes
      .then(() => writeJsonAtomic(this.file, snapshot))
      .catch((e: Error) => this.logger.warn(`Could not save LLM usage: ${e.message}`));
    await this.writes;
  }

  async spentToday(): Promise<number> {
    await this.load();
    return this.days[dayKey(this.now())]?.costUsd ?? 0;
  }

  /** Throws a "budget" LlmError when today's spending has reached `dailyBudgetUsd` (0 = no limit). */
  async assertWithinBudget(dailyBudgetUsd: number): Promise<void> {
    if (dailyBudgetUsd <= 0) return;
    const spent = await this.spentToday();
    if (spent >= dailyBudgetUsd) {
      throw new LlmError(
        "budget",
        `Today's LLM budget of $${dailyBudgetUsd.toFixed(2)} is used up ($${spent.toFixed(2)} spent). ` +
          "Raise vibeCoder.llm.dailyBudgetUsd (0 means no limit) or wait until tomorrow.",
      );
    }
  }

  async summary(dailyBudgetUsd: number, dayCount = 7): Promise<LlmUsageResult> {
    await this.load();
    const todayKey = dayKey(this.now());
    const today = this.days[todayKey] ?? { date: todayKey, ...emptyTotals(), byCommand: {} };
    const older = Object.keys(this.days)
      .filter((k) => k !== todayKey)
      .sort()
      .reverse()
      .slice(0, Math.max(0, dayCount - 1))
      .map((k) => this.days[k]);
    const budget = dailyBudgetUsd > 0 ? dailyBudgetUsd : null;
    return {
      today: structuredClone(today),
      days: structuredClone([today, ...older]),
      dailyBudgetUsd: budget,
      budgetLeftUsd: budget === null ? null : Math.max(0, budget - today.costUsd),
    };
  }
}
