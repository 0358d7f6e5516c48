import { createHash } from "node:crypto";
import { readdir, rm, stat, utimes } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../util/logger";
import { readJsonFile, writeJsonAtomic } from "../util/jsonFile";
import type { LlmCompletion, LlmRequest } from "./types";

interface CacheFile extends LlmCompletion {
  version: 1;
  createdAt: string;
  model: string;
}

/**
 * The cache key: a hash of everything that shapes the answer (provider, endpoint, model, prompt, tools, limits).
 * The API key is deliberately not part of it, so changing keys does not throw the cache away and the key never
 * reaches anything derived from it.
 */
export function cacheKey(provider: string, endpoint: string, request: LlmRequest): string {
  const canonical = JSON.stringify([
    provider,
    endpoint,
    request.model,
    request.system,
    request.messages,
    request.tools ?? [],
    request.maxTokens,
    request.temperature ?? null,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/**
 * On-disk cache of complete replies, one JSON file per key, bounded by entry count with least-recently-used
 * eviction (a hit refreshes the file's mtime). Corrupt files are treated as misses and removed.
 */
export class ResponseCache {
  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    private maxEntries: number,
  ) {}

  setMaxEntries(maxEntries: number): void {
    this.maxEntries = maxEntries;
  }

  async get(key: string): Promise<LlmCompletion | undefined> {
    if (this.maxEntries <= 0) return undefined;
    const path = this.pathFor(key);
    let corrupt = false;
    const data = (await readJsonFile(path, () => (corrupt = true))) as CacheFile | undefined;
    if (corrupt || (data !== undefined && !isCacheFile(data))) {
      this.logger.warn(`Dropping an unreadable LLM cache entry ${key.slice(0, 12)}.`);
      await rm(path, { force: true });
      return undefined;
    }
    if (!data) return undefined;
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined);
    return { text: data.text, toolCalls: data.toolCalls, usage: data.usage, stopReason: data.stopReason };
  }

  async set(key: string, model: string, completion: LlmCompletion): Promise<void> {
    if (this.maxEntries <= 0) return;
    const file: CacheFile = { version: 1, createdAt: new Date().toISOString(), model, ...completion };
    try {
      await writeJsonAtomic(this.pathFor(key), file);
      await this.evict();
    } catch (error) {
      this.logger.warn(`Could not write the LLM response cache: ${(error as Error).message}`);
    }
  }

  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private pathFor(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  private async evict(): Promise<void> {
    const names = (await readdir(this.dir)).filter((n) => n.endsWith(".json"));
    if (names.length <= this.maxEntries) return;
    const withTimes = await Promise.all(
      names.map(async (name) => ({ name, mtime: (await stat(join(this.dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })),
    );
    withTimes.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name));
    for (const { name } of withTimes.slice(0, names.length - this.maxEntries)) {
      await rm(join(this.dir, name), { force: true });
    }
  }
}

function isCacheFile(value: unknown): value is CacheFile {
  const v = value as Partial<CacheFile> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    v.version === 1 &&
    typeof v.text === "string" &&
    Array.isArray(v.toolCalls) &&
    typeof v.usage?.inputTokens === "number" &&
    typeof v.usage?.outputTokens === "number"
  );
}
