import { randomUUID } from "node:crypto";
import { CancellationTokenSource, ProgressLocation, commands, window, type CancellationToken, type LogOutputChannel } from "vscode";
import { ResponseError } from "vscode-languageclient/node";
import {
  RunCodeActionRequest,
  type CodeActionErrorData,
  type CodeActionProgressParams,
  type RunCodeActionParams,
  type RunCodeActionResult,
} from "../../../shared/protocol/actions";
import { describeError } from "../log";
import { isConnectionLost, type ServerClient } from "../serverClient";
import { requireServer } from "../serverGate";
import { SET_API_KEY_COMMAND } from "./apiKeyManager";
import type { ActionProgressRouter } from "./progressRouter";

export interface ActionRunnerDeps {
  server: ServerClient;
  log: LogOutputChannel;
  router: ActionProgressRouter;
}

const SET_API_KEY = "Set API Key";

const STAGE_TEXT: Record<NonNullable<CodeActionProgressParams["stage"]>, string> = {
  context: "gathering context…",
  model: "waiting for the model…",
  applying: "checking the proposal…",
};

/**
 * Runs one `vibe/codeAction.run` with a cancellable progress notification, streaming progress to `onProgress`.
 * Resolves with the result, or undefined after telling the user why there is none. Server messages are written
 * for users and are shown as they are; a cancelled run says nothing. `cancellation` is a second way to cancel
 * (the streaming preview's Cancel CodeLens) besides the notification's button.
 */
export async function runCodeAction(
  deps: ActionRunnerDeps,
  params: Omit<RunCodeActionParams, "runId">,
  title: string,
  onProgress?: (progress: CodeActionProgressParams) => void,
  cancellation?: CancellationToken,
): Promise<RunCodeActionResult | undefined> {
  const client = await requireServer(deps.server);
  if (!client) return undefined;
  const runId = randomUUID();
  const source = new CancellationTokenSource();
  return window.withProgress({ location: ProgressLocation.Notification, title: `Vibe Coder: ${title}`, cancellable: true }, async (progress, token) => {
    const cancel = token.onCancellationRequested(() => source.cancel());
    const cancelFromEditor = cancellation?.onCancellationRequested(() => source.cancel());
    let streamed = 0;
    const subscription = deps.router.subscribe(client, runId, (update) => {
      if (update.stage) progress.report({ message: STAGE_TEXT[update.stage] });
      if (update.textDelta) {
        streamed += update.textDelta.length;
        progress.report({ message: `receiving… (${streamed} characters)` });
      } else if (update.partialProposedText !== undefined) {
        progress.report({ message: `receiving the proposal… (${update.partialProposedText.split("\n").length} lines)` });
      }
      onProgress?.(update);
    });
    try {
      return await client.sendRequest(RunCodeActionRequest.type, { ...params, runId }, source.token);
    } catch (error) {
      if (source.token.isCancellationRequested) return undefined;
      reportActionError(deps.log, title, error);
      return undefined;
    } finally {
      subscription.dispose();
      cancel.dispose();
      cancelFromEditor?.dispose();
      source.dispose();
    }
  });
}

function reportActionError(log: LogOutputChannel, title: string, error: unknown): void {
  if (isConnectionLost(error)) {
    void window.showErrorMessage(`Vibe Coder: the server stopped while running ${title}; nothing was changed.`);
    return;
  }
  if (error instanceof ResponseError) {
    const data = error.data as CodeActionErrorData | undefined;
    log.warn(`${title} failed (${data?.kind ?? error.code}): ${error.message}`);
    if (data?.kind === "cancelled") return;
    if (data?.kind === "no-provider") {
      void window.showErrorMessage(error.message, SET_API_KEY).then((choice) => {
        if (choice) void commands.executeCommand(data.setupCommand ?? SET_API_KEY_COMMAND);
      });
      return;
    }
    void window.showErrorMessage(error.message);
    return;
  }
  log.error(`${title} failed: ${describeError(error)}`);
  void window.showErrorMessage(`Vibe Coder: ${title} failed: ${describeError(error)}`);
}
