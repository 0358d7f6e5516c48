import type { Disposable } from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { CodeActionProgressNotification, type CodeActionProgressParams } from "../../../shared/protocol/actions";

/**
 * Routes `vibe/codeAction.progress` notifications to the run that asked for them. A language client keeps one
 * handler per method, so one router registers once per client (a restarted server is a new client) and dispatches
 * by `runId`; runs that overlap each get only their own progress.
 */
export class ActionProgressRouter implements Disposable {
  private readonly handlers = new Map<string, (progress: CodeActionProgressParams) => void>();
  private registeredClient: LanguageClient | undefined;
  private registration: Disposable | undefined;

  subscribe(client: LanguageClient, runId: string, handler: (progress: CodeActionProgressParams) => void): Disposable {
    if (this.registeredClient !== client) {
      this.registration?.dispose();
      this.registeredClient = client;
      this.registration = client.onNotification(CodeActionProgressNotification.type, (progress) => this.handlers.get(progress.runId)?.(progress));
    }
    this.handlers.set(runId, handler);
    return { dispose: () => void this.handlers.delete(runId) };
  }

  dispose(): void {
    this.registration?.dispose();
    this.handlers.clear();
  }
}
