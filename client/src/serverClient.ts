import { join } from "node:path";
import { EventEmitter, workspace, type CancellationToken, type Disposable, type Event, type ExtensionContext, type LogOutputChannel } from "vscode";
import {
  DidChangeConfigurationNotification,
  ErrorCodes,
  LanguageClient,
  ResponseError,
  type RequestParam,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ProtocolRequestType,
  type ProtocolRequestType0,
  type ServerOptions,
} from "vscode-languageclient/node";
import { GetIndexStatusRequest, IndexStatusNotification, type IndexStatus } from "../../shared/protocol/indexing";
import type { VibeInitializationOptions } from "../../shared/protocol/initialize";
import { CrashPolicy } from "./crashPolicy";
import { describeError } from "./log";

/**
 * What the rest of the extension needs to know about the server process.
 * - starting: launching, initializing, or restarting after a crash.
 * - running: ready for requests.
 * - crashed: died repeatedly and was not restarted (the user can restart it).
 * - failed: could not start at all (for example the server bundle is missing or `initialize` failed).
 * - stopped: stopped on purpose (deactivation or a manual restart in progress).
 */
export type ServerState = "starting" | "running" | "crashed" | "failed" | "stopped";

/** Thrown by `whenReady()` and `sendRequest()` when the server cannot answer. */
export class ServerUnavailableError extends Error {
  constructor(readonly state: ServerState) {
    super(state === "crashed" ? "Vibe Coder's language server stopped after repeated crashes." : `Vibe Coder's language server is ${state}.`);
    this.name = "ServerUnavailableError";
  }
}

/** True when a request failed because the connection to the server went away (a crash or a restart). */
export function isConnectionLost(error: unknown): boolean {
  return error instanceof ResponseError && (error.code === ErrorCodes.PendingResponseRejected || error.code === ErrorCodes.ConnectionInactive);
}

type AnyRequestType<P, R> = ProtocolRequestType<P, R, never, void, void>;

/**
 * Owns the LanguageClient: start, restart, state, and the latest index status. A restart always builds a fresh
 * LanguageClient because a client whose start failed cannot be started again.
 */
export class ServerClient implements Disposable {
  private client: LanguageClient | undefined;
  private crashPolicy = new CrashPolicy();
  private currentState: ServerState = "stopped";
  private lastStatus: IndexStatus | undefined;
  /** Disposables that live as long as one LanguageClient (one server process). */
  private serverScope: Disposable[] = [];
  /** Incremented per LanguageClient so late events from a replaced client are ignored. */
  private generation = 0;
  private stopping = false;
  private lastFailure: string | undefined;
  private statusPushes = 0;
  /** Set once the client's own configuration feature sends for the server (it did a dynamic registration). */
  private serverRegisteredForConfiguration = false;

  private readonly stateEmitter = new EventEmitter<ServerState>();
  private readonly statusEmitter = new EventEmitter<IndexStatus>();
  readonly onDidChangeState: Event<ServerState> = this.stateEmitter.event;
  readonly onDidChangeIndexStatus: Event<IndexStatus> = this.statusEmitter.event;

  constructor(
    private readonly context: ExtensionContext,
    private readonly log: LogOutputChannel,
  ) {}

  get state(): ServerState {
    return this.currentState;
  }

  /** The most recent status pushed by (or fetched from) the server, if any. */
  get indexStatus(): IndexStatus | undefined {
    return this.lastStatus;
  }

  /** Why the last start failed, for the user-facing message. */
  get failureReason(): string | undefined {
    return this.lastFailure;
  }

  /** Starts the server without waiting for it; progress is reported through `onDidChangeState`. */
  start(): void {
    this.generation++;
    const generation = this.generation;
    this.crashPolicy = new CrashPolicy();
    this.stopping = false;
    this.lastFailure = undefined;
    this.serverRegisteredForConfiguration = false;
    const client = this.createClient();
    this.client = client;
    this.serverScope.push(
      client.onDidChangeState((event) => this.onClientState(generation, event.newState)),
      client.onNotification(IndexStatusNotification.type, (status) => this.acceptStatus(generation, status)),
    );
    this.setState("starting");
    const started = performance.now();
    client.start().then(
      () => {
        if (generation !== this.generation) return;
        this.log.info(`Language server started in ${Math.round(performance.now() - started)} ms.`);
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.lastFailure = describeError(error);
        this.log.error(`Language server failed to start: ${this.lastFailure}`);
        this.setState(this.crashPolicy.gaveUp ? "crashed" : "failed");
      },
    );
  }

  /** Stops the current server (if any) and starts a new one. */
  async restart(): Promise<void> {
    this.log.info("Restarting the language server.");
    await this.stopClient();
    this.start();
  }

  /** Resolves with the running client; waits while the server is starting and rejects if it is down. */
  whenReady(token?: CancellationToken): Promise<LanguageClient> {
    if (this.currentState === "running" && this.client) return Promise.resolve(this.client);
    // "stopped" only lasts for the moment of a manual restart, so it is worth waiting through as well.
    if (this.currentState === "crashed" || this.currentState === "failed") {
      return Promise.reject(new ServerUnavailableError(this.currentState));
    }
    return new Promise<LanguageClient>((resolve, reject) => {
      const subscriptions: Disposable[] = [];
      const finish = (): void => subscriptions.forEach((d) => d.dispose());
      subscriptions.push(
        this.onDidChangeState((state) => {
          if (state === "running" && this.client) {
            finish();
            resolve(this.client);
          } else if (state === "crashed" || state === "failed") {
            finish();
            reject(new ServerUnavailableError(state));
          }
        }),
      );
      if (token) {
        subscriptions.push(
          token.onCancellationRequested(() => {
            finish();
            reject(new ServerUnavailableError("starting"));
          }),
        );
      }
    });
  }

  /** Sends a custom request to the running server; throws ServerUnavailableError when it is not running. */
  async sendRequest<P, R>(type: AnyRequestType<P, R>, params: RequestParam<P>, token?: CancellationToken): Promise<R> {
    const client = this.currentState === "running" ? this.client : undefined;
    if (!client) throw new ServerUnavailableError(this.currentState);
    // Protocol request types send their parameters by name, which rejects `undefined`: a request without
    // parameters (such as vibe/getIndexStatus) goes out by method name with no params at all.
    if (params === undefined) return client.sendRequest<R>(type.method, token);
    return client.sendRequest(type, params, token);
  }

  /** Sends a custom request that takes no parameters (a `ProtocolRequestType0`). */
  async sendRequest0<R>(type: ProtocolRequestType0<R, never, void, void>, token?: CancellationToken): Promise<R> {
    const client = this.currentState === "running" ? this.client : undefined;
    if (!client) throw new ServerUnavailableError(this.currentState);
    return client.sendRequest(type, token);
  }

  /** Tells the server that `vibeCoder.*` settings changed; it pulls the new values with workspace/configuration. */
  notifyConfigurationChanged(): void {
    const client = this.currentState === "running" ? this.client : undefined;
    if (!client) return; // A server that starts later pulls the settings during initialization.
    // A server that registered for didChangeConfiguration already gets it from the client's own feature;
    // sending another would make it re-read the settings twice.
    if (this.serverRegisteredForConfiguration) return;
    client.sendNotification(DidChangeConfigurationNotification.type, { settings: null }).catch((error: unknown) => {
      this.log.warn(`Could not notify the server of a settings change: ${describeError(error)}`);
    });
  }

  async dispose(): Promise<void> {
    await this.stopClient();
    this.stateEmitter.dispose();
    this.statusEmitter.dispose();
  }

  private createClient(): LanguageClient {
    const serverModule = this.context.asAbsolutePath(join("dist", "server", "server.js"));
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
    };
    const fileWatcher = workspace.createFileSystemWatcher("**/*");
    this.serverScope.push(fileWatcher);
    const initializationOptions: VibeInitializationOptions = {
      storagePath: this.context.storageUri?.fsPath ?? join(this.context.globalStorageUri.fsPath, "no-workspace"),
      modelCachePath: join(this.context.globalStorageUri.fsPath, "models"),
      clientKind: "vscode",
      watchFiles: true,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: "file" }],
      outputChannel: this.log,
      // Crashes and start failures are reported by this extension with actions; the client should not pop the log.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      synchronize: { fileEvents: fileWatcher },
      initializationOptions,
      errorHandler: this.crashPolicy,
      middleware: {
        workspace: {
          didChangeConfiguration: (sections, next) => {
            this.serverRegisteredForConfiguration = true;
            return next(sections);
          },
        },
      },
    };
    // The id "vibeCoder" makes the client honour the `vibeCoder.trace.server` setting.
    return new LanguageClient("vibeCoder", "Vibe Coder", serverOptions, clientOptions);
  }

  private onClientState(generation: number, state: State): void {
    if (generation !== this.generation) return;
    switch (state) {
      case State.Starting:
        this.setState("starting");
        break;
      case State.Running:
        this.crashPolicy.markRunning();
        this.setState("running");
        // Also after an automatic restart: the new server's status replaces the dead one's.
        void this.fetchStatus(generation);
        break;
      case State.StartFailed:
        // The start() rejection handler records the reason and sets the state.
        break;
      case State.Stopped:
        if (this.stopping) this.setState("stopped");
        else if (this.crashPolicy.restartPending) this.setState("starting");
        else this.setState(this.currentState === "starting" ? "failed" : "crashed");
        break;
    }
  }

  private acceptStatus(generation: number, status: IndexStatus): void {
    if (generation !== this.generation) return;
    this.lastStatus = status;
    this.statusPushes++;
    this.statusEmitter.fire(status);
  }

  /** Asks for the status once after start, so the UI does not wait for the first push. */
  private async fetchStatus(generation: number): Promise<void> {
    const pushesBefore = this.statusPushes;
    try {
      const status = await this.sendRequest0(GetIndexStatusRequest.type);
      // A status pushed meanwhile is at least as new as this answer.
      if (status && this.statusPushes === pushesBefore) this.acceptStatus(generation, status);
    } catch (error) {
      this.log.warn(`Could not fetch the index status: ${describeError(error)}`);
    }
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.stopping = true;
    this.client = undefined;
    this.lastStatus = undefined;
    if (client) {
      try {
        // stop() throws when the client never got running (for example after a failed start); that is fine.
        if (client.isRunning()) await client.stop(3000);
      } catch (error) {
        this.log.warn(`Stopping the language server: ${describeError(error)}`);
      }
      try {
        await client.dispose(1000);
      } catch {
        // Already stopped: nothing left to release.
      }
    }
    for (const disposable of this.serverScope.splice(0)) disposable.dispose();
    this.setState("stopped");
  }

  private setState(state: ServerState): void {
    if (state === this.currentState) return;
    this.log.info(`Language server state: ${this.currentState} → ${state}.`);
    this.currentState = state;
    this.stateEmitter.fire(state);
  }
}
