import * as lancedb from "@lancedb/lancedb";
import type { Connection, Table } from "@lancedb/lancedb";
import { Field, Int32, Schema, Utf8 } from "apache-arrow";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { CachedHistory, HistoryCache } from "../git/historyCache";
import type { MinedCommit } from "../git/types";
import { readJsonFile, writeJsonAtomic } from "../util/jsonFile";
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
  private table: Table | undefined;
  private onDisk: MetaFile | undefined;
  /** Rows in the table, torn ones included: when it equals `onDisk.count`, an append has nothing to delete first. */
  private rowsOnDisk = 0;

  constructor(
    private readonly storageDir: string,
    private readonly name = "history",
  ) {
    this.dbDir = join(storageDir, `${name}.lancedb`);
    this.metaPath = join(storageDir, `${name}.meta.json`);
  }

  async load(): Promise<CachedHistory | undefined> {
    const meta = (await readJsonFile(this.metaPath)) as MetaFile | undefined;
    if (meta?.version !== FORMAT_VERSION || !Number.isInteger(meta.count) || meta.count < 0) return undefined;
    const oldestFirst = new Array<MinedCommit | undefined>(meta.count);
    try {
      // A fresh handle: another process (the CLI, a second window) may have rewritten the table since.
      this.table = undefined;
      const table = await this.openTable();
      this.rowsOnDisk = await table.countRows();
      // Read as columns: Arrow row objects cost more than the JSON they carry.
      const rows = await table.query().where(`seq < ${meta.count}`).select(["seq", "hash", "commit"]).toArrow();
      const [seqs, hashes, texts] = ["seq", "hash", "commit"].map((name) => rows.getChild(name));
      if (!seqs || !hashes || !texts) return undefined;
      for (let i = 0; i < rows.numRows; i += 1) {
        const seq = seqs.get(i) as number;
        const commit = JSON.parse(texts.get(i) as string) as MinedCommit;
        if (oldestFirst[seq] || commit.hash !== hashes.get(i) || !Array.isArray(commit.files)) return undefined;
        oldestFirst[seq] = commit;
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
    const tornRows = this.rowsOnDisk > (previous?.count ?? 0);
    // Unknown until the write ends: should it fail half-way, the next save deletes whatever it left.
    this.rowsOnDisk = Number.MAX_SAFE_INTEGER;
    if (extendsDisk && previous) {
      const table = await this.openTable();
      if (tornRows) await table.delete(`seq >= ${previous.count}`);
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
    this.rowsOnDisk = commits.length;
    const meta: MetaFile = {
      version: FORMAT_VERSION,
      head: history.head,
      firstParent: history.firstParent,
      partial: history.partial,
      count: commits.length,
      newestHash: commits[0]?.hash,
      appendsSinceCompaction,
    };
    await writeJsonAtomic(this.metaPath, meta);
    this.onDisk = meta;
  }

  /** Writes the whole table; a table too damaged to overwrite is deleted with its directory and written afresh. */
  private async replaceAll(oldestFirst: MinedCommit[]): Promise<void> {
    const write = async (): Promise<Table> => {
      const db = await this.connect();
      // "overwrite" on a missing table makes Lance print a warning on stderr, which CLI users would see.
      const mode = (await db.tableNames()).includes(TABLE) ? "overwrite" : "create";
      if (oldestFirst.length === 0) return db.createEmptyTable(TABLE, historySchema(), { mode });
      return db.createTable(TABLE, rowsOf(oldestFirst, 0), { mode, schema: historySchema() });
    };
    this.table = undefined;
    try {
      this.table = await write();
    } catch {
      this.connection = undefined;
      await rm(this.dbDir, { recursive: true, force: true });
      this.table = await write();
    }
    // Histories before LanceDB were NDJSON files next to this one: no longer read, so not kept.
    await rm(join(this.storageDir, `${this.name}.ndjson`), { force: true });
  }

  private async openTable(): Promise<Table> {
    this.table ??= await (await this.connect()).openTable(TABLE);
    return this.table;
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
