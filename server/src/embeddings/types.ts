import type { EmbedderStatus } from "../../../shared/protocol/indexing";

/**
 * Turns text into unit-length vectors. Implementations run their heavy work off the server's main thread
 * (a worker thread for transformers.js, HTTP for an endpoint) so LSP requests stay responsive while indexing.
 */
export interface Embedder {
  /** Stable id for this (provider, model, dimensions): index tables and caches are keyed by it. */
  readonly key: string;
  readonly dimensions: number;
  /** Embeds a batch; result[i] belongs to texts[i]. Rejects with a clear Error on failure. */
  embed(texts: string[], purpose: "document" | "query"): Promise<Float32Array[]>;
  status(): EmbedderStatus;
  dispose(): Promise<void>;
}
