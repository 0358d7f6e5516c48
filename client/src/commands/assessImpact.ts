import { commands, window, type Disposable, type LogOutputChannel, type TextEditor } from "vscode";
import { FunctionAtRequest } from "../../../shared/protocol/actions";
import { AssessImpactRequest, type AssessImpactResult, type ImpactTarget } from "../../../shared/protocol/impact";
import { findFunctionAtCursor } from "../impact/functionAtCursor";
import { ASSESS_IMPACT_COMMAND, type AssessImpactArgs } from "../impact/riskCodeLens";
import { describeError } from "../log";
import { requestWithCancellableProgress } from "./cancellableRequest";
import type { ServerClient } from "../serverClient";
import { requireServer, requireWorkspaceFolder } from "../serverGate";
import type { ImpactReportPanel } from "../webviews/impactReport/impactReportPanel";
import { baseName, toWorkspaceRelativePath } from "../workspacePaths";

export { ASSESS_IMPACT_COMMAND };
export const ASSESS_IMPACT_OF_CHANGES_COMMAND = "vibeCoder.assessImpactOfChanges";
export const NO_EDITOR_MESSAGE = "Open the file you want to assess (or put the cursor in a function), then run Assess Impact again. To assess all your uncommitted changes, run Assess Impact of Working-Tree Changes.";
export const WORKING_TREE_TITLE = "Impact: working-tree changes";

/** A target plus what the report calls it and anything the client knows that the server cannot. */
interface PlannedAssessment {
  target: ImpactTarget;
  title: string;
  clientNotes: string[];
}

export function registerAssessImpact(server: ServerClient, log: LogOutputChannel, panel: ImpactReportPanel): Disposable[] {
  return [
    commands.registerCommand(ASSESS_IMPACT_COMMAND, async (args?: unknown) => {
      const plan = isAssessImpactArgs(args) ? planFromArgs(args) : await planFromEditor(server, window.activeTextEditor);
      if (!plan) {
        void window.showInformationMessage(NO_EDITOR_MESSAGE);
        return;
      }
      await runAssessment(server, log, panel, plan);
    }),
    commands.registerCommand(ASSESS_IMPACT_OF_CHANGES_COMMAND, () =>
      runAssessment(server, log, panel, { target: { kind: "diff" }, title: WORKING_TREE_TITLE, clientNotes: unsavedNotes() }),
    ),
  ];
}

function isAssessImpactArgs(value: unknown): value is AssessImpactArgs {
  if (typeof value !== "object" || value === null) return false;
  const args = value as Record<string, unknown>;
  const isLine = (line: unknown): boolean => line === undefined || (typeof line === "number" && Number.isInteger(line) && line >= 1);
  return typeof args.path === "string" && args.path.length > 0 && isLine(args.startLine) && isLine(args.endLine);
}

function planFromArgs(args: AssessImpactArgs): PlannedAssessment {
  if (args.startLine !== undefined && args.endLine !== undefined) {
    const name = args.name ?? `lines ${args.startLine}–${args.endLine}`;
    return {
      target: { kind: "range", path: args.path, startLine: args.startLine, endLine: Math.max(args.startLine, args.endLine) },
      title: `Impact: ${name} (${baseName(args.path)})`,
      clientNotes: [],
    };
  }
  return { target: { kind: "file", path: args.path }, title: `Impact: ${baseName(args.path)}`, clientNotes: [] };
}

/** The function at the cursor when there is one (tree-sitter via the server, else the language's symbols), else the file. */
async function planFromEditor(server: ServerClient, editor: TextEditor | undefined): Promise<PlannedAssessment | undefined> {
  if (!editor || editor.document.uri.scheme !== "file") return undefined;
  const { document } = editor;
  const path = toWorkspaceRelativePath(document.uri);
  const clientNotes = document.isDirty ? [`${baseName(path)} has unsaved changes; the assessment reads the saved file.`] : [];
  const cursor = editor.selection.active;
  let fn: { name: string; startLine: number; endLine: number } | undefined;
  try {
    if (server.state === "running") {
      const found = await server.sendRequest(FunctionAtRequest.type, { path, text: document.getText(), line: cursor.line + 1 });
      if (found) fn = { name: found.symbol ?? `lines ${found.startLine}–${found.endLine}`, startLine: found.startLine, endLine: found.endLine };
    }
  } catch {
    // Older servers do not answer vibe/functionAt; the language's own symbols are the fallback below.
  }
  fn ??= await findFunctionAtCursor(document, cursor);
  if (fn) {
    return {
      target: { kind: "range", path, startLine: fn.startLine, endLine: fn.endLine },
      title: `Impact: ${fn.name} (${baseName(path)})`,
      clientNotes,
    };
  }
  return { target: { kind: "file", path }, title: `Impact: ${baseName(path)}`, clientNotes };
}

function unsavedNotes(): string[] {
  const dirty = window.tabGroups.all.length > 0 ? unsavedFileNames() : [];
  return dirty.length > 0 ? [`Unsaved changes are not part of the working tree yet: ${dirty.join(", ")}.`] : [];
}

function unsavedFileNames(): string[] {
  const names = new Set<string>();
  for (const editor of window.visibleTextEditors) if (editor.document.isDirty && editor.document.uri.scheme === "file") names.add(baseName(editor.document.uri.path));
  return [...names];
}

async function runAssessment(server: ServerClient, log: LogOutputChannel, panel: ImpactReportPanel, plan: PlannedAssessment): Promise<void> {
  if (!requireWorkspaceFolder()) return;
  const rerun = (): void => void runAssessment(server, log, panel, plan);
  panel.showLoading(plan.title, "Assessing impact: reading history, imports and tests…", rerun);
  if (!(await requireServer(server))) {
    panel.showError(plan.title, "Vibe Coder's language server is not running, so nothing could be assessed.");
    return;
  }
  try {
    const { cancelled, result } = await requestWithCancellableProgress("Vibe Coder: assessing impact…", (token) => server.sendRequest(AssessImpactRequest.type, { target: plan.target }, token));
    if (cancelled) {
      panel.showError(plan.title, "The assessment was cancelled.");
      return;
    }
    if (!result) {
      panel.showError(plan.title, "The server stopped before answering.");
      return;
    }
    const withNotes: AssessImpactResult = { ...result, notes: [...plan.clientNotes, ...result.notes] };
    log.info(`Assess Impact (${plan.target.kind}) answered in ${result.tookMs} ms: ${result.affected.length} likely-affected files.`);
    panel.show({ kind: "impact", title: plan.title, result: withNotes }, rerun);
  } catch (error) {
    log.error(`Assess Impact failed: ${describeError(error)}`);
    panel.showError(plan.title, `The assessment failed: ${describeError(error)}`);
  }
}
