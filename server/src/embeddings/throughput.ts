import type { Embedder } from "./types";

/**
 * Embeds `texts` as documents in calls of `batchSize` and returns chunks per second, for the benchmarks.
 * The embedder also splits by its own `settings.batchSize`, so create it with a batch size at least this large.
 */
export async function measureEmbedThroughput(embedder: Embedder, texts: string[], batchSize: number): Promise<number> {
  if (texts.length === 0) return 0;
  const size = Math.max(1, Math.floor(batchSize));
  const started = process.hrtime.bigint();
  for (let start = 0; start < texts.length; start += size) {
    await embedder.embed(texts.slice(start, start + size), "document");
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return texts.length / Math.max(seconds, 1e-9);
}
