import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  ConfigurationRequest,
  createProtocolConnection,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  ExitNotification,
  MessageType,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from "vscode-languageserver-protocol/node";
import type { VibeInitializationOptions } from "../../shared/protocol/initialize";

export interface ServerConnectionOptions {
  folder: string;
  /** Settings as the `vibeCoder` configuration section (partial; the server fills in defaults). */
  settings?: Record<string, unknown>;
  /** Defaults to a per-folder directory under $XDG_CACHE_HOME/vibe-coder/index. */
  storagePath?: string;
  modelCachePath?: string;
  /** Path of server.js; defaults to the bundle next to this CLI bundle. */
  serverPath?: string;
  /** Called with the server's log lines (window/logMessage) and user messages (window/showMessage). */
  onLog?: (level: "error" | "warning" | "info" | "debug", message: string) => void;
  onMessage?: (level: "error" | "warning" | "info", message: string) => void;
}

export interface ServerConnection {
  connection: ProtocolConnection;
  process: ChildProcess;
  storagePath: string;
  /** Shuts the server down politely, then kills it if it does not exit. */
  close(): Promise<void>;
}

function cacheHome(): string {
  return process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
}

/** Where the CLI keeps a folder's index: outside the repository, one directory per folder. */
export function defaultStoragePath(folder: string): string {
  const absolute = resolve(folder);
  const id = createHash("sha256").update(absolute).digest("hex").slice(0, 16);
  return join(cacheHome(), "vibe-coder", "index", `${basename(absolute)}-${id}`);
}

export function defaultModelCachePath(): string {
  return join(cacheHome(), "vibe-coder", "models");
}

const LEVELS: Record<number, "error" | "warning" | "info" | "debug"> = {
  [MessageType.Error]: "error",
  [MessageType.Warning]: "warning",
  [MessageType.Info]: "info",
  [MessageType.Log]: "debug",
  [MessageType.Debug]: "debug",
};

/** Starts the language server over stdio for one folder and completes the LSP handshake. */
export async function startServer(options: ServerConnectionOptions): Promise<ServerConnection> {
  const folder = resolve(options.folder);
  const serverPath = options.serverPath ?? join(__dirname, "..", "server", "server.js");
  const storagePath = options.storagePath ?? defaultStoragePath(folder);
  const child = spawn(process.execPath, [serverPath, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  child.stderr?.on("data", (data: Buffer) => options.onLog?.("debug", data.toString().trimEnd()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout as NodeJS.ReadableStream),
    new StreamMessageWriter(child.stdin as NodeJS.WritableStream),
  );
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => options.settings ?? {}));
  // The server registers for configuration changes; the CLI's settings never change, so accepting is enough.
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.onNotification(LogMessageNotification.type, (p) => options.onLog?.(LEVELS[p.type] ?? "info", p.message));
  connection.onNotification(ShowMessageNotification.type, (p) => {
    const level = LEVELS[p.type];
    options.onMessage?.(level === "debug" ? "info" : level ?? "info", p.message);
  });
  connection.listen();

  const initializationOptions: VibeInitializationOptions = {
    storagePath,
    modelCachePath: options.modelCachePath ?? defaultModelCachePath(),
    clientKind: "cli",
    watchFiles: false,
    autoIndex: false,
  };
  const uri = pathToFileURL(folder).toString();
  // A server that dies before answering (a missing bundle, a native module that fails to load) must fail the
  // command loudly instead of leaving it waiting or exiting quietly.
  const diedEarly = exited.then(() => {
    throw new Error(`The Vibe Coder server exited during startup (exit code ${child.exitCode ?? "unknown"}). Run with --verbose to see its log.`);
  });
  await Promise.race([
    connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: basename(folder) }],
      capabilities: { workspace: { configuration: true } },
      initializationOptions,
    }),
    diedEarly,
  ]);
  diedEarly.catch(() => undefined);
  await connection.sendNotification(InitializedNotification.type, {});

  let closed = false;
  return {
    connection,
    process: child,
    storagePath,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await Promise.race([connection.sendRequest(ShutdownRequest.type), delay(10_000)]);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // The server may already be gone; killing it below is all that is left to do.
      }
      await Promise.race([exited, delay(3_000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
      connection.dispose();
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolveDelay) => setTimeout(resolveDelay, ms).unref());
}
