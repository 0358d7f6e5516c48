/**
 * Fills the fixture embedder's tables of a store with random-but-deterministic unit vectors for every chunk the
 * lexical index already holds. Embedding 100k chunks with the real (slow) model would take half an hour; search
 * latency only depends on how many vectors there are and their size, not on what they mean.
 */
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { createEmbedder } from "../../server/src/embeddings/createEmbedder";
import type { Chunk } from "../../server/src/indexer/types";
import { IndexStore, type WriteFileEntry } from "../../server/src/store/indexStore";
import { tryAcquireWriterLock } from "../../server/src/store/writerLock";
import { silentLogger } from "../../server/src/util/logger";
import { resolveSettings } from "../../shared/settings";
import { benchSettings } from "./benchSettings";
import { seededRandom } from "./seededRandom";

/**
 * Where the server keeps its index inside `storagePath` (server/src/workspaceSession.ts: `<storagePath>/index`,
 * writer lock included). Reading the store directly must use the same folder.
 */
export function serverIndexDir(storagePath: string): string {
  return join(storagePath, "index");
}

/** The embedding worker as the server runs it, so the bench measures the shipped code. */
export const BUILT_EMBED_WORKER = resolve(__dirname, "../../dist/server/embed.worker.js");

export interface FixtureEmbedderIdentity {
  key: string;
  dimensions: number;
}

/** Loads the fixture model once to learn the key and dimensions the server will use for its tables. */
export async function fixtureEmbedderIdentity(modelCachePath: string): Promise<FixtureEmbedderIdentity> {
  const embedder = await createEmbedder(resolveSettings(benchSettings("fixture")).embeddings, {
    modelCachePath,
    logger: silentLogger,
    workerPath: BUILT_EMBED_WORKER,
  });
  if (!embedder) throw new Error("the fixture settings produced no embedder");
  try {
    const status = embedder.status();
    if (status.state !== "ready") throw new Error(`fixture embedder is ${status.state}: ${status.message ?? ""}`);
    return { key: embedder.key, dimensions: embedder.dimensions };
  } finally {
    await embedder.dispose();
  }
}

export function randomUnitVector(random: () => number, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    // Box-Muller gives a Gaussian per coordinate, so the normalised vector is uniform on the sphere.
    const value = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    vector[i] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dimensions; i++) vector[i] /= norm;
  return vector;
}

export interface FillResult {
  rows: number;
  files: number;
  dimensions: number;
  table: string;
  ms: number;
}

/** Copies the lexical index's chunks into the fixture embedder's tables, with random vectors. No server may be running. */
export async function fillRandomVectors(serverStoragePath: string, modelCachePath: string): Promise<FillResult> {
  const start = performance.now();
  const storagePath = serverIndexDir(serverStoragePath);
  const identity = await fixtureEmbedderIdentity(modelCachePath);
  const lock = await tryAcquireWriterLock(storagePath);
  if (!lock) throw new Error(`${storagePath} is locked by a running server`);
  const { store: lexical } = await IndexStore.open({ storagePath, embedderKey: null, dimensions: null, logger: silentLogger, readOnly: true });
  const { store: vectors } = await IndexStore.open({
    storagePath,
    embedderKey: identity.key,
    dimensions: identity.dimensions,
    logger: silentLogger,
  });
  try {
    const files = [...(await lexical.catalog()).values()].sort((a, b) => (a.path < b.path ? -1 : 1));
    const random = seededRandom(20240611);
    let rows = 0;
    for (let i = 0; i < files.length; i += 200) {
      const group = files.slice(i, i + 200);
      const chunksByHash = await lexical.cachedChunks(group.map((file) => file.contentHash));
      const batch: WriteFileEntry[] = [];
      for (const file of group) {
        const chunks: Chunk[] = (chunksByHash.get(file.contentHash) ?? []).map((chunk) => ({ ...chunk, path: file.path }));
        if (chunks.length === 0) continue;
        batch.push({ file: { ...file, chunkCount: chunks.length }, chunks, vectors: chunks.map(() => randomUnitVector(random, identity.dimensions)) });
        rows += chunks.length;
      }
      await vectors.writeFiles(batch);
    }
    await vectors.optimize();
    return { rows, files: files.length, dimensions: identity.dimensions, table: `chunks for ${identity.key}`, ms: performance.now() - start };
  } finally {
    await vectors.close();
    await lexical.close();
    await lock.release();
  }
}
