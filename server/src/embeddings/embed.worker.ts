// Runs transformers.js in a worker thread: tokenization and ONNX inference take tens to hundreds of milliseconds per
// batch, which would stall every LSP request if they ran on the server's main thread.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { env, mean_pooling, pipeline, type FeatureExtractionPipeline, type Tensor } from "@huggingface/transformers";
import type { EmbedWorkerConfig, HostToWorkerMessage, WorkerToHostMessage } from "./workerProtocol";

/** Characters kept per input before tokenizing; far above any model's token limit, it only bounds tokenizer work. */
const CHARACTERS_PER_TOKEN_BOUND = 12;
/**
 * Most tokens (batch size x padded length) sent to the model in one run. Measured on the fixture model (2-core CPU,
 * q8): batching helps short inputs a little (~50 tokens: 308 -> 360 chunks/s at batch 2) but hurts long ones (~380
 * tokens: 38 chunks/s alone, 27 at batch 8), so a batch is split into runs that stay under this budget.
 */
const TOKENS_PER_RUN = 512;
/** Used when neither the tokenizer nor the config states a limit; BERT-family models have 512 positions. */
const FALLBACK_MAX_TOKENS = 512;

const config = workerData as EmbedWorkerConfig;
const port: MessagePort = parentPort ?? notInAWorker();

function notInAWorker(): never {
  throw new Error("embed.worker must run as a worker thread.");
}

function post(message: WorkerToHostMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/** One line for the host: the first line of the message, plus the network cause when fetch only says "fetch failed". */
function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n").find((l) => l.trim() !== "")?.trim() ?? "unknown error";
  const cause = error instanceof Error ? (error.cause as (Error & { code?: string }) | undefined) : undefined;
  if (cause instanceof Error) return `${line} (${cause.code && !cause.message.includes(cause.code) ? `${cause.code}: ` : ""}${cause.message})`;
  return line;
}

/** The longest input, in tokens, the model accepts: the smaller of the tokenizer's and the position table's limits. */
function maxTokensOf(extractor: FeatureExtractionPipeline): number {
  const fromTokenizer = Number((extractor.tokenizer as unknown as { model_max_length?: number }).model_max_length);
  const fromConfig = Number((extractor.model.config as unknown as { max_position_embeddings?: number }).max_position_embeddings);
  const limits = [fromTokenizer, fromConfig].filter((n) => Number.isFinite(n) && n > 0 && n < 1_000_000);
  return limits.length > 0 ? Math.min(...limits) : FALLBACK_MAX_TOKENS;
}

async function load(): Promise<{ extractor: FeatureExtractionPipeline; dimensions: number; maxTokens: number }> {
  env.allowLocalModels = true;
  env.allowRemoteModels = config.allowDownload;
  env.localModelPath = config.localModelPath;
  // Downloads are written where the next start looks for local models; without consent nothing is cached or fetched.
  env.useFSCache = config.allowDownload;
  env.cacheDir = config.cacheDir;
  const extractor = (await pipeline("feature-extraction", config.loadId, {
    dtype: "q8",
    device: "cpu",
    session_options: { intraOpNumThreads: config.threads, interOpNumThreads: 1, logSeverityLevel: 3 },
  })) as FeatureExtractionPipeline;
  const maxTokens = maxTokensOf(extractor);
  // The config's hidden_size is the usual answer, but a probe is the only thing that holds for every architecture.
  const probe = await embedBatch(extractor, maxTokens, ["dimension probe"]);
  return { extractor, dimensions: probe[0].length, maxTokens };
}

async function embedBatch(extractor: FeatureExtractionPipeline, maxTokens: number, texts: string[]): Promise<Float32Array[]> {
  const bounded = texts.map((text) => (text.length > maxTokens * CHARACTERS_PER_TOKEN_BOUND ? text.slice(0, maxTokens * CHARACTERS_PER_TOKEN_BOUND) : text));
  const vectors: Float32Array[] = [];
  for (const run of splitByTokenBudget(extractor, maxTokens, bounded)) vectors.push(...(await embedRun(extractor, maxTokens, run)));
  return vectors;
}

/** Consecutive groups of texts whose padded size (count x longest) stays within TOKENS_PER_RUN; order is kept. */
function splitByTokenBudget(extractor: FeatureExtractionPipeline, maxTokens: number, texts: string[]): string[][] {
  if (texts.length <= 1) return [texts];
  const runs: string[][] = [];
  let current: string[] = [];
  let longest = 0;
  for (const text of texts) {
    const ids = extractor.tokenizer.encode(text);
    const tokens = Math.min(ids.length, maxTokens);
    const nextLongest = Math.max(longest, tokens);
    if (current.length > 0 && nextLongest * (current.length + 1) > TOKENS_PER_RUN) {
      runs.push(current);
      current = [];
      longest = tokens;
    } else {
      longest = nextLongest;
    }
    current.push(text);
  }
  runs.push(current);
  return runs;
}

async function embedRun(extractor: FeatureExtractionPipeline, maxTokens: number, texts: string[]): Promise<Float32Array[]> {
  // Tokenizing ourselves (rather than calling the pipeline) pins truncation to the model's real limit: a tokenizer
  // config without model_max_length would otherwise let a long chunk overflow the position table and fail the batch.
  const inputs = extractor.tokenizer(texts, { padding: true, truncation: true, max_length: maxTokens }) as Record<string, Tensor>;
  const outputs = (await extractor.model(inputs)) as Record<string, Tensor | undefined>;
  const hidden = outputs.last_hidden_state ?? outputs.token_embeddings;
  if (!hidden) throw new Error("The model produced no last_hidden_state output; it is not a text-embedding model.");
  const pooled = mean_pooling(hidden, inputs.attention_mask).normalize(2, -1);
  const [rows, dimensions] = pooled.dims as [number, number];
  const data = pooled.data as Float32Array;
  const vectors: Float32Array[] = [];
  for (let row = 0; row < rows; row++) vectors.push(data.slice(row * dimensions, (row + 1) * dimensions));
  return vectors;
}

async function main(): Promise<void> {
  const started = Date.now();
  let loaded: Awaited<ReturnType<typeof load>>;
  try {
    loaded = await load();
  } catch (error) {
    post({ type: "load-failed", message: firstLine(error) });
    return;
  }
  post({ type: "ready", dimensions: loaded.dimensions, maxTokens: loaded.maxTokens, loadMs: Date.now() - started });

  // The host sends one batch at a time, but chaining keeps batches strictly ordered even if that ever changes.
  let previous: Promise<void> = Promise.resolve();
  port.on("message", (message: HostToWorkerMessage) => {
    if (message.type !== "embed") return;
    previous = previous.then(async () => {
      try {
        const vectors = await embedBatch(loaded.extractor, loaded.maxTokens, message.texts);
        post({ type: "embedded", id: message.id, vectors }, vectors.map((v) => v.buffer as ArrayBuffer));
      } catch (error) {
        post({ type: "embed-failed", id: message.id, message: firstLine(error) });
      }
    });
  });
}

void main();
