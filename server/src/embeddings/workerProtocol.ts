/**
 * Messages between the server's main thread (transformersEmbedder.ts) and the embedding worker (embed.worker.ts).
 * The worker loads the model as soon as it starts, from the config passed as `workerData`.
 */
export interface EmbedWorkerConfig {
  /** A Hugging Face id or an absolute folder path, as transformers.js `pipeline()` takes it. */
  loadId: string;
  localModelPath: string;
  /** When true the worker may fetch missing files from the Hugging Face hub into `cacheDir`. */
  allowDownload: boolean;
  cacheDir: string;
  /** ONNX Runtime intra-op threads; kept low so the language server keeps a core for itself. */
  threads: number;
}

export type HostToWorkerMessage = { type: "embed"; id: number; texts: string[] };

export type WorkerToHostMessage =
  | { type: "ready"; dimensions: number; maxTokens: number; loadMs: number }
  | { type: "load-failed"; message: string }
  | { type: "embedded"; id: number; vectors: Float32Array[] }
  | { type: "embed-failed"; id: number; message: string };
