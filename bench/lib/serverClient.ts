/**
 * A minimal LSP client for benchmarks: it starts the built language server over stdio, answers the server's
 * `workspace/configuration` pulls with the settings a benchmark chose, and measures the server's peak memory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, readdirSync, type WriteStream } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeWatchedFilesNotification,
  ExitNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type ProtocolConnection,
} from "vscode-languageserver-protocol/node";
import type { VibeInitializationOptions } from "../../shared/protocol/initialize";
import {
  GetIndexStatusRequest,
  IndexNowRequest,
  type IndexRunSummary,
  type IndexStatus,
} from "../../shared/protocol/indexing";
import { SearchRequest, type SearchParams, type SearchResult } from "../../shared/protocol/search";
import type { VibeSettings } from "../../shared/settings";

export const SERVER_ENTRY = resolve(__dirname, "../../dist/server/server.js");

/** Settings sections as the server reads them; anything missing falls back to the server's defaults. */
export type BenchSettings = {
  [K in keyof VibeSettings]?: Partial<VibeSettings[K]>;
};

export interface ServerOptions {
  /** The workspace folder the server indexes. */
  workspaceFolder: string;
  /** Where the server keeps its index (a fresh temp dir gives a cold start). */
  storagePath: string;
  modelCachePath: string;
  settings: BenchSettings;
  /** The server's stderr and `window/logMessage` lines go here, so a failed run can be read afterwards. */
  logFile?: string;
}

export interface PeakMemory {
  /** VmHWM of the server process in bytes. */
  serverBytes: number;
  /** VmHWM of any child processes the server started (worker threads are inside the server's own figure). */
  childBytes: number;
}

/** A running server plus the connection that talks to it. */
export class BenchServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
    private readonly log: WriteStream | undefined,
    private readonly childPeaks: Map<number, number>,
    private readonly childPoll: NodeJS.Timeout,
  ) {}

  /** Spawns `node dist/server/server.js --stdio`, initializes it on `options.workspaceFolder` and waits for the handshake. */
  static async start(options: ServerOptions): Promise<BenchServer> {
    if (!existsSync(SERVER_ENTRY)) {
      throw new Error(`${SERVER_ENTRY} does not exist: run \`npm run build\` first.`);
    }
    const child = spawn(process.execPath, [SERVER_ENTRY, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : undefined;
    child.stderr?.on("data", (data: Buffer) => log?.write(data));
    const exited = new Promise<never>((_, reject) => {
      child.once("exit", (code, signal) => reject(new Error(`server exited early (code ${code}, signal ${signal})`)));
      child.once("error", reject);
    });
    exited.catch(() => undefined);

    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout!),
      new StreamMessageWriter(child.stdin!),
    );
    let configurationPulled: () => void = () => undefined;
    const pulled = new Promise<void>((done) => (configurationPulled = done));
    connection.onRequest(ConfigurationRequest.type, (params) => {
      setImmediate(configurationPulled);
      return params.items.map((item) => (item.section === "vibeCoder" ? options.settings : null));
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onNotification(LogMessageNotification.type, (params) => {
      log?.write(`[log ${params.type}] ${params.message}\n`);
    });
    connection.listen();

    const childPeaks = new Map<number, number>();
    const childPoll = setInterval(() => recordChildPeaks(child.pid, childPeaks), 1000);
    const server = new BenchServer(child, connection, log, childPeaks, childPoll);

    const folderUri = pathToFileURL(options.workspaceFolder).href;
    // `autoIndex: false` (read by server/src/main.ts) keeps the server from starting a scan on its own, so every
    // index run the benchmark times is one it asked for.
    const initializationOptions: VibeInitializationOptions & { autoIndex: boolean } = {
      storagePath: options.storagePath,
      modelCachePath: options.modelCachePath,
      clientKind: "cli",
      watchFiles: false,
      autoIndex: false,
    };
    const initialize = connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: "bench" }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: false },
        },
        window: { workDoneProgress: false },
      },
      initializationOptions,
    });
    try {
      await Promise.race([initialize, exited]);
    } catch (error) {
      await server.kill();
      throw error;
    }
    await connection.sendNotification(InitializedNotification.type, {});
    // The server opens its workspace session after pulling settings; wait for that pull and one round trip.
    try {
      await Promise.race([withTimeout(pulled, 30_000), exited]);
      await Promise.race([server.status(), exited]);
    } catch (error) {
      await server.kill();
      throw error;
    }
    return server;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /**
   * Runs an index pass; retried briefly while the server is still creating its session after `initialized`.
   * Rejects after `timeoutMs` so a run that never finishes is reported instead of hanging the benchmark.
   */
  async indexNow(full = false, timeoutMs = 30 * 60_000): Promise<IndexRunSummary> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const left = Math.max(1, deadline - Date.now());
        return await withTimeout(this.connection.sendRequest(IndexNowRequest.type, { full }), left, "vibe/indexNow");
      } catch (error) {
        if (attempt >= 50 || !/No folder is open/.test(String(error))) throw error;
        await new Promise((done) => setTimeout(done, 100));
      }
    }
  }

  status(): Promise<IndexStatus> {
    return this.connection.sendRequest(GetIndexStatusRequest.type, undefined);
  }

  search(params: SearchParams): Promise<SearchResult> {
    return this.connection.sendRequest(SearchRequest.type, params);
  }

  /** Tells the server that files changed on disk, as an editor's file watcher would. */
  filesChanged(changes: Array<{ path: string; kind: "created" | "changed" | "deleted" }>): Promise<void> {
    const type: Record<string, FileChangeType> = { created: FileChangeType.Created, changed: FileChangeType.Changed, deleted: FileChangeType.Deleted };
    return this.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: changes.map((c) => ({ uri: pathToFileURL(c.path).href, type: type[c.kind] })),
    });
  }

  /** Peak resident memory so far (VmHWM is a high-water mark kept by the kernel, so one read at the end suffices). */
  peakMemory(): PeakMemory {
    recordChildPeaks(this.child.pid, this.childPeaks);
    let childBytes = 0;
    for (const bytes of this.childPeaks.values()) childBytes += bytes;
    return { serverBytes: readHighWaterMark(this.child.pid) ?? 0, childBytes };
  }

  /** Polite LSP shutdown; the process is killed if it has not exited within a few seconds. */
  async stop(): Promise<void> {
    clearInterval(this.childPoll);
    try {
      await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 10_000);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // A server that does not answer shutdown is killed below; the benchmark's figures are already taken.
    }
    await this.waitForExit(5_000);
    await this.kill();
  }

  async kill(): Promise<void> {
    clearInterval(this.childPoll);
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGKILL");
      await this.waitForExit(5_000);
    }
    this.connection.dispose();
    await new Promise<void>((done) => (this.log ? this.log.end(done) : done()));
  }

  private waitForExit(ms: number): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return withTimeout(new Promise<void>((done) => this.child.once("exit", () => done())), ms).catch(() => undefined);
  }
}

/** VmHWM of a process in bytes, or undefined when it has gone. */
export function readHighWaterMark(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the peak of every descendant process seen, since a child's figure is lost once it exits. */
function recordChildPeaks(pid: number | undefined, peaks: Map<number, number>): void {
  for (const childPid of descendants(pid)) {
    const bytes = readHighWaterMark(childPid);
    if (bytes !== undefined) peaks.set(childPid, Math.max(bytes, peaks.get(childPid) ?? 0));
  }
}

function descendants(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const found: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    try {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      for (const child of children.split(/\s+/).filter(Boolean).map(Number)) {
        found.push(child, ...descendants(child));
      }
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return found;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what = "the request"): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${(ms / 1000).toFixed(0)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
