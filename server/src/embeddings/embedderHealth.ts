import type { EmbedderStatus } from "../../../shared/protocol/indexing";
import type { Logger } from "../util/logger";

/** What every embedder reports its status through. */
export interface EmbedderStatusOptions {
  logger: Logger;
  /** Called on every status change, so the caller can show "loading" while `createEmbedder` is still awaiting. */
  onStatus?: (status: EmbedderStatus) => void;
}

/**
 * The status half of an embedder, the same for every provider: state, message and dimensions, a change logged when it
 * needs the user (failed, needs consent) and passed to `onStatus`.
 */
export abstract class StatusReportingEmbedder {
  protected state: EmbedderStatus["state"] = "loading";
  protected message: string | undefined;
  /** 0 until the model or endpoint said how long its vectors are. */
  protected dims = 0;
  protected disposed = false;

  constructor(
    private readonly provider: EmbedderStatus["provider"],
    private readonly model: string,
    private readonly statusOptions: EmbedderStatusOptions,
  ) {}

  get dimensions(): number {
    return this.dims;
  }

  status(): EmbedderStatus {
    return {
      provider: this.provider,
      model: this.model,
      ...(this.dims > 0 ? { dimensions: this.dims } : {}),
      state: this.state,
      ...(this.message !== undefined ? { message: this.message } : {}),
    };
  }

  protected setStatus(state: EmbedderStatus["state"], message?: string): void {
    this.state = state;
    this.message = message;
    if (state === "failed" || state === "needs-consent") this.statusOptions.logger.warn(`Embeddings: ${message ?? state}`);
    this.statusOptions.onStatus?.(this.status());
  }
}
