import { window, type LogOutputChannel } from "vscode";

/** The single Output channel shared by the extension and the language client, so one log tells the whole story. */
export function createLog(): LogOutputChannel {
  return window.createOutputChannel("Vibe Coder", { log: true });
}

/** A one-line description of anything thrown, for messages shown to the user and log lines. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
