import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { silentLogger, type Logger } from "../util/logger";
import type { ImportRecord } from "../impact/importExtract";
import type { ImportLanguage } from "../impact/parsers";
import { requestPath, type ParseJobMessage, type ParseRequest, type ParseWorkerData, type ParseWorkerMessage } from "./parseWorkerProtocol";
import type { Chunk, SourceFile } from "./types";

export interface ParsePoolOptions {
  /**
   * Worker threads. Default: as many as the available cores, at least 1 and at most 2. Parsing is bursty (a full
   * index, then single saves) and each file's chunks are posted back as soon as they are ready, so the main thread
   * stays responsive; measured on 2 cores, a second parser cut a lexical cold index of 10k files from ~27 s to
   * ~22 s, because the main thread spends much of a run waiting on store writes rather than computing.
   */
  size?: number;
  /** Folder with the `.wasm` files; see `createChunker`. */
  grammarDir?: string;
  /** The worker script; by default the bundled `parse.worker.js` next to this file, or the `.ts` source under tsx. */
  workerPath?: string;
  /** A job running longer than this is taken to be stuck: its worker is replaced and the job fails. Default 30 s. */
  jobTimeoutMs?: number;
  logger?: Logger;
}

/** A worker's successful answer to a job. */
type JobReply = Extract<ParseWorkerMessage, { type: "result" | "imports" }>;

interface Job {
  id: number;
  request: ParseRequest;
  /** Takes the worker's reply; checks that it is the kind of result the request asked for. */
  resolve: (message: JobReply) => void;
  reject: (error: Error) => void;
}

/** "chunking src/a.ts", for messages about a job. */
function describeRequest(request: ParseRequest): string {
  return `${request.kind === "chunks" ? "chunking" : "reading the imports of"} ${requestPath(request)}`;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  lastError?: Error;
}

const DEFAULT_JOB_TIMEOUT_MS = 30_000;
/**
 * A parser's JavaScript heap only holds one file's text and chunks at a time (the syntax tree lives in WASM
 * memory), but V8 lets an unlimited worker heap grow with its allocation rate: measured at 10k files, these limits
 * took ~60 MB off the server's peak with two workers. A file too big for them fails like a crash does (the worker
 * is replaced and the file is indexed as plain text).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 };

/**
 * Parses files on worker threads: chunks for the indexer, import records for the impact graph's first build. Jobs
 * queue in order and go to whichever worker is free. A worker that crashes or hangs fails only the job it was running
 * (with an error naming the file) and is replaced; a worker that cannot even start (missing grammar files) fails the
 * pool, since a replacement would fail the same way.
 */
export class ParsePool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly size: number;
  private readonly workerPath: string;
  private readonly logger: Logger;
  private nextJobId = 1;
  private started: Promise<void> | undefined;
  private failure: Error | undefined;
  private disposed = false;

  /** Starts the workers and waits until each has loaded its grammars. */
  static async create(options: ParsePoolOptions = {}): Promise<ParsePool> {
    const pool = new ParsePool(options);
    await pool.start();
    return pool;
  }

  /** Creates a pool whose workers start on the first `chunk` call (or on `start`). */
  constructor(private readonly options: ParsePoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
    this.workerPath = options.workerPath ?? defaultWorkerPath();
    this.logger = options.logger ?? silentLogger;
  }

  /** Resolves once every worker is ready; rejects if a worker cannot start. Idempotent. */
  start(): Promise<void> {
    this.started ??= Promise.all(Array.from({ length: this.size }, () => this.spawn())).then(() => undefined);
    return this.started;
  }

  /** The file's chunks, computed on a worker thread. */
  chunk(file: SourceFile): Promise<Chunk[]> {
    return this.run({ kind: "chunks", file }, (message) => (message.type === "result" ? message.chunks : undefined));
  }

  /** The file's import statements (for the impact graph), parsed on a worker thread. */
  imports(path: string, language: ImportLanguage, text: string): Promise<ImportRecord[]> {
    return this.run({ kind: "imports", path, language, text }, (message) => (message.type === "imports" ? message.records : undefined));
  }

  private run<T>(request: ParseRequest, take: (message: JobReply) => T | undefined): Promise<T> {
    if (this.disposed) return Promise.reject(new Error("The parse pool has been disposed"));
    if (this.failure) return Promise.reject(this.failure);
    const promise = new Promise<T>((resolve, reject) => {
      const accept = (message: JobReply): void => {
        const result = take(message);
        if (result === undefined) reject(new Error(`The parse worker sent a ${message.type} reply while ${describeRequest(request)}`));
        else resolve(result);
      };
      this.queue.push({ id: this.nextJobId++, request, resolve: accept, reject });
    });
    // Start-up failures reach the job through `failAll`; the rejection here is already handled there.
    this.start().catch(() => undefined);
    this.dispatch();
    return promise;
  }

  /** Stops every worker; queued and running jobs fail with a clear error. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const error = new Error("The parse pool was disposed before the file was parsed");
    this.failAll(error);
    const workers = [...this.slots].map((slot) => slot.worker);
    this.slots.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private spawn(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const workerData: ParseWorkerData = { grammarDir: this.options.grammarDir };
      let worker: Worker;
      try {
        worker = new Worker(this.workerPath, { workerData, execArgv: workerExecArgv(this.workerPath), resourceLimits: WORKER_LIMITS });
      } catch (error) {
        this.failure = new Error(`The parse worker could not start: ${error instanceof Error ? error.message : String(error)}`);
        this.failQueued(this.failure);
        reject(this.failure);
        return;
      }
      const slot: Slot = { worker, ready: false };
      this.slots.add(slot);
      worker.on("message", (message: ParseWorkerMessage) => {
        if (message.type === "ready") {
          slot.ready = true;
          // An idle worker must not keep the process alive; `dispatch` refs it again while it works.
          worker.unref();
          resolve();
          this.dispatch();
        } else if (message.type === "startup-failed") {
          slot.lastError = new Error(`The parse worker could not start: ${message.message}`);
        } else if (message.type === "log") {
          this.logger[message.level](message.message);
        } else {
          this.finishJob(slot, message);
        }
      });
      worker.on("error", (error) => {
        slot.lastError = error;
      });
      worker.on("exit", (code) => {
        const wasReady = slot.ready;
        this.onExit(slot, code);
        if (!wasReady) reject(slot.lastError ?? new Error(`The parse worker exited with code ${code} while starting`));
      });
    });
  }

  private onExit(slot: Slot, code: number): void {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.timer);
    if (this.disposed) return;
    const cause = slot.lastError ? `: ${slot.lastError.message}` : "";
    if (slot.job) {
      const { request, reject } = slot.job;
      slot.job = undefined;
      this.logger.error(`Parse worker died while ${describeRequest(request)} (exit code ${code}${cause}); starting a new one.`);
      reject(new Error(`The parse worker died while ${describeRequest(request)} (exit code ${code}${cause})`));
    }
    if (!slot.ready) {
      // It never started, so a replacement would fail the same way: fail the pool instead of looping.
      this.failure = slot.lastError ?? new Error(`The parse worker exited with code ${code} while starting`);
      this.logger.error(this.failure.message);
      this.failQueued(this.failure);
      return;
    }
    this.spawn().catch(() => undefined);
  }

  private finishJob(slot: Slot, message: Extract<ParseWorkerMessage, { id: number }>): void {
    const job = slot.job;
    if (!job || job.id !== message.id) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.worker.unref();
    if (message.type === "error") {
      const what = describeRequest(job.request);
      job.reject(new Error(`${what[0].toUpperCase()}${what.slice(1)} failed: ${message.message}`));
    } else job.resolve(message);
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift() as Job;
      slot.job = job;
      // A busy worker keeps the process alive (a CLI awaiting chunks must not exit); an idle one does not.
      slot.worker.ref();
      const timeoutMs = this.options.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
      slot.timer = setTimeout(() => {
        slot.lastError = new Error(`no result after ${timeoutMs} ms`);
        void slot.worker.terminate();
      }, timeoutMs);
      slot.timer.unref();
      const message: ParseJobMessage = { id: job.id, ...job.request };
      slot.worker.postMessage(message);
    }
  }

  private failQueued(error: Error): void {
    for (const job of this.queue.splice(0)) job.reject(error);
  }

  private failAll(error: Error): void {
    this.failQueued(error);
    for (const slot of this.slots) {
      if (!slot.job) continue;
      clearTimeout(slot.timer);
      slot.job.reject(error);
      slot.job = undefined;
    }
  }
}

function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, os.availableParallelism()));
}

function defaultWorkerPath(): string {
  const bundled = path.join(__dirname, "parse.worker.js");
  return existsSync(bundled) ? bundled : path.join(__dirname, "parse.worker.ts");
}

/**
 * Running from source (tests under tsx), the worker is a `.ts` file: tsx's CommonJS hook makes it loadable. (tsx's
 * `--import` form does not reach a worker's module loader on Node 20, so the require hook is used instead.)
 */
function workerExecArgv(workerPath: string): string[] | undefined {
  return workerPath.endsWith(".ts") ? ["--require", createRequire(__filename).resolve("tsx/cjs")] : undefined;
}
