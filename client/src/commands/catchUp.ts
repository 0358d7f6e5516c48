import { commands, type Disposable, type LogOutputChannel } from "vscode";
import { CatchUpRequest, type CatchUpParams } from "../../../shared/protocol/impact";
import type { CatchUpMemory } from "../impact/catchUpMemory";
import { describeError } from "../log";
import { requestWithCancellableProgress } from "./cancellableRequest";
import type { ServerClient } from "../serverClient";
import { requireServer, requireWorkspaceFolder } from "../serverGate";
import type { ImpactReportPanel } from "../webviews/impactReport/impactReportPanel";

export const CATCH_UP_COMMAND = "vibeCoder.catchUp";
export const CATCH_UP_TITLE = "Catch Me Up";

/** Optional arguments (from another command or a keybinding): a revision or date to start from. */
interface CatchUpArgs {
  since?: string;
}

export function registerCatchUp(server: ServerClient, log: LogOutputChannel, panel: ImpactReportPanel, memory: CatchUpMemory): Disposable {
  return commands.registerCommand(CATCH_UP_COMMAND, (args?: unknown) => {
    const since = typeof args === "object" && args !== null && typeof (args as CatchUpArgs).since === "string" ? (args as CatchUpArgs).since : undefined;
    // The remembered run is read before the request and updated only after a good answer, so a failed or cancelled
    // run does not hide commits from the next one.
    const params: CatchUpParams = since ? { since } : { lastRunTime: memory.lastRunTime };
    return catchUp(server, log, panel, memory, params);
  });
}

/** Runs one catch-up; "Run again" in the report repeats it with the same starting point, not the newly remembered one. */
async function catchUp(server: ServerClient, log: LogOutputChannel, panel: ImpactReportPanel, memory: CatchUpMemory, params: CatchUpParams): Promise<void> {
  if (!requireWorkspaceFolder()) return;
  const rerun = (): void => void catchUp(server, log, panel, memory, params);
  panel.showLoading(CATCH_UP_TITLE, "Reading what others committed since your last activity…", rerun);
  if (!(await requireServer(server))) {
    panel.showError(CATCH_UP_TITLE, "Vibe Coder's language server is not running, so there is nothing to catch up on yet.");
    return;
  }
  const startedAt = Date.now();
  try {
    const { cancelled, result } = await requestWithCancellableProgress("Vibe Coder: catching you up…", (token) => server.sendRequest(CatchUpRequest.type, params, token));
    if (cancelled) {
      panel.showError(CATCH_UP_TITLE, "Catch Me Up was cancelled.");
      return;
    }
    if (!result) {
      panel.showError(CATCH_UP_TITLE, "The server stopped before answering.");
      return;
    }
    if (result.history.kind !== "none") await memory.remember(startedAt);
    log.info(`Catch Me Up: ${result.totalCommits} commits in ${result.groups.length} groups since ${result.since.kind} ${result.since.value}.`);
    panel.show({ kind: "catchUp", title: CATCH_UP_TITLE, result }, rerun);
  } catch (error) {
    log.error(`Catch Me Up failed: ${describeError(error)}`);
    panel.showError(CATCH_UP_TITLE, `Catch Me Up failed: ${describeError(error)}`);
  }
}
