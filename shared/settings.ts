/**
 * The server's view of the `vibeCoder.*` settings, with the defaults it uses when a value is missing.
 * package.json `contributes.configuration` declares the same keys; a contract test keeps both in step.
 * `applies` says what a change takes to take effect, so the client can tell the user.
 */
export type SettingApplies = "live" | "restart-server" | "reload-window";

export interface VibeSettings {
  index: {
    /** Extra glob patterns (gitignore syntax) to leave out of the index. */
    exclude: string[];
    /** Files larger than this many bytes are skipped (and counted as "too-large"). */
    maxFileSize: number;
    /** Respect .gitignore files. */
    useGitignore: boolean;
  };
  embeddings: {
    provider: "none" | "transformers" | "openai-compatible";
    /** transformers: a Hugging Face model id or an absolute folder path. openai-compatible: the model name. */
    model: string;
    /** transformers: may the model be downloaded on first use? The client asks the user before setting it. */
    allowDownload: boolean;
    /** openai-compatible: base URL, e.g. http://127.0.0.1:11434/v1 for Ollama. */
    endpoint: string;
    /** Chunks per embedding call. */
    batchSize: number;
  };
  search: {
    /** Default number of results. */
    limit: number;
    /** Show tests at full weight instead of down-weighting them. */
    includeTests: boolean;
  };
}

export const DEFAULT_SETTINGS: VibeSettings = {
  index: {
    exclude: [],
    maxFileSize: 1_048_576,
    useGitignore: true,
  },
  embeddings: {
    provider: "transformers",
    model: "Xenova/all-MiniLM-L6-v2",
    allowDownload: false,
    endpoint: "http://127.0.0.1:11434/v1",
    batchSize: 8,
  },
  search: {
    limit: 20,
    includeTests: false,
  },
};

/** What a change to each setting takes; keys are the full setting ids. */
export const SETTING_APPLIES: Record<string, SettingApplies> = {
  "vibeCoder.index.exclude": "live",
  "vibeCoder.index.maxFileSize": "live",
  "vibeCoder.index.useGitignore": "live",
  "vibeCoder.embeddings.provider": "live",
  "vibeCoder.embeddings.model": "live",
  "vibeCoder.embeddings.allowDownload": "live",
  "vibeCoder.embeddings.endpoint": "live",
  "vibeCoder.embeddings.batchSize": "live",
  "vibeCoder.search.limit": "live",
  "vibeCoder.search.includeTests": "live",
};

/** Merges a partial settings object (as read from `workspace/configuration`) over the defaults, dropping wrong types. */
export function resolveSettings(raw: unknown): VibeSettings {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, Record<string, unknown> | undefined>;
  const pick = <T>(section: string, key: string, fallback: T): T => {
    const value = r[section]?.[key];
    if (Array.isArray(fallback)) return (Array.isArray(value) && value.every((v) => typeof v === "string") ? value : fallback) as T;
    return typeof value === typeof fallback ? (value as T) : fallback;
  };
  const d = DEFAULT_SETTINGS;
  const provider = pick("embeddings", "provider", d.embeddings.provider);
  return {
    index: {
      exclude: pick("index", "exclude", d.index.exclude),
      maxFileSize: Math.max(1, pick("index", "maxFileSize", d.index.maxFileSize)),
      useGitignore: pick("index", "useGitignore", d.index.useGitignore),
    },
    embeddings: {
      provider: ["none", "transformers", "openai-compatible"].includes(provider) ? provider : d.embeddings.provider,
      model: pick("embeddings", "model", d.embeddings.model),
      allowDownload: pick("embeddings", "allowDownload", d.embeddings.allowDownload),
      endpoint: pick("embeddings", "endpoint", d.embeddings.endpoint),
      batchSize: Math.max(1, Math.min(64, pick("embeddings", "batchSize", d.embeddings.batchSize))),
    },
    search: {
      limit: Math.max(1, Math.min(200, pick("search", "limit", d.search.limit))),
      includeTests: pick("search", "includeTests", d.search.includeTests),
    },
  };
}
