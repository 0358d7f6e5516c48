// What every command does before it talks to the server: make sure there is a folder, wait for a starting server
// with visible progress, and explain a server that is down instead of failing silently.
import { ProgressLocation, commands, window, workspace, type Disposable } from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { describeError } from "./log";
import { ServerUnavailableError, type ServerClient } from "./serverClient";

export const STARTING_MESSAGE = "Vibe Coder is starting its server…";
export const CRASHED_MESSAGE = "Vibe Coder's language server stopped after repeated crashes.";
export const NO_FOLDER_MESSAGE = "Vibe Coder needs an open folder to index and search. Open a folder first.";

const SHOW_LOG = "Show Log";
const RESTART_SERVER = "Restart Server";

/** True when a folder is open; otherwise tells the user and offers to open one. */
export function requireWorkspaceFolder(): boolean {
  if ((workspace.workspaceFolders?.length ?? 0) > 0) return true;
  void window.showInformationMessage(NO_FOLDER_MESSAGE, "Open Folder").then((choice) => {
    if (choice) void commands.executeCommand("workbench.action.files.openFolder");
  });
  return false;
}

/**
 * Resolves with the running client. While the server starts, shows a cancellable progress notification and
 * waits; when it is down, shows why with "Show Log" / "Restart Server" and resolves with undefined.
 */
export async function requireServer(server: ServerClient): Promise<LanguageClient | undefined> {
  if (server.state === "crashed" || server.state === "failed") {
    showServerDownMessage(server);
    return undefined;
  }
  try {
    if (server.state === "running") return await server.whenReady();
    return await window.withProgress(
      { location: ProgressLocation.Notification, title: STARTING_MESSAGE, cancellable: true },
      (_progress, token) => server.whenReady(token),
    );
  } catch (error) {
    if (error instanceof ServerUnavailableError && (error.state === "crashed" || error.state === "failed")) {
      showServerDownMessage(server);
    } else if (!(error instanceof ServerUnavailableError)) {
      void window.showErrorMessage(`Vibe Coder: ${describeError(error)}`);
    }
    // Otherwise the user cancelled the wait: nothing to say.
    return undefined;
  }
}

/** The error notification for a server that is not running, with the two actions that help. */
export function showServerDownMessage(server: ServerClient): void {
  const message =
    server.state === "failed"
      ? `Vibe Coder's language server could not start${server.failureReason ? `: ${server.failureReason}` : "."}`
      : CRASHED_MESSAGE;
  void window.showErrorMessage(message, SHOW_LOG, RESTART_SERVER).then((choice) => {
    if (choice === SHOW_LOG) void commands.executeCommand("vibeCoder.showLog");
    else if (choice === RESTART_SERVER) void commands.executeCommand("vibeCoder.restartServer");
  });
}

/** Tells the user as soon as the server goes down for good, not only when they next run a command. */
export function reportServerFailures(server: ServerClient): Disposable {
  return server.onDidChangeState((state) => {
    if (state === "crashed" || state === "failed") showServerDownMessage(server);
  });
}
