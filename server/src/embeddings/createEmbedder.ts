import type { EmbedderStatus } from "../../../shared/protocol/indexing";
import type { VibeSettings } from "../../../shared/settings";
import type { Logger } from "../util/logger";
import { createOpenAiEmbedder } from "./openaiEmbedder";
import { createTransformersEmbedder } from "./transformersEmbedder";
import type { Embedder } from "./types";

export interface CreateEmbedderOptions {
  /** Where Hugging Face ids are looked up ("<modelCachePath>/<org>/<name>/") and where a consented download goes. */
  modelCachePath: string;
  logger: Logger;
  /** openai-compatible: the API key (from the client's SecretStorage); "not-needed" when absent. */
  apiKey?: string;
  /** transformers: the worker script; defaults to embed.worker.js next to the bundled server. */
  workerPath?: string;
  /** Called on every status change ("loading" first), so the UI can show progress while this function awaits. */
  onStatus?: (status: EmbedderStatus) => void;
  /** transformers: ONNX Runtime intra-op threads (default: half the cores, at least 1). */
  threads?: number;
  /** openai-compatible: per-request timeout in ms (default 60 000) and retries (default 2). */
  timeoutMs?: number;
  maxRetries?: number;
}

/**
 * Builds the embedder the settings ask for and waits until it is usable or known not to be.
 *
 * - provider "none" → null (lexical and structural search only).
 * - Otherwise an Embedder whose `status().state` is "ready" (then `dimensions` and `key` are final),
 *   "needs-consent" (the model must be downloaded and `allowDownload` is false; nothing touched the network) or
 *   "failed" (one sentence in `status().message`). In the last two states `embed()` rejects with that message and
 *   `dimensions` is 0, so the caller must check the state before opening a vector table.
 *
 * Never throws for a bad configuration. Always `dispose()` the result (it may own a worker thread).
 */
export async function createEmbedder(settings: VibeSettings["embeddings"], options: CreateEmbedderOptions): Promise<Embedder | null> {
  switch (settings.provider) {
    case "none":
      return null;
    case "transformers":
      return createTransformersEmbedder(settings, options);
    case "openai-compatible":
      return createOpenAiEmbedder(settings, options);
    default: {
      // Settings come from the user's JSON; resolveSettings already filters them, but be safe against drift.
      const provider: string = settings.provider;
      options.logger.warn(`Embeddings: unknown provider "${provider}"; semantic search is off.`);
      return null;
    }
  }
}

/** The status to show when there is no embedder at all (provider "none"). */
export function noEmbedderStatus(): EmbedderStatus {
  return { provider: "none", state: "off" };
}
