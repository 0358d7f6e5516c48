import {
  CloseAction,
  ErrorAction,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type Message,
} from "vscode-languageclient/node";

/** How many automatic restarts are allowed inside the window before the client gives up. */
export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

/**
 * Decides what the language client does when the server process dies: restart it a few times, then stop so a
 * server that crashes at once on every start does not spin forever. The caller shows the user-facing message
 * (with "Show Log" / "Restart Server" buttons), so every result here is marked `handled` and only logged.
 */
export class CrashPolicy implements ErrorHandler {
  private readonly crashTimes: number[] = [];
  private gaveUpFlag = false;
  private restartPendingFlag = false;

  constructor(private readonly now: () => number = Date.now) {}

  /** True once the policy refused to restart; the server stays down until the user restarts it. */
  get gaveUp(): boolean {
    return this.gaveUpFlag;
  }

  /** True between a crash that will be restarted and the moment the new server is running. */
  get restartPending(): boolean {
    return this.restartPendingFlag;
  }

  /** Called when the restarted server is running again. */
  markRunning(): void {
    this.restartPendingFlag = false;
  }

  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    // A few garbled messages can happen when a server is under pressure; a stream of them means the
    // connection is broken, and shutting down lets `closed()` decide about restarting.
    if (count !== undefined && count <= 3) return { action: ErrorAction.Continue, handled: true };
    return { action: ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const now = this.now();
    this.crashTimes.push(now);
    while (this.crashTimes.length > 0 && now - this.crashTimes[0] > RESTART_WINDOW_MS) this.crashTimes.shift();
    if (this.crashTimes.length > MAX_RESTARTS) {
      this.gaveUpFlag = true;
      this.restartPendingFlag = false;
      return {
        action: CloseAction.DoNotRestart,
        message: `The Vibe Coder server crashed ${this.crashTimes.length} times in 3 minutes; it will not be restarted automatically.`,
        handled: true,
      };
    }
    this.restartPendingFlag = true;
    return {
      action: CloseAction.Restart,
      message: `The Vibe Coder server stopped unexpectedly; restarting it (${this.crashTimes.length} of ${MAX_RESTARTS} in 3 minutes).`,
      handled: true,
    };
  }
}
