import * as lancedb from "@lancedb/lancedb";
import type { Connection, Table } from "@lancedb/lancedb";
import type { Schema } from "apache-arrow";
import { describeError } from "./recovery";
import { catalogSchema, chunksSchema, parseCacheSchema, schemaMismatch, type TableNames, vectorCacheSchema } from "./schema";

/** The open tables of one store. Any of them is null in a read-only store whose writer has not created it yet. */
export interface StoreTables {
  chunks: Table | null;
  catalog: Table | null;
  vectorCache: Table | null;
  parseCache: Table | null;
}

/** Why a table cannot be used: unreadable files, or a schema this version does not write. */
export class UnusableTableError extends Error {
  constructor(readonly table: string, readonly reason: string) {
    super(`table ${table}: ${reason}`);
  }
}

/**
 * Full-text index options. No stemming and no stop-word removal: the column already holds unique, lower-cased
 * terms chosen by our own tokenizer (see ftsText.ts), and the index must not merge or drop any of them.
 */
export const FTS_INDEX = (): lancedb.Index =>
  lancedb.Index.fts({ withPosition: false, baseTokenizer: "simple", lowercase: true, stem: false, removeStopWords: false, asciiFolding: false, maxTokenLength: 64 });

/**
 * Opens a table and proves it readable: schema as expected, row count, and one row actually read (a garbled data
 * file or manifest fails here rather than in the middle of a user's search).
 */
async function openAndProbe(db: Connection, name: string, expected: Schema): Promise<Table> {
  let table: Table;
  try {
    table = await db.openTable(name);
    const mismatch = schemaMismatch(await table.schema(), expected);
    if (mismatch) throw new UnusableTableError(name, mismatch);
    await table.countRows();
    await table.query().limit(1).toArray();
  } catch (error) {
    if (error instanceof UnusableTableError) throw error;
    throw new UnusableTableError(name, `its files are unreadable: ${describeError(error)}`);
  }
  return table;
}

export interface OpenTablesOptions {
  names: TableNames;
  dimensions: number | null;
  readOnly: boolean;
}

/** Opens (and in a writer, creates) the index tables. Throws UnusableTableError for a table that must be rebuilt. */
export async function openIndexTables(db: Connection, options: OpenTablesOptions): Promise<StoreTables> {
  const { names, dimensions, readOnly } = options;
  let existing: string[];
  try {
    existing = await db.tableNames();
  } catch (error) {
    throw new UnusableTableError("(directory)", `the table list is unreadable: ${describeError(error)}`);
  }
  const openOrCreate = async (name: string, schema: Schema, onCreate?: (table: Table) => Promise<void>): Promise<Table | null> => {
    if (existing.includes(name)) return openAndProbe(db, name, schema);
    if (readOnly) return null;
    const table = await db.createEmptyTable(name, schema, { mode: "create", existOk: false });
    if (onCreate) await onCreate(table);
    return table;
  };
  const chunks = await openOrCreate(names.chunks, chunksSchema(dimensions), async (table) => {
    await table.createIndex("ftsText", { config: FTS_INDEX() });
  });
  const catalog = await openOrCreate(names.catalog, catalogSchema());
  return { chunks, catalog, vectorCache: null, parseCache: null };
}

/**
 * Opens the cache tables. A broken cache is dropped and recreated without bothering the user: it only saves work.
 */
export async function openCacheTables(db: Connection, options: OpenTablesOptions, warn: (message: string) => void): Promise<Pick<StoreTables, "vectorCache" | "parseCache">> {
  const { names, dimensions, readOnly } = options;
  const existing = await db.tableNames();
  const openCache = async (name: string, schema: Schema): Promise<Table | null> => {
    if (existing.includes(name)) {
      try {
        return await openAndProbe(db, name, schema);
      } catch (error) {
        if (readOnly) return null;
        warn(`Cache table ${name} is unusable (${describeError(error)}); starting it afresh.`);
        await db.dropTable(name).catch(() => undefined);
      }
    }
    if (readOnly) return null;
    try {
      return await db.createEmptyTable(name, schema, { mode: "create" });
    } catch (error) {
      warn(`Cache table ${name} cannot be created (${describeError(error)}); working without it.`);
      return null;
    }
  };
  const vectorCache = dimensions === null ? null : await openCache(names.vectorCache, vectorCacheSchema(dimensions));
  const parseCache = await openCache(names.parseCache, parseCacheSchema());
  return { vectorCache, parseCache };
}
