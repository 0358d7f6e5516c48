import type { Table } from "@lancedb/lancedb";
import type { Logger } from "../util/logger";
import { CHUNKER_VERSION } from "./chunkerVersion";
import { type FileRecord, rowToFileRecord } from "./rows";
import { inChunks, sqlIn } from "./sql";

export interface ConsistencyReport {
  /** The catalog after repair: every entry's chunks are all present, with the entry's content hash. */
  catalog: Map<string, FileRecord>;
  /** Paths whose catalog entry or chunk rows were removed; the coordinator re-indexes them as new or changed. */
  repairedPaths: string[];
}

/**
 * Restores the store's invariants after a crash at any instant of a write. Writes go chunks first, catalog second,
 * each one atomic commit, so a crash can leave (a) chunk rows of a path the catalog does not list, (b) chunk rows
 * whose file hash differs from the catalog's, or (c) a catalog entry whose chunks were replaced or removed. The
 * pass removes both the rows and the catalog entry of every such path, so the catalog never claims a file whose
 * chunks are not all there, and the coordinator simply sees those files as not indexed yet. It also removes
 * duplicate ids, which no correct write produces but which would otherwise show one chunk twice.
 */
export async function repairConsistency(chunks: Table, catalogTable: Table, logger: Logger): Promise<ConsistencyReport> {
  const catalog = new Map<string, FileRecord>();
  const outdated = new Set<string>();
  for (const row of await catalogTable.query().select(["path", "contentHash", "size", "mtimeMs", "chunkCount", "chunkerVersion"]).toArray()) {
    const record = rowToFileRecord(row as Record<string, unknown>);
    catalog.set(record.path, record);
    if (Number((row as Record<string, unknown>).chunkerVersion) !== CHUNKER_VERSION) outdated.add(record.path);
  }
  const duplicateCatalogPaths = new Set<string>();
  if ((await catalogTable.countRows()) !== catalog.size) {
    // Two catalog rows for one path: drop the path entirely and let it be re-indexed.
    const seen = new Set<string>();
    for (const row of await catalogTable.query().select(["path"]).toArray()) {
      const path = String((row as Record<string, unknown>).path);
      if (seen.has(path)) duplicateCatalogPaths.add(path);
      seen.add(path);
    }
  }

  const seenIds = new Set<string>();
  const matchingRows = new Map<string, number>();
  const badPaths = new Set<string>([...duplicateCatalogPaths, ...outdated]);
  for (const row of await chunks.query().select(["id", "path", "fileHash"]).toArray()) {
    const { id, path, fileHash } = row as { id: string; path: string; fileHash: string };
    const record = catalog.get(path);
    if (seenIds.has(id) || !record || record.contentHash !== fileHash) {
      badPaths.add(path);
      continue;
    }
    seenIds.add(id);
    matchingRows.set(path, (matchingRows.get(path) ?? 0) + 1);
  }
  for (const record of catalog.values()) {
    if ((matchingRows.get(record.path) ?? 0) !== record.chunkCount) badPaths.add(record.path);
  }
  if (badPaths.size === 0) return { catalog, repairedPaths: [] };

  const repaired = [...badPaths];
  const halfWritten = repaired.length - outdated.size;
  if (halfWritten > 0) logger.warn(`Index consistency check: ${halfWritten} file(s) were left half-written (probably by a crash) and will be re-indexed.`);
  if (outdated.size > 0) logger.info(`${outdated.size} file(s) were chunked by an older chunker and will be parsed again.`);
  // Catalog entries go first: if this pass is itself interrupted, what remains are orphan rows, which the next
  // pass removes, never a catalog entry pointing at missing chunks.
  for (const group of inChunks(repaired)) await catalogTable.delete(sqlIn("path", group));
  for (const group of inChunks(repaired)) await chunks.delete(sqlIn("path", group));
  for (const path of repaired) catalog.delete(path);
  return { catalog, repairedPaths: repaired };
}
