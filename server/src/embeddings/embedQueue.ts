/** Embeds one batch; result[i] belongs to texts[i]. */
export type BatchRunner = (texts: string[]) => Promise<Float32Array[]>;

interface BatchJob {
  texts: string[];
  /** Where each text of this batch sits in the caller's array. */
  positions: number[];
  call: CallState;
}

interface CallState {
  results: Float32Array[];
  remainingBatches: number;
  settled: boolean;
  resolve(vectors: Float32Array[]): void;
  reject(error: Error): void;
}

/**
 * Splits `embed()` calls into batches and runs at most `concurrency` batches at a time, so that concurrent callers
 * (the indexer, a search, "find similar") never interleave inside one model call or flood an endpoint.
 *
 * Two orderings matter for users:
 * - Query batches go ahead of document batches still waiting, so a search typed during a long indexing run waits for
 *   at most the batch in flight, not for the whole backlog.
 * - Within one call, texts are grouped by length before batching: a batch is padded to its longest text, so mixing a
 *   one-line chunk with a 500-token chunk would waste most of the compute on padding.
 */
export class EmbedBatchQueue {
  private readonly queryJobs: BatchJob[] = [];
  private readonly documentJobs: BatchJob[] = [];
  private running = 0;

  constructor(
    private readonly runBatch: BatchRunner,
    private readonly batchSize: number,
    private readonly concurrency = 1,
  ) {}

  /** Number of batches waiting to start (not counting those in flight). */
  get pendingBatches(): number {
    return this.queryJobs.length + this.documentJobs.length;
  }

  embed(texts: string[], purpose: "document" | "query"): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    return new Promise<Float32Array[]>((resolve, reject) => {
      const order = texts.map((_, index) => index).sort((a, b) => texts[a].length - texts[b].length);
      const size = Math.max(1, Math.floor(this.batchSize));
      const call: CallState = {
        results: new Array<Float32Array>(texts.length),
        remainingBatches: Math.ceil(order.length / size),
        settled: false,
        resolve,
        reject,
      };
      const target = purpose === "query" ? this.queryJobs : this.documentJobs;
      for (let start = 0; start < order.length; start += size) {
        const positions = order.slice(start, start + size);
        target.push({ texts: positions.map((position) => texts[position]), positions, call });
      }
      this.pump();
    });
  }

  /** Rejects every waiting call with `error`; batches already in flight finish but their results are dropped. */
  rejectAll(error: Error): void {
    for (const job of [...this.queryJobs, ...this.documentJobs]) this.fail(job.call, error);
    this.queryJobs.length = 0;
    this.documentJobs.length = 0;
  }

  private pump(): void {
    while (this.running < this.concurrency) {
      const job = this.queryJobs.shift() ?? this.documentJobs.shift();
      if (!job) return;
      if (job.call.settled) continue;
      this.running++;
      void this.run(job);
    }
  }

  private async run(job: BatchJob): Promise<void> {
    try {
      const vectors = await this.runBatch(job.texts);
      if (vectors.length !== job.texts.length) {
        throw new Error(`The embedder returned ${vectors.length} vectors for ${job.texts.length} texts.`);
      }
      if (!job.call.settled) {
        job.positions.forEach((position, i) => (job.call.results[position] = vectors[i]));
        job.call.remainingBatches--;
        if (job.call.remainingBatches === 0) {
          job.call.settled = true;
          job.call.resolve(job.call.results);
        }
      }
    } catch (error) {
      this.fail(job.call, error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.running--;
      this.pump();
    }
  }

  private fail(call: CallState, error: Error): void {
    if (call.settled) return;
    call.settled = true;
    call.reject(error);
  }
}
