import type { Table } from "@lancedb/lancedb";
import { CHUNK_COLUMNS, rowToStoredChunk, type StoredChunk } from "./rows";
import { inChunks, pathPrefixFilter, sqlIn } from "./sql";

/**
 * The read queries on a chunks table. IndexStore wraps each in its read gate (serialized with reopen/recovery);
 * they live here so the store class keeps to lifecycle and writes.
 */

export interface SearchFilter {
  pathPrefixes?: string[];
}

export interface DefinitionEntry {
  id: string;
  path: string;
  symbol?: string;
  definitions: string[];
  startLine: number;
  endLine: number;
}

type Row = Record<string, unknown>;

export async function fullTextRows(table: Table, terms: string[], limit: number, filter?: SearchFilter): Promise<Array<StoredChunk & { score: number }>> {
  const query = table.query().fullTextSearch(terms.join(" ")).select([...CHUNK_COLUMNS, "_score"]).limit(limit);
  const where = pathPrefixFilter(filter?.pathPrefixes);
  if (where) query.where(where);
  const rows = (await query.toArray()) as Row[];
  return rows.map((row) => ({ ...rowToStoredChunk(row), score: Number(row._score) }));
}

export async function nearestRows(table: Table, vector: Float32Array, limit: number, filter?: SearchFilter): Promise<Array<StoredChunk & { distance: number }>> {
  const query = table.vectorSearch(vector).distanceType("cosine").select([...CHUNK_COLUMNS, "_distance"]).limit(limit);
  const where = pathPrefixFilter(filter?.pathPrefixes);
  if (where) query.where(where);
  const rows = (await query.toArray()) as Row[];
  return rows.map((row) => ({ ...rowToStoredChunk(row), distance: Number(row._distance) }));
}

/** Chunks by id, in groups small enough for an SQL IN list. */
export async function chunksById(table: Table, ids: string[]): Promise<StoredChunk[]> {
  const found: StoredChunk[] = [];
  for (const group of inChunks(ids)) {
    const rows = await table.query().where(sqlIn("id", group)).select(CHUNK_COLUMNS).toArray();
    for (const row of rows) found.push(rowToStoredChunk(row as Row));
  }
  return found;
}

/** Every chunk that declares something, without its text: what the in-memory symbol index is built from. */
export async function definitionRows(table: Table): Promise<DefinitionEntry[]> {
  const rows = await table
    .query()
    .where("definitions != '' OR (symbol IS NOT NULL AND symbol != '')")
    .select(["id", "path", "symbol", "definitions", "startLine", "endLine"])
    .toArray();
  return rows.map((row) => {
    const stored = rowToStoredChunk({ ...(row as Row), text: "" });
    const entry: DefinitionEntry = { id: stored.id, path: stored.path, definitions: stored.definitions, startLine: stored.startLine, endLine: stored.endLine };
    if (stored.symbol !== undefined) entry.symbol = stored.symbol;
    return entry;
  });
}

/** Every chunk's path and text, one record batch at a time, so the caller never holds all texts at once. */
export async function visitTextBatches(table: Table, visit: (batch: Array<{ path: string; text: string }>) => void): Promise<void> {
  for await (const batch of table.query().select(["path", "text"])) {
    const paths = batch.getChild("path");
    const texts = batch.getChild("text");
    const rows: Array<{ path: string; text: string }> = [];
    for (let i = 0; i < batch.numRows; i++) rows.push({ path: String(paths?.get(i)), text: String(texts?.get(i) ?? "") });
    visit(rows);
  }
}
