import type { BenchSettings } from "./serverClient";

export type EmbedderChoice = "none" | "fixture";

/** The random-weight MiniLM-shaped model: its vectors mean nothing, but it costs what the real model costs. */
export const FIXTURE_MODEL_PATH = process.env.VIBE_BENCH_FIXTURE_MODEL ?? "/work/shared/models/fixture/minilm-random";

/** Settings the benchmark's client answers `workspace/configuration` with. */
export function benchSettings(embedder: EmbedderChoice, searchLimit = 50): BenchSettings {
  return {
    index: { exclude: [], maxFileSize: 1_048_576, useGitignore: true },
    embeddings:
      embedder === "none"
        ? { provider: "none" }
        : { provider: "transformers", model: FIXTURE_MODEL_PATH, allowDownload: false, batchSize: 8 },
    search: { limit: searchLimit, includeTests: false },
  };
}
