import * as lancedb from "@lancedb/lancedb";
import type { Table } from "@lancedb/lancedb";
import type { Logger } from "../util/logger";
import { describeError } from "./recovery";
import { FTS_INDEX } from "./tables";

/** Below this many rows a flat vector scan is fast enough (≈ 15 ms at 10k × 384) and always exact. */
export const VECTOR_INDEX_MIN_ROWS = 20_000;
/** Scalar indexes on the join/filter keys pay off once scans get long. */
const SCALAR_INDEX_MIN_ROWS = 5_000;
/** Cache entries unused for this long are dropped; losing one costs a re-parse or a re-embed, nothing more. */
export const CACHE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** Versions older than this are pruned. Short, because nothing here time-travels; readers that lose their version
 * refresh and retry. */
const KEEP_VERSIONS_MS = 60_000;

async function indexNames(table: Table): Promise<Set<string>> {
  return new Set((await table.listIndices()).map((index) => index.columns.join(",")));
}

/** Creates the indexes a table of this size deserves and that it lacks. */
export async function ensureIndexes(chunks: Table, hasVector: boolean, logger: Logger): Promise<void> {
  const existing = await indexNames(chunks);
  const rows = await chunks.countRows();
  if (!existing.has("ftsText")) await chunks.createIndex("ftsText", { config: FTS_INDEX() });
  if (rows >= SCALAR_INDEX_MIN_ROWS) {
    for (const column of ["id", "path"]) {
      if (!existing.has(column)) await chunks.createIndex(column, { config: lancedb.Index.btree() });
    }
  }
  if (hasVector && rows >= VECTOR_INDEX_MIN_ROWS && !existing.has("vector")) {
    const started = Date.now();
    const withVectors = await chunks.countRows("vector IS NOT NULL");
    if (withVectors >= VECTOR_INDEX_MIN_ROWS) {
      // One partition: each partition is its own HNSW graph, and one graph is best below ~1M rows.
      await chunks.createIndex("vector", { config: lancedb.Index.hnswSq({ distanceType: "cosine", numPartitions: 1 }) });
      logger.info(`Built the vector index over ${withVectors} chunks in ${Date.now() - started} ms.`);
    }
  }
}

/** Compacts small fragments, folds new rows into the indexes and prunes old versions. */
export async function compact(tables: Array<Table | null>, logger: Logger): Promise<void> {
  const cleanupOlderThan = new Date(Date.now() - KEEP_VERSIONS_MS);
  for (const table of tables) {
    if (!table) continue;
    try {
      await table.optimize({ cleanupOlderThan });
    } catch (error) {
      logger.warn(`Could not optimize table ${table.name}: ${describeError(error)}`);
    }
  }
}

export async function pruneCaches(caches: Array<Table | null>, logger: Logger): Promise<void> {
  const cutoff = Date.now() - CACHE_MAX_AGE_MS;
  for (const cache of caches) {
    if (!cache) continue;
    try {
      await cache.delete(`cachedAt < ${cutoff}`);
    } catch (error) {
      logger.warn(`Could not prune cache ${cache.name}: ${describeError(error)}`);
    }
  }
}
