import OpenAI from "openai";
import type { VibeSettings } from "../../../shared/settings";
import { StatusReportingEmbedder, type EmbedderStatusOptions } from "./embedderHealth";
import { EmbedBatchQueue } from "./embedQueue";
import { describeEndpointError, EmbeddingResponseShapeError, vectorsFromResponse, type EndpointContext } from "./endpointErrors";
import { inputPrefixFor } from "./inputPrefixes";
import type { Embedder } from "./types";
import { normalizeVector } from "./vectorMath";

export interface OpenAiEmbedderOptions extends EmbedderStatusOptions {
  /** Sent as the bearer token; local servers such as Ollama ignore it. */
  apiKey?: string;
  /** Per-request timeout; defaults to 60 s (a CPU-only server embedding a large batch can be slow). */
  timeoutMs?: number;
  /** Retries after 408/409/429/5xx and connection errors, with the SDK's backoff; defaults to 2. */
  maxRetries?: number;
}

/**
 * Inputs longer than this many characters are cut before sending. Servers differ in what they do with inputs over the
 * model's context (OpenAI rejects the whole request, Ollama truncates), so the cut keeps one long file from failing
 * a batch; code chunks are far shorter than this.
 */
const MAX_INPUT_CHARACTERS = 8_192;
/** Batches sent at once: enough to keep a remote server busy, few enough not to flood a local one. */
const CONCURRENT_REQUESTS = 2;

/** Embeds through any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Ollama, vLLM, LM Studio, llama.cpp, TEI). */
class OpenAiEmbedder extends StatusReportingEmbedder implements Embedder {
  private readonly client: OpenAI;
  private readonly queue: EmbedBatchQueue;
  private readonly context: EndpointContext;

  constructor(
    private readonly settings: VibeSettings["embeddings"],
    private readonly options: OpenAiEmbedderOptions,
  ) {
    super("openai-compatible", settings.model, options);
    this.context = {
      endpoint: settings.endpoint,
      model: settings.model,
      timeoutMs: options.timeoutMs ?? 60_000,
      maxRetries: options.maxRetries ?? 2,
    };
    const { logger } = options;
    this.client = new OpenAI({
      baseURL: settings.endpoint,
      apiKey: options.apiKey ?? "not-needed",
      timeout: this.context.timeoutMs,
      maxRetries: this.context.maxRetries,
      // The SDK would otherwise warn through console, which the server must not write to.
      logger: { error: (m: string) => logger.error(`Embeddings endpoint: ${m}`), warn: (m: string) => logger.warn(`Embeddings endpoint: ${m}`), info: (m: string) => logger.debug(`Embeddings endpoint: ${m}`), debug: () => undefined },
    });
    this.queue = new EmbedBatchQueue((texts) => this.request(texts), settings.batchSize, CONCURRENT_REQUESTS);
  }

  get key(): string {
    return `openai-compatible:${this.settings.model}:${this.dims}`;
  }

  embed(texts: string[], purpose: "document" | "query"): Promise<Float32Array[]> {
    if (this.disposed) return Promise.reject(new Error("The embedder has been disposed."));
    if (this.state === "failed") return Promise.reject(new Error(this.message ?? "The embeddings endpoint is not available."));
    const prefix = inputPrefixFor(this.settings.model, purpose);
    return this.queue.embed(texts.map((text) => prefix + text), purpose);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.queue.rejectAll(new Error("The embedder was disposed before this request ran."));
  }

  /** Probes the endpoint once to learn the dimensions; records "ready" or "failed" and never throws. */
  async start(): Promise<void> {
    this.setStatus("loading");
    try {
      const [probe] = await this.request(["dimension probe"]);
      this.dims = probe.length;
      this.options.logger.info(`Embeddings: ${this.settings.model} at ${this.settings.endpoint} ready (${this.dims} dims).`);
      this.setStatus("ready");
    } catch (error) {
      this.setStatus("failed", error instanceof Error ? error.message : String(error));
    }
  }

  /** One HTTP call for one batch; every failure comes out as an Error whose message is a sentence for the user. */
  private async request(texts: string[]): Promise<Float32Array[]> {
    // Servers reject empty strings ("input cannot be an empty string"); a space embeds as "nothing" just as well.
    const input = texts.map((text) => (text.trim() === "" ? " " : text.length > MAX_INPUT_CHARACTERS ? text.slice(0, MAX_INPUT_CHARACTERS) : text));
    try {
      const response = await this.client.embeddings.create({ model: this.settings.model, input, encoding_format: "float" });
      const vectors = vectorsFromResponse(response, texts.length);
      if (this.dims > 0 && vectors[0].length !== this.dims) {
        throw new EmbeddingResponseShapeError(`it returned ${vectors[0].length}-dimensional vectors, but the index was built with ${this.dims}.`);
      }
      return vectors.map((vector) => normalizeVector(vector));
    } catch (error) {
      throw new Error(describeEndpointError(error, this.context), { cause: error });
    }
  }
}

/**
 * Creates an OpenAI-compatible embedder and waits for one probe call that discovers the vector size.
 * Never throws for a bad configuration: an unreachable endpoint or unknown model shows up as status "failed".
 */
export async function createOpenAiEmbedder(settings: VibeSettings["embeddings"], options: OpenAiEmbedderOptions): Promise<Embedder> {
  const embedder = new OpenAiEmbedder(settings, options);
  await embedder.start();
  return embedder;
}
