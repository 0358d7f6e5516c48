import { existsSync } from "node:fs";
import * as os from "node:os";
import { Worker } from "node:worker_threads";
import type { VibeSettings } from "../../../shared/settings";
import { StatusReportingEmbedder, type EmbedderStatusOptions } from "./embedderHealth";
import { EmbedBatchQueue } from "./embedQueue";
import { inputPrefixFor } from "./inputPrefixes";
import { consentMessage, locateTransformersModel, looksLikeHuggingFaceId, missingModelFiles, type TransformersModelLocation } from "./modelLocation";
import type { Embedder } from "./types";
import type { EmbedWorkerConfig, HostToWorkerMessage, WorkerToHostMessage } from "./workerProtocol";
import { pipeWorkerOutput, resolveEmbedWorkerPath, workerExecArgv } from "./workerSpawn";

export interface TransformersEmbedderOptions extends EmbedderStatusOptions {
  modelCachePath: string;
  /** The embedding worker script; defaults to embed.worker.js next to the bundled server (see workerSpawn.ts). */
  workerPath?: string;
  /** ONNX Runtime intra-op threads; defaults to half the cores (1 on a 2-core machine) so the server stays responsive. */
  threads?: number;
  /** How long loading may take before it is reported as failed; defaults to 2 minutes (15 with a download). */
  loadTimeoutMs?: number;
}

/** A worker that dies after loading is restarted on the next request, but not forever: a model that crashes ORT stays failed. */
const MAX_WORKER_RESTARTS = 3;

interface PendingBatch {
  resolve(vectors: Float32Array[]): void;
  reject(error: Error): void;
}

/**
 * Embeds with a local transformers.js model in a worker thread. Created through `createTransformersEmbedder`, which
 * resolves once the model is loaded or has definitely failed; `status()` tells which.
 */
class TransformersEmbedder extends StatusReportingEmbedder implements Embedder {
  private worker: Worker | undefined;
  private starting: Promise<void> | undefined;
  private restarts = 0;
  /** True when the first load has to fetch files, so a failure is worded as a download problem. */
  private downloading = false;
  private nextId = 1;
  private readonly pending = new Map<number, PendingBatch>();
  private readonly queue: EmbedBatchQueue;

  constructor(
    private readonly settings: VibeSettings["embeddings"],
    private readonly location: TransformersModelLocation,
    private readonly options: TransformersEmbedderOptions,
  ) {
    super("transformers", settings.model, options);
    this.queue = new EmbedBatchQueue((texts) => this.runBatch(texts), settings.batchSize, 1);
  }

  get key(): string {
    return `transformers:${this.location.displayName}:${this.dims}`;
  }

  embed(texts: string[], purpose: "document" | "query"): Promise<Float32Array[]> {
    if (this.disposed) return Promise.reject(new Error("The embedder has been disposed."));
    if (this.state === "needs-consent" || (this.state === "failed" && !this.canRestart())) {
      return Promise.reject(new Error(this.message ?? "The embedding model is not available."));
    }
    const prefix = inputPrefixFor(this.location.displayName, purpose);
    return this.queue.embed(prefix ? texts.map((text) => prefix + text) : texts, purpose);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.queue.rejectAll(new Error("The embedder was disposed before this request ran."));
    this.rejectPending(new Error("The embedder was disposed while embedding."));
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  /** Decides between needs-consent, failed and loading, then loads. Never throws. */
  async start(): Promise<void> {
    const missing = missingModelFiles(this.location.folder);
    if (missing.length > 0 && this.location.isFolder) {
      this.setStatus("failed", existsSync(this.location.folder)
        ? `The embedding model folder ${this.location.folder} is missing ${missing.join(", ")}.`
        : `The embedding model folder ${this.location.folder} does not exist.`);
      return;
    }
    if (missing.length > 0 && !looksLikeHuggingFaceId(this.location.loadId)) {
      this.setStatus("failed", `"${this.settings.model}" is neither a Hugging Face model id nor an absolute folder path.`);
      return;
    }
    if (missing.length > 0 && !this.settings.allowDownload) {
      // Deciding here, before any worker starts, is what guarantees no network attempt without consent.
      this.setStatus("needs-consent", consentMessage(this.location.loadId));
      return;
    }
    this.downloading = missing.length > 0;
    try {
      await this.ensureWorker();
    } catch {
      // ensureWorker has already recorded the failure in the status.
    }
  }

  private canRestart(): boolean {
    return this.dims > 0 && this.restarts < MAX_WORKER_RESTARTS;
  }

  private ensureWorker(): Promise<void> {
    if (this.worker && this.state === "ready") return Promise.resolve();
    this.starting ??= this.spawn().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private spawn(): Promise<void> {
    const { logger } = this.options;
    const workerPath = this.options.workerPath ?? resolveEmbedWorkerPath();
    const config: EmbedWorkerConfig = {
      loadId: this.location.loadId,
      localModelPath: this.location.localModelPath,
      allowDownload: this.settings.allowDownload,
      cacheDir: this.options.modelCachePath,
      threads: this.options.threads ?? Math.max(1, Math.floor(os.availableParallelism() / 2)),
    };
    this.setStatus("loading");
    logger.info(`Embeddings: loading ${this.settings.model} in a worker (${config.threads} thread(s)).`);
    // stdout/stderr are piped to the logger: inherited output would corrupt the LSP stream when the server runs on stdio.
    const worker = new Worker(workerPath, { workerData: config, execArgv: workerExecArgv(workerPath), stdout: true, stderr: true });
    this.worker = worker;
    pipeWorkerOutput(worker, logger);

    return new Promise<void>((resolve, reject) => {
      let loaded = false;
      const timeoutMs = this.options.loadTimeoutMs ?? (this.settings.allowDownload ? 15 * 60_000 : 2 * 60_000);
      const timer = setTimeout(() => failLoad(`Loading the embedding model ${this.location.displayName} took longer than ${Math.round(timeoutMs / 1000)} s.`), timeoutMs);
      const failLoad = (message: string): void => {
        if (loaded) return;
        loaded = true;
        clearTimeout(timer);
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        this.setStatus("failed", message);
        reject(new Error(message));
      };
      worker.on("message", (message: WorkerToHostMessage) => {
        switch (message.type) {
          case "ready":
            loaded = true;
            clearTimeout(timer);
            this.dims = message.dimensions;
            logger.info(`Embeddings: ${this.location.displayName} ready in ${message.loadMs} ms (${message.dimensions} dims, max ${message.maxTokens} tokens).`);
            this.setStatus("ready");
            this.updateRef();
            resolve();
            break;
          case "load-failed":
            failLoad(this.downloading
              ? `Could not download the embedding model ${this.location.displayName} from the Hugging Face hub: ${message.message}`
              : `Could not load the embedding model ${this.location.displayName}: ${message.message}`);
            break;
          case "embedded":
            this.settle(message.id, (p) => p.resolve(message.vectors));
            break;
          case "embed-failed":
            this.settle(message.id, (p) => p.reject(new Error(`Embedding failed: ${message.message}`)));
            break;
        }
      });
      worker.on("error", (error) => logger.error(`Embeddings: worker error: ${error.message}`));
      worker.on("exit", (code) => {
        if (this.worker === worker) this.worker = undefined;
        if (this.disposed) return;
        if (!loaded) {
          failLoad(`The embedding worker stopped while loading ${this.location.displayName} (exit code ${code}).`);
          return;
        }
        const restartNote = this.canRestart() ? "; it restarts on the next request" : "";
        this.setStatus("failed", `The embedding worker stopped unexpectedly (exit code ${code})${restartNote}.`);
        this.rejectPending(new Error(this.message ?? "The embedding worker stopped."));
      });
    });
  }

  private async runBatch(texts: string[]): Promise<Float32Array[]> {
    if (this.state !== "ready" || !this.worker) {
      if (!this.starting) {
        if (!this.canRestart()) throw new Error(this.message ?? "The embedding model is not available.");
        this.restarts++;
      }
      await this.ensureWorker();
    }
    const worker = this.worker;
    if (!worker) throw new Error(this.message ?? "The embedding worker is not running.");
    const id = this.nextId++;
    return new Promise<Float32Array[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.updateRef();
      worker.postMessage({ type: "embed", id, texts } satisfies HostToWorkerMessage);
    });
  }

  private settle(id: number, action: (pending: PendingBatch) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    this.updateRef();
    action(pending);
  }

  private rejectPending(error: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const pending of all) pending.reject(error);
  }

  /** An idle worker must not keep a CLI process alive, but one with work in flight must. */
  private updateRef(): void {
    if (!this.worker) return;
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}

/**
 * Creates a transformers.js embedder and waits until its model is loaded, or known to need consent, or failed.
 * Never throws for a bad configuration: the outcome is in `status()`, and `embed()` rejects with its message.
 */
export async function createTransformersEmbedder(settings: VibeSettings["embeddings"], options: TransformersEmbedderOptions): Promise<Embedder> {
  const embedder = new TransformersEmbedder(settings, locateTransformersModel(settings.model, options.modelCachePath), options);
  await embedder.start();
  return embedder;
}
