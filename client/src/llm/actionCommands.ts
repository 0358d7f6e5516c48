import { Uri, commands, window, workspace, type Disposable, type TextDocument, type TextEditor } from "vscode";
import { FunctionAtRequest, type ActionDiagnostic, type CodeActionKind, type RunCodeActionParams, type RunCodeActionResult } from "../../../shared/protocol/actions";
import { describeError } from "../log";
import { requireServer } from "../serverGate";
import type { InlineDiffController } from "../inlineDiff/inlineDiffController";
import type { DiffApplyPanels } from "../webviews/diffApply/diffApplyPanel";
import { runCodeAction, type ActionRunnerDeps } from "./actionRunner";
import { describeEditor, diagnosticsAtCursor, toActionDiagnostic, unsavedWorkspaceDocuments } from "./editorTarget";
import type { ExplainView } from "./explainView";
import { offerToRunTests } from "./testRunner";

export interface ActionCommandDeps extends ActionRunnerDeps {
  inlineDiff: InlineDiffController;
  explain: ExplainView;
  diffPanels: DiffApplyPanels;
}

export const ACTION_COMMANDS = {
  explain: "vibeCoder.explain",
  refactor: "vibeCoder.refactor",
  fix: "vibeCoder.fix",
  document: "vibeCoder.document",
  improve: "vibeCoder.improveFunction",
  generateTests: "vibeCoder.generateTests",
} as const;

/** The editor an action works on: the active one, which must show `uri` when a menu passed one. */
function targetEditor(uri: unknown): TextEditor | undefined {
  const editor = window.activeTextEditor;
  if (!editor || (uri instanceof Uri && editor.document.uri.toString() !== uri.toString())) {
    void window.showInformationMessage("Vibe Coder: open a file and put the cursor in the code first.");
    return undefined;
  }
  return editor;
}

function isActionDiagnosticList(value: unknown): value is ActionDiagnostic[] {
  return Array.isArray(value) && value.every((d) => typeof d === "object" && d !== null && typeof (d as ActionDiagnostic).message === "string");
}

export function registerActionCommands(deps: ActionCommandDeps): Disposable[] {
  const { inlineDiff } = deps;

  /** Single-file edits go inline; anything touching other or new files opens the diff-apply panel. */
  const present = async (document: TextDocument, result: RunCodeActionResult, label: string): Promise<void> => {
    for (const warning of result.warnings) deps.log.warn(`${label}: ${warning}`);
    const edits = result.edits ?? [];
    if (edits.length === 0) {
      void window.showInformationMessage(`Vibe Coder ${label}: the model proposed no change.`);
      return;
    }
    const path = workspace.asRelativePath(document.uri, false);
    const [only] = edits;
    if (result.kind === "edit" && edits.length === 1 && !only.isNew && only.path === path) {
      await window.showTextDocument(document, { preview: false });
      const refusal = await inlineDiff.show(document, only, { action: label, parseOk: only.parseCheck.ok, parseMessage: only.parseCheck.message });
      if (refusal) void window.showWarningMessage(`Vibe Coder: ${refusal}`);
      return;
    }
    deps.diffPanels.open(label, edits, (applied) => {
      if (result.testFramework && applied.length > 0) offerToRunTests(result.testFramework, applied);
    });
  };

  /** Runs an edit action with its progressive preview in the editor; the final proposal replaces the preview. */
  const runEdit = async (editor: TextEditor, action: CodeActionKind, label: string, extra: Partial<RunCodeActionParams> = {}): Promise<void> => {
    if (inlineDiff.isBusy(editor.document)) {
      void window.showWarningMessage("Vibe Coder: a change is already pending or streaming in this file. Accept, reject or cancel it first.");
      return;
    }
    const document = editor.document;
    const params = { ...describeEditor(editor), action, ...extra };
    const preview = inlineDiff.startStreaming(document, label, params.selection);
    try {
      const result = await runCodeAction(deps, params, label, (progress) => preview.onProgress(progress), preview.token);
      if (result) await present(document, result, label);
    } finally {
      preview.dispose();
    }
  };

  const explain = async (uri?: unknown): Promise<void> => {
    const editor = targetEditor(uri);
    if (!editor) return;
    const params = describeEditor(editor);
    const heading = params.selection
      ? `Explanation: ${params.path}:${params.selection.startLine}–${params.selection.endLine}`
      : `Explanation: ${params.path}:${params.cursorLine}`;
    await deps.explain.open(heading);
    const result = await runCodeAction(deps, { ...params, action: "explain" }, "Explain", (progress) => {
      if (progress.textDelta) deps.explain.append(progress.textDelta);
    });
    if (result) deps.explain.finish(result, heading);
    else deps.explain.fail("the explanation did not complete (see the message).");
  };

  const refactor = async (uri?: unknown): Promise<void> => {
    const editor = targetEditor(uri);
    if (!editor) return;
    const instruction = await window.showInputBox({
      title: "Vibe Coder: Refactor",
      prompt: "How should the selected code (or the function at the cursor) change?",
      placeHolder: "e.g. extract the retry loop into its own function",
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === "" ? "Describe the refactoring." : undefined),
    });
    if (!instruction?.trim()) return;
    await runEdit(editor, "refactor", "Refactor", { instruction: instruction.trim(), openDocuments: unsavedWorkspaceDocuments(editor) });
  };

  const fix = async (uri?: unknown, diagnostics?: unknown): Promise<void> => {
    const editor = targetEditor(uri);
    if (!editor) return;
    const list = isActionDiagnosticList(diagnostics) ? diagnostics : diagnosticsAtCursor(editor).map(toActionDiagnostic);
    if (list.length === 0) {
      void window.showInformationMessage("Vibe Coder: there is no problem at the cursor to fix (Fix works on the diagnostics shown there).");
      return;
    }
    await runEdit(editor, "fix", "Fix", { diagnostics: list });
  };

  const documentFunction = async (uri?: unknown): Promise<void> => {
    const editor = targetEditor(uri);
    if (editor) await runEdit(editor, "doc", "Document");
  };

  const improve = async (uri?: unknown): Promise<void> => {
    const editor = targetEditor(uri);
    if (!editor || !(await requireServer(deps.server))) return;
    const document = editor.document;
    let range: { startLine: number; endLine: number; symbol?: string } | null;
    try {
      range = await deps.server.sendRequest(FunctionAtRequest.type, {
        path: workspace.asRelativePath(document.uri, false),
        text: document.getText(),
        line: editor.selection.active.line + 1,
      });
    } catch (error) {
      void window.showErrorMessage(`Vibe Coder: could not find the function at the cursor: ${describeError(error)}`);
      return;
    }
    if (!range) {
      void window.showInformationMessage("Vibe Coder: the cursor is not inside a function Vibe Coder can parse (TypeScript, JavaScript or Python).");
      return;
    }
    await runEdit(editor, "improve", "Improve", { selection: { startLine: range.startLine, endLine: range.endLine } });
  };

  const generateTests = async (uri?: unknown): Promise<void> => {
    const editor = targetEditor(uri);
    if (!editor) return;
    const result = await runCodeAction(deps, { ...describeEditor(editor), action: "test" }, "Generate Tests");
    if (result) await present(editor.document, result, "Generate Tests");
  };

  return [
    commands.registerCommand(ACTION_COMMANDS.explain, explain),
    commands.registerCommand(ACTION_COMMANDS.refactor, refactor),
    commands.registerCommand(ACTION_COMMANDS.fix, fix),
    commands.registerCommand(ACTION_COMMANDS.document, documentFunction),
    commands.registerCommand(ACTION_COMMANDS.improve, improve),
    commands.registerCommand(ACTION_COMMANDS.generateTests, generateTests),
  ];
}
