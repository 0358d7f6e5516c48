import type { Table } from "@lancedb/lancedb";
import type { Chunk } from "../indexer/types";
import { CHUNKER_VERSION } from "./chunkerVersion";
import { CHUNK_COLUMNS, type FileRecord, rowToStoredChunk, type StoredChunk, toChunk, toFloat32 } from "./rows";
import { inChunks, sqlIn } from "./sql";

/**
 * The embedding cache (by chunk hash) and the parse cache (by file content hash) live in two places: the chunks
 * table holds everything about the working tree as indexed, and two cache tables keep what *left* the working tree
 * (an older edit, another branch). Content is moved to the cache tables when it is replaced or removed, which
 * keeps a cold index free of double writes while making a branch switch back cheap.
 */

export function parseCacheKey(contentHash: string): string {
  return `${CHUNKER_VERSION}:${contentHash}`;
}

/** A stored chunk row together with its vector (null in a lexical store). */
export type RetiringRow = StoredChunk & { vector: Float32Array | null };

export async function readRowsOfPaths(chunks: Table, paths: string[], withVector: boolean): Promise<RetiringRow[]> {
  const rows: RetiringRow[] = [];
  const columns = withVector ? [...CHUNK_COLUMNS, "vector"] : CHUNK_COLUMNS;
  for (const group of inChunks(paths)) {
    for (const row of await chunks.query().where(sqlIn("path", group)).select(columns).toArray()) {
      const record = row as Record<string, unknown>;
      rows.push({ ...rowToStoredChunk(record), vector: withVector ? toFloat32(record.vector) : null });
    }
  }
  return rows;
}

/**
 * Saves the content of rows about to be replaced or deleted: complete files (as the catalog describes them) into
 * the parse cache, and every vector into the vector cache. `stillLive` lists content hashes that stay in the chunks
 * table after the write, which need no caching.
 */
export async function retireToCaches(
  rows: RetiringRow[],
  catalog: ReadonlyMap<string, FileRecord>,
  stillLive: ReadonlySet<string>,
  caches: { vectorCache: Table | null; parseCache: Table | null },
): Promise<void> {
  const now = Date.now();
  const byPath = new Map<string, RetiringRow[]>();
  for (const row of rows) {
    if (stillLive.has(row.fileHash)) continue;
    const list = byPath.get(row.path) ?? [];
    list.push(row);
    byPath.set(row.path, list);
  }
  if (caches.parseCache) {
    const entries = new Map<string, Record<string, unknown>>();
    for (const [path, list] of byPath) {
      const record = catalog.get(path);
      if (!record || record.contentHash !== list[0]?.fileHash || record.chunkCount !== list.length) continue;
      const ordered = list.sort((a, b) => a.ordinal - b.ordinal).map((row) => toChunk(stripVector(row)));
      entries.set(parseCacheKey(record.contentHash), { key: parseCacheKey(record.contentHash), chunks: JSON.stringify(ordered), cachedAt: now });
    }
    if (entries.size > 0) await caches.parseCache.mergeInsert("key").whenNotMatchedInsertAll().execute([...entries.values()]);
  }
  if (caches.vectorCache) {
    const vectors = new Map<string, Record<string, unknown>>();
    for (const list of byPath.values()) {
      for (const row of list) if (row.vector) vectors.set(row.chunkHash, { chunkHash: row.chunkHash, vector: row.vector, cachedAt: now });
    }
    if (vectors.size > 0) await caches.vectorCache.mergeInsert("chunkHash").whenNotMatchedInsertAll().execute([...vectors.values()]);
  }
}

function stripVector(row: RetiringRow): StoredChunk {
  const { vector: _vector, ...stored } = row;
  return stored;
}

export async function lookupVectors(chunks: Table | null, vectorCache: Table | null, chunkHashes: string[]): Promise<Map<string, Float32Array>> {
  const found = new Map<string, Float32Array>();
  const wanted = [...new Set(chunkHashes)];
  const lookIn = async (table: Table | null, extraFilter: string): Promise<void> => {
    if (!table) return;
    const missing = wanted.filter((hash) => !found.has(hash));
    for (const group of inChunks(missing)) {
      const rows = await table.query().where(`${sqlIn("chunkHash", group)}${extraFilter}`).select(["chunkHash", "vector"]).toArray();
      for (const row of rows) {
        const vector = toFloat32((row as Record<string, unknown>).vector);
        if (vector) found.set(String((row as Record<string, unknown>).chunkHash), vector);
      }
    }
  };
  await lookIn(chunks, " AND vector IS NOT NULL");
  await lookIn(vectorCache, "");
  return found;
}

export async function lookupChunks(
  chunks: Table | null,
  parseCache: Table | null,
  catalog: ReadonlyMap<string, FileRecord>,
  contentHashes: string[],
): Promise<Map<string, Chunk[]>> {
  const found = new Map<string, Chunk[]>();
  const wanted = [...new Set(contentHashes)];
  if (chunks) {
    for (const group of inChunks(wanted)) {
      const byPath = new Map<string, StoredChunk[]>();
      for (const row of await chunks.query().where(sqlIn("fileHash", group)).select(CHUNK_COLUMNS).toArray()) {
        const stored = rowToStoredChunk(row as Record<string, unknown>);
        const list = byPath.get(stored.path) ?? [];
        list.push(stored);
        byPath.set(stored.path, list);
      }
      for (const [path, list] of byPath) {
        const record = catalog.get(path);
        const hash = list[0]?.fileHash;
        // Only a complete file as the catalog describes it counts; a half-written one is not a cache hit.
        if (!hash || found.has(hash) || !record || record.contentHash !== hash || record.chunkCount !== list.length) continue;
        found.set(hash, list.sort((a, b) => a.ordinal - b.ordinal).map(toChunk));
      }
    }
  }
  if (parseCache) {
    const missing = wanted.filter((hash) => !found.has(hash));
    for (const group of inChunks(missing)) {
      for (const row of await parseCache.query().where(sqlIn("key", group.map(parseCacheKey))).select(["key", "chunks"]).toArray()) {
        const { key, chunks: json } = row as { key: string; chunks: string };
        try {
          found.set(key.slice(key.indexOf(":") + 1), JSON.parse(json) as Chunk[]);
        } catch {
          // A garbled entry is a cache miss: the file is simply parsed again.
        }
      }
    }
  }
  return found;
}
