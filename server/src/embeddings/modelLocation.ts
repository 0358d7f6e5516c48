import { existsSync, statSync } from "node:fs";
import * as path from "node:path";

/**
 * The files a transformers.js feature-extraction model needs with `dtype: "q8"`. Checking them up front lets the
 * server say "needs consent" or "folder incomplete" without ever starting a load that would reach for the network.
 */
export const REQUIRED_MODEL_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"] as const;

/** Approximate download sizes of well-known models, quoted in the consent message so the user knows the cost. */
const KNOWN_DOWNLOAD_SIZES: Record<string, string> = {
  "Xenova/all-MiniLM-L6-v2": "~23 MB",
  "Xenova/all-MiniLM-L12-v2": "~34 MB",
  "Xenova/bge-small-en-v1.5": "~34 MB",
  "Xenova/paraphrase-MiniLM-L3-v2": "~17 MB",
};

export interface TransformersModelLocation {
  /** What is handed to transformers.js `pipeline()`: a Hugging Face id, or an absolute folder path. */
  loadId: string;
  /** Folder transformers.js resolves "<org>/<name>" ids under (and where downloads land). */
  localModelPath: string;
  /** Folder the model files are, or would be, in. */
  folder: string;
  /** Short, stable name for keys and messages: the id, or the folder's basename. */
  displayName: string;
  /** True when the setting named a folder rather than a Hugging Face id. */
  isFolder: boolean;
}

/**
 * Works out where a `vibeCoder.embeddings.model` value lives on disk.
 *
 * transformers.js treats any string that is not a valid Hugging Face id (an absolute path is never one) as a path and
 * reads `<that path>/<file>` directly, while a valid id is looked up as `<localModelPath>/<id>/<file>`. So a folder is
 * passed through as it is, and an id is resolved under the model cache, which is also where a consented download is
 * written (transformers.js caches as `<cacheDir>/<id>/<file>`, the same layout).
 */
export function locateTransformersModel(model: string, modelCachePath: string): TransformersModelLocation {
  const trimmed = model.trim();
  if (path.isAbsolute(trimmed)) {
    const folder = path.resolve(trimmed);
    return { loadId: folder, localModelPath: path.dirname(folder), folder, displayName: path.basename(folder), isFolder: true };
  }
  return {
    loadId: trimmed,
    localModelPath: modelCachePath,
    folder: path.join(modelCachePath, ...trimmed.split("/")),
    displayName: trimmed,
    isFolder: false,
  };
}

/** The required files that are absent from `folder` (all of them when the folder does not exist). */
export function missingModelFiles(folder: string): string[] {
  return REQUIRED_MODEL_FILES.filter((file) => {
    const full = path.join(folder, ...file.split("/"));
    return !existsSync(full) || !statSync(full).isFile();
  });
}

/** True when `model` has the shape of a Hugging Face id ("org/name" or "name"), i.e. something that can be downloaded. */
export function looksLikeHuggingFaceId(model: string): boolean {
  return /^([\w.-]+\/)?[\w.-]{1,96}$/.test(model) && !model.includes("..") && !model.includes("--");
}

/** The one sentence shown when a model would have to be downloaded and the user has not allowed it yet. */
export function consentMessage(modelId: string): string {
  const size = KNOWN_DOWNLOAD_SIZES[modelId];
  const what = size ? `${modelId} (${size})` : modelId;
  return `Semantic search needs the embedding model ${what}; allow the download or pick another provider.`;
}
