import type { ExtensionContext } from "vscode";
import { registerFindSimilar } from "./commands/findSimilar";
import { registerShowIndexStatus } from "./commands/indexStatus";
import { registerReindex } from "./commands/reindex";
import { registerSearchCode } from "./commands/searchCode";
import { registerServerCommands } from "./commands/serverCommands";
import { registerLlmFeatures } from "./llm/registerLlmFeatures";
import { EmbeddingConsent } from "./embeddingConsent";
import { registerImpactFeatures } from "./impact/registerImpact";
import { createLog } from "./log";
import { ServerClient } from "./serverClient";
import { reportServerFailures } from "./serverGate";
import { watchSettings } from "./settingsWatcher";
import { IndexStatusBar } from "./statusBar";

let activeServer: ServerClient | undefined;

/**
 * Registers everything synchronously and starts the server without waiting for it, so activation stays cheap;
 * commands wait for the server themselves and say so while it starts.
 */
export function activate(context: ExtensionContext): void {
  const started = performance.now();
  const log = createLog();
  const server = new ServerClient(context, log);
  const consent = new EmbeddingConsent(server, log);
  activeServer = server;
  context.subscriptions.push(
    log,
    consent,
    new IndexStatusBar(server),
    reportServerFailures(server),
    watchSettings(server),
    registerSearchCode(server, log),
    registerFindSimilar(server, log),
    registerShowIndexStatus(server, log, consent),
    registerReindex(server, log),
    ...registerServerCommands(server, log),
    ...registerLlmFeatures(context, server, log),
    ...registerImpactFeatures(context, server, log),
  );
  server.start();
  log.info(`Vibe Coder activated in ${(performance.now() - started).toFixed(1)} ms (server starting in the background).`);
}

/** Stops the server cleanly; VS Code waits for the returned promise. */
export async function deactivate(): Promise<void> {
  const server = activeServer;
  activeServer = undefined;
  await server?.dispose();
}
