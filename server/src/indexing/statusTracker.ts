import type { EmbedderStatus, IndexPhase, IndexStatus, SkipReason } from "../../../shared/protocol/indexing";

/**
 * Holds the index status shown in the status bar and pushes it to the client at most a few times a second:
 * indexing 10k files must not flood the LSP channel with 10k notifications.
 */
export class StatusTracker {
  private status: IndexStatus;
  private runStartedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastSentAt = 0;

  constructor(
    indexPath: string,
    private readonly send: (status: IndexStatus) => void,
    private readonly minIntervalMs = 250,
  ) {
    this.status = {
      phase: "starting",
      filesDone: 0,
      filesTotal: 0,
      rate: 0,
      indexedFiles: 0,
      chunks: 0,
      skipped: {},
      embedder: { provider: "none", state: "off" },
      indexBytes: 0,
      indexPath,
      readOnly: false,
    };
  }

  current(): IndexStatus {
    return { ...this.status, skipped: { ...this.status.skipped }, embedder: { ...this.status.embedder } };
  }

  setPhase(phase: IndexPhase, message?: string): void {
    this.status.phase = phase;
    this.status.message = message;
    this.flush();
  }

  beginRun(filesTotal: number): void {
    this.runStartedAt = Date.now();
    this.status.filesDone = 0;
    this.status.filesTotal = filesTotal;
    this.status.rate = 0;
    this.status.etaSeconds = undefined;
    this.setPhase(filesTotal > 0 ? "indexing" : this.status.phase);
  }

  progress(filesDone: number): void {
    this.status.filesDone = filesDone;
    const seconds = (Date.now() - this.runStartedAt) / 1000;
    this.status.rate = seconds > 0 ? Math.round((filesDone / seconds) * 10) / 10 : 0;
    const left = this.status.filesTotal - filesDone;
    this.status.etaSeconds = this.status.rate > 0 ? Math.ceil(left / this.status.rate) : undefined;
    this.schedule();
  }

  setSkipped(skipped: Partial<Record<SkipReason, number>>): void {
    this.status.skipped = { ...skipped };
    this.schedule();
  }

  setTotals(totals: { indexedFiles: number; chunks: number; indexBytes: number }): void {
    Object.assign(this.status, totals);
    this.schedule();
  }

  setEmbedder(embedder: EmbedderStatus): void {
    this.status.embedder = { ...embedder };
    this.flush();
  }

  setReadOnly(readOnly: boolean): void {
    this.status.readOnly = readOnly;
    this.flush();
  }

  /** Sends now; phase changes and embedder changes are worth an immediate update. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastSentAt = Date.now();
    this.send(this.current());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.minIntervalMs - (Date.now() - this.lastSentAt));
    this.timer = setTimeout(() => this.flush(), wait);
  }
}
