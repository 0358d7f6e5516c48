import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { LlmContextRecord, LlmContextResult, LlmContextSummary } from "../../../shared/protocol/llm";
import type { Logger } from "../util/logger";
import { readJsonFile, writeJsonAtomic } from "../util/jsonFile";

/** What the service hands over; the recorder fills in the id, time and summary fields. */
export type NewContextRecord = Omit<LlmContextRecord, "id" | "time" | "characters" | "fileCount" | "outcome">;

/**
 * Keeps the full context of the last N requests (system prompt, messages, files and ranges, rules, tools) on
 * disk, so the user can see exactly what was sent. Text passes through `redact` before it is written; the
 * service never puts a key in a record in the first place.
 */
export class ContextRecorder {
  private summaries: LlmContextSummary[] | undefined;
  private counter = 0;
  private writes: Promise<void> = Promise.resolve();
  /** The records `add` is still writing, in order. */
  private adds: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    private keep: number,
    private readonly redact: (text: string) => string = (t) => t,
    private readonly now: () => number = Date.now,
  ) {}

  setKeep(keep: number): void {
    this.keep = Math.max(1, keep);
  }

  /**
   * Records a request as it is sent (outcome "pending"). The id is known at once and the write goes on in the
   * background, so the model request does not wait for the disk; every read (`get`, `list`, `finish`) waits for it.
   */
  add(entry: NewContextRecord): string {
    const time = this.now();
    // Sortable by time, unique within the process even for requests in the same millisecond.
    const id = `${time.toString(36).padStart(9, "0")}-${(this.counter++).toString(36).padStart(3, "0")}`;
    const characters = entry.system.length + JSON.stringify(entry.messages).length;
    const record: LlmContextRecord = {
      ...entry,
      id,
      time: new Date(time).toISOString(),
      characters,
      fileCount: entry.files.length,
      outcome: "pending",
    };
    const previous = this.adds;
    this.adds = (async () => {
      await previous;
      const summaries = await this.loadSummaries();
      summaries.unshift(summarize(record));
      await this.write(record);
      await this.prune(summaries);
    })().catch((e: Error) => this.logger.warn(`Could not record the LLM request context: ${e.message}`));
    return id;
  }

  /** Adds the outcome (usage, cost, error) to a recorded request. */
  async finish(id: string, update: Pick<LlmContextRecord, "outcome"> & Partial<Pick<LlmContextRecord, "usage" | "costUsd" | "error">>): Promise<void> {
    const record = await this.get(id);
    if (!record) return;
    const updated = { ...record, ...update };
    const summaries = await this.loadSummaries();
    const i = summaries.findIndex((s) => s.id === id);
    if (i >= 0) summaries[i] = summarize(updated);
    await this.write(updated);
  }

  async get(id: string): Promise<LlmContextRecord | undefined> {
    if (!/^[0-9a-z-]+$/.test(id)) return undefined;
    await this.adds;
    await this.writes;
    return (await readJsonFile(this.pathFor(id))) as LlmContextRecord | undefined;
  }

  async list(limit = 50): Promise<LlmContextSummary[]> {
    await this.adds;
    return (await this.loadSummaries()).slice(0, limit);
  }

  /** Answers `vibe/llmContext`. */
  async query(params: { id?: string; limit?: number }): Promise<LlmContextResult> {
    const summaries = await this.list(params.limit ?? 50);
    if (params.id === undefined) return { summaries };
    const record = await this.get(params.id);
    return record ? { summaries, record } : { summaries };
  }

  private pathFor(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private async write(record: LlmContextRecord): Promise<void> {
    const safe = JSON.parse(this.redact(JSON.stringify(record))) as LlmContextRecord;
    this.writes = this.writes
      .then(() => writeJsonAtomic(this.pathFor(record.id), safe))
      .catch((e: Error) => this.logger.warn(`Could not record the LLM request context: ${e.message}`));
    await this.writes;
  }

  private async prune(summaries: LlmContextSummary[]): Promise<void> {
    const dropped = summaries.splice(this.keep);
    await this.writes;
    for (const s of dropped) await rm(this.pathFor(s.id), { force: true });
  }

  private async loadSummaries(): Promise<LlmContextSummary[]> {
    if (this.summaries) return this.summaries;
    let names: string[] = [];
    try {
      await mkdir(this.dir, { recursive: true });
      names = (await readdir(this.dir)).filter((n) => n.endsWith(".json")).sort().reverse();
    } catch (error) {
      // An unwritable storage folder must not stop LLM actions; only the inspection history is lost.
      this.logger.warn(`Cannot use the LLM context folder ${this.dir}: ${(error as Error).message}`);
    }
    const loaded: LlmContextSummary[] = [];
    for (const name of names) {
      const record = (await readJsonFile(join(this.dir, name))) as LlmContextRecord | undefined;
      if (record && typeof record.id === "string") loaded.push(summarize(record));
      else await rm(join(this.dir, name), { force: true });
    }
    this.summaries ??= loaded;
    return this.summaries;
  }
}

function summarize(r: LlmContextRecord): LlmContextSummary {
  return {
    id: r.id,
    time: r.time,
    command: r.command,
    provider: r.provider,
    model: r.model,
    outcome: r.outcome,
    characters: r.characters,
    fileCount: r.fileCount,
  };
}
