import * as lancedb from "@lancedb/lancedb";
import type { Connection, Table } from "@lancedb/lancedb";
import { Field, Int32, Schema, Utf8 } from "apache-arrow";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CachedHistory, HistoryCache } from "../git/historyCache";
import type { MinedCommit } from "../git/types";
import { configureLanceRuntime } from "./lanceRuntime";

// 3: history kept in LanceDB (1 and 2 were NDJSON; 2 added expanded bulk merges, which this version has too).
const FORMAT_VERSION = 3;
const TABLE = "commits";
/** Appends (one per HEAD move) between compactions, so fragments and versions stay few. */
const COMPACT_EVERY = 50;

const historySchema = (): Schema =>
  new Schema([new Field("seq", new Int32(), false), new Field("hash", new Utf8(), false), new Field("commit", new Utf8(), false)]);

interface MetaFile {
  version: number;
  head: string;
  firstParent: boolean;
  partial: boolean;
  /** Rows `seq < count` belong to this head; rows past it are a torn append (a crash before this file was written). */
  count: number;
  /** Hash of the newest commit, so an append can check it continues the same history. */
  newestHash?: string;
  appendsSinceCompaction: number;
}

/**
 * Mined history in the workspace's LanceDB store: one row per commit, keyed by hash, `seq` counting from the oldest
 * so that a HEAD move only appends. The head the rows belong to is in `<name>.meta.json`, replaced atomically after
 * each write; a crash between the two leaves rows that the next load ignores and the next save deletes. Anything
 * unreadable makes `load()` return undefined, and the caller mines again.
 */
export class LanceHistoryCache implements HistoryCache {
  private readonly dbDir: string;
  private readonly metaPath: string;
  private connection: Promise<Connection> | undefined;
  private onDisk: MetaFile | undefined;

  constructor(
    private readonly storageDir: string,
    private readonly name = "history",
  ) {
    this.dbDir = join(storageDir, `${name}.lancedb`);
    this.metaPath = join(storageDir, `${name}.meta.json`);
  }

  async load(): Promise<CachedHistory | undefined> {
    let meta: MetaFile;
    try {
      meta = JSON.parse(await readFile(this.metaPath, "utf8")) as MetaFile;
    } catch {
      return undefined;
    }
    if (meta.version !== FORMAT_VERSION || !Number.isInteger(meta.count) || meta.count < 0) return undefined;
    const oldestFirst = new Array<MinedCommit | undefined>(meta.count);
    try {
      const table = await (await this.connect()).openTable(TABLE);
      const rows = await table.query().where(`seq < ${meta.count}`).select(["seq", "hash", "commit"]).toArray();
      for (const row of rows as Array<{ seq: number; hash: string; commit: string }>) {
        const commit = JSON.parse(row.commit) as MinedCommit;
        if (oldestFirst[row.seq] || commit.hash !== row.hash || !Array.isArray(commit.files)) return undefined;
        oldestFirst[row.seq] = commit;
      }
    } catch {
      return undefined;
    }
    const commits = oldestFirst.filter((commit): commit is MinedCommit => commit !== undefined);
    if (commits.length !== meta.count) return undefined;
    if (meta.count > 0 && commits[commits.length - 1].hash !== meta.newestHash) return undefined;
    this.onDisk = meta;
    return { head: meta.head, firstParent: meta.firstParent, partial: meta.partial, commits: commits.reverse() };
  }

  async save(history: CachedHistory): Promise<void> {
    await mkdir(this.storageDir, { recursive: true });
    const commits = history.commits;
    const previous = this.onDisk;
    const extendsDisk =
      previous !== undefined &&
      previous.firstParent === history.firstParent &&
      commits.length >= previous.count &&
      (previous.count === 0 || commits[commits.length - previous.count]?.hash === previous.newestHash);
    let appendsSinceCompaction = 0;
    if (extendsDisk && previous) {
      const table = await (await this.connect()).openTable(TABLE);
      await table.delete(`seq >= ${previous.count}`);
      const fresh = commits.slice(0, commits.length - previous.count).reverse();
      if (fresh.length > 0) await table.add(rowsOf(fresh, previous.count));
      appendsSinceCompaction = previous.appendsSinceCompaction + 1;
      if (appendsSinceCompaction >= COMPACT_EVERY) {
        await table.optimize({ cleanupOlderThan: new Date() });
        appendsSinceCompaction = 0;
      }
    } else {
      await this.replaceAll([...commits].reverse());
    }
    await writeAtomically(this.metaPath, {
      version: FORMAT_VERSION,
      head: history.head,
      firstParent: history.firstParent,
      partial: history.partial,
      count: commits.length,
      newestHash: commits[0]?.hash,
      appendsSinceCompaction,
    } satisfies MetaFile);
    this.onDisk = { version: FORMAT_VERSION, head: history.head, firstParent: history.firstParent, partial: history.partial, count: commits.length, newestHash: commits[0]?.hash, appendsSinceCompaction };
  }

  /** Writes the whole table; a table too damaged to overwrite is deleted with its directory and written afresh. */
  private async replaceAll(oldestFirst: MinedCommit[]): Promise<void> {
    const write = async (): Promise<Table> => (await this.connect()).createTable(TABLE, rowsOf(oldestFirst, 0), { mode: "overwrite", schema: historySchema() });
    try {
      await write();
    } catch {
      this.connection = undefined;
      await rm(this.dbDir, { recursive: true, force: true });
      await write();
    }
    // Histories before LanceDB were NDJSON files next to this one: no longer read, so not kept.
    await rm(join(this.storageDir, `${this.name}.ndjson`), { force: true });
  }

  private connect(): Promise<Connection> {
    configureLanceRuntime();
    this.connection ??= lancedb.connect(this.dbDir);
    return this.connection;
  }
}

function rowsOf(oldestFirst: MinedCommit[], firstSeq: number): Array<Record<string, unknown>> {
  return oldestFirst.map((commit, index) => ({ seq: firstSeq + index, hash: commit.hash, commit: JSON.stringify(commit) }));
}

async function writeAtomically(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, path);
}
