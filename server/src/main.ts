import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createConnection,
  DidChangeConfigurationNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type InitializeParams,
} from "vscode-languageserver/node";
import {
  GetIndexStatusRequest,
  IndexNowRequest,
  IndexStatusNotification,
  ListSkippedRequest,
} from "../../shared/protocol/indexing";
import { isVibeInitializationOptions, type VibeInitializationOptions } from "../../shared/protocol/initialize";
import { FindSimilarRequest, SearchRequest } from "../../shared/protocol/search";
import { embedderSettingsDiffer, pullRawSettings, pullSettings } from "./config/pullSettings";
import { connectionLogger } from "./connectionLogger";
import { createImpactFeature } from "./features/impactFeature";
import { createLlmFeature } from "./features/llmFeature";
import { StatusTracker } from "./indexing/statusTracker";
import type { FeatureContext, FeatureFactory, ServerFeature } from "./serverFeature";
import { toWorkspacePath } from "./workspacePaths";
import { WorkspaceSession } from "./workspaceSession";

// The same entry serves VS Code (--node-ipc) and the CLI (--stdio): vscode-languageserver picks the transport
// from the process arguments.
const connection = createConnection(ProposedFeatures.all);
const logger = connectionLogger(connection);

let root: string | undefined;
let rootUri: string | undefined;
let options: VibeInitializationOptions | undefined;
let status: StatusTracker | undefined;
let session: WorkspaceSession | undefined;
/** Settles once the first session has been created (or there is none to create); requests wait for it. */
let markSessionStarted: () => void = () => undefined;
let sessionStarted: Promise<void> = new Promise((resolve) => (markSessionStarted = resolve));
let supportsConfigurationPull = false;

/** Capabilities that live next to the index; each registers its own requests. Add a factory here to add one. */
const FEATURE_FACTORIES: FeatureFactory[] = [createImpactFeature, createLlmFeature];
const features: ServerFeature[] = [];

connection.onInitialize((params: InitializeParams) => {
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  rootUri = folder;
  root = folder ? fileURLToPath(folder) : undefined;
  if (!isVibeInitializationOptions(params.initializationOptions)) {
    throw new Error("Vibe Coder server: initializationOptions are missing storagePath/modelCachePath/clientKind/watchFiles.");
  }
  options = params.initializationOptions;
  supportsConfigurationPull = params.capabilities.workspace?.configuration === true;
  if ((params.workspaceFolders?.length ?? 0) > 1) {
    logger.warn("Several workspace folders are open; Vibe Coder indexes the first one.");
  }
  return {
    capabilities: { textDocumentSync: TextDocumentSyncKind.None },
    serverInfo: { name: "vibe-coder-server", version: "0.1.0" },
  };
});

connection.onInitialized(async () => {
  if (!options) return;
  status = new StatusTracker(options.storagePath, (s) => void connection.sendNotification(IndexStatusNotification.type, s));
  startFeatures();
  if (!root) {
    status.setPhase("ready", "No folder is open: nothing to index.");
    markSessionStarted();
    return;
  }
  if (supportsConfigurationPull) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: "vibeCoder" }).catch(() => undefined);
  }
  await startSession().finally(markSessionStarted);
});

function startFeatures(): void {
  if (!options) return;
  const context: FeatureContext = {
    connection,
    logger,
    root,
    options,
    grammarDir: join(__dirname, "..", "grammars"),
    pullRawSettings: async () => (supportsConfigurationPull ? pullRawSettings(connection, rootUri) : undefined),
    search: async (params) => (await readySession())?.search(params),
    findDefinitions: async (name, limit) => (await readySession())?.findDefinitions(name, limit),
    filesMentioning: async (name, limit) => (await readySession())?.filesMentioning(name, limit),
    skipReason: async (path) => (await readySession())?.skipReason(path),
    shared: {},
  };
  for (const factory of FEATURE_FACTORIES) {
    try {
      features.push(factory(context));
    } catch (error) {
      logger.error(`A server feature failed to start: ${(error as Error).stack ?? String(error)}`);
    }
  }
}

/** The current session once it has opened its store; undefined when no folder is open. */
async function readySession(): Promise<WorkspaceSession | undefined> {
  await sessionStarted;
  await session?.whenReady().catch(() => undefined);
  return session;
}

async function startSession(): Promise<void> {
  if (!root || !options || !status) return;
  const settings = supportsConfigurationPull ? await pullSettings(connection, rootUri) : (await import("../../shared/settings")).DEFAULT_SETTINGS;
  session = new WorkspaceSession({
    root,
    storagePath: options.storagePath,
    modelCachePath: options.modelCachePath,
    grammarDir: join(__dirname, "..", "grammars"),
    settings,
    autoIndex: options.autoIndex !== false,
    status,
    logger,
    // A notification, not window/showMessageRequest: nothing waits for the user to dismiss it, and the CLI prints it.
    notify: (severity, message) => {
      const type = severity === "error" ? MessageType.Error : severity === "warning" ? MessageType.Warning : MessageType.Info;
      void connection.sendNotification(ShowMessageNotification.type, { type, message });
    },
  });
  await session.whenReady().catch((error: Error) => {
    logger.error(`Opening the index failed: ${error.stack ?? error.message}`);
    status?.setPhase("error", `Opening the index failed: ${error.message}`);
  });
}

connection.onDidChangeConfiguration(async () => {
  if (!supportsConfigurationPull) return;
  const raw = await pullRawSettings(connection, rootUri);
  for (const feature of features) feature.onSettingsChanged?.(raw);
  if (!session) return;
  const next = await pullSettings(connection, rootUri);
  if (embedderSettingsDiffer(session.settings, next)) {
    // A different embedder means a different index table: build a new session; caches make this cheap.
    const old = session;
    session = undefined;
    let restarted: () => void = () => undefined;
    sessionStarted = new Promise((resolve) => (restarted = resolve));
    await old.dispose();
    await startSession().finally(restarted);
  } else {
    session.updateSettings(next);
  }
});

connection.onDidChangeWatchedFiles((params) => {
  if (!session || !root) return;
  const changes = [];
  for (const change of params.changes) {
    const path = toWorkspacePath(root, change.uri);
    if (!path) continue;
    const kind = change.type === FileChangeType.Deleted ? "deleted" : change.type === FileChangeType.Created ? "created" : "changed";
    changes.push({ path, kind } as const);
  }
  if (changes.length > 0) {
    session.onFilesChanged(changes);
    for (const feature of features) feature.onFilesChanged?.(changes);
  }
});

connection.onRequest(SearchRequest.type, async (params) => {
  const current = await readySession();
  if (!current) return { hits: [], tookMs: 0, signals: [], partial: false };
  return current.search(params);
});

connection.onRequest(FindSimilarRequest.type, async (params) => {
  const current = await readySession();
  if (!current) return { hits: [], tookMs: 0, signals: [], partial: false };
  return current.findSimilar(params);
});

connection.onRequest(GetIndexStatusRequest.type, async () => {
  await readySession();
  if (!status) throw new Error("The server is still starting.");
  return status.current();
});

connection.onRequest(ListSkippedRequest.type, async (params) => (await readySession())?.listSkipped(params ?? {}) ?? []);

connection.onRequest(IndexNowRequest.type, async (params) => {
  const current = await readySession();
  if (!current) throw new Error("No folder is open: nothing to index.");
  const summary = await current.indexNow(params?.full === true);
  await current.idle();
  return summary;
});

connection.onShutdown(async () => {
  status?.dispose();
  await Promise.all(features.map((feature) => feature.dispose().catch(() => undefined)));
  await session?.dispose();
  session = undefined;
});

process.on("unhandledRejection", (reason) => {
  logger.error(`Unhandled rejection in the Vibe Coder server: ${reason instanceof Error ? reason.stack : String(reason)}`);
});

connection.listen();
