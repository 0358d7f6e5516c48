import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createConnection,
  DidChangeConfigurationNotification,
  FileChangeType,
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
import { embedderSettingsDiffer, pullSettings } from "./config/pullSettings";
import { connectionLogger } from "./connectionLogger";
import { StatusTracker } from "./indexing/statusTracker";
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
let supportsConfigurationPull = false;

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
  if (!root) {
    status.setPhase("ready", "No folder is open: nothing to index.");
    return;
  }
  if (supportsConfigurationPull) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: "vibeCoder" }).catch(() => undefined);
  }
  await startSession();
});

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
    notify: (severity, message) => {
      if (severity === "error") void connection.window.showErrorMessage(message);
      else if (severity === "warning") void connection.window.showWarningMessage(message);
      else void connection.window.showInformationMessage(message);
    },
  });
  await session.whenReady().catch((error: Error) => {
    logger.error(`Opening the index failed: ${error.stack ?? error.message}`);
    status?.setPhase("error", `Opening the index failed: ${error.message}`);
  });
}

connection.onDidChangeConfiguration(async () => {
  if (!session || !supportsConfigurationPull) return;
  const next = await pullSettings(connection, rootUri);
  if (embedderSettingsDiffer(session.settings, next)) {
    // A different embedder means a different index table: build a new session; caches make this cheap.
    const old = session;
    session = undefined;
    await old.dispose();
    await startSession();
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
  if (changes.length > 0) session.onFilesChanged(changes);
});

connection.onRequest(SearchRequest.type, async (params) => {
  if (!session) return { hits: [], tookMs: 0, signals: [], partial: true };
  return session.search(params);
});

connection.onRequest(FindSimilarRequest.type, async (params) => {
  if (!session) return { hits: [], tookMs: 0, signals: [], partial: true };
  return session.findSimilar(params);
});

connection.onRequest(GetIndexStatusRequest.type, () => {
  if (!status) throw new Error("The server is still starting.");
  return status.current();
});

connection.onRequest(ListSkippedRequest.type, (params) => session?.listSkipped(params ?? {}) ?? []);

connection.onRequest(IndexNowRequest.type, async (params) => {
  if (!session) throw new Error("No folder is open: nothing to index.");
  const summary = await session.indexNow(params?.full === true);
  await session.idle();
  return summary;
});

connection.onShutdown(async () => {
  status?.dispose();
  await session?.dispose();
  session = undefined;
});

process.on("unhandledRejection", (reason) => {
  logger.error(`Unhandled rejection in the Vibe Coder server: ${reason instanceof Error ? reason.stack : String(reason)}`);
});

connection.listen();
