import { languages, workspace, type Diagnostic, type TextEditor } from "vscode";
import type { ActionDiagnostic, LineRange, OpenDocumentText, RunCodeActionParams } from "../../../shared/protocol/actions";

/** The selected whole lines (1-based), or undefined for an empty selection. A selection ending at column 0 stops on the line above. */
export function selectedLines(editor: TextEditor): LineRange | undefined {
  const selection = editor.selection;
  if (selection.isEmpty) return undefined;
  let end = selection.end.line;
  if (selection.end.character === 0 && end > selection.start.line) end -= 1;
  return { startLine: selection.start.line + 1, endLine: end + 1 };
}

/** What every action sends about the editor: the buffer as it is now (unsaved edits included), selection and cursor. */
export function describeEditor(editor: TextEditor): Pick<RunCodeActionParams, "uri" | "path" | "documentVersion" | "documentText" | "selection" | "cursorLine"> {
  const document = editor.document;
  return {
    uri: document.uri.toString(),
    path: workspace.asRelativePath(document.uri, false),
    documentVersion: document.version,
    documentText: document.getText(),
    selection: selectedLines(editor),
    cursorLine: editor.selection.active.line + 1,
  };
}

/** Unsaved documents bigger than this are not sent: a refactor's edit to one is then located on disk and re-based. */
const MAX_UNSAVED_CHARS = 1_000_000;
const MAX_UNSAVED_DOCUMENTS = 50;

/**
 * The workspace's other documents with unsaved changes, so a /refactor that also edits callers finds its lines in
 * what the user sees rather than in the file on disk.
 */
export function unsavedWorkspaceDocuments(except: TextEditor): OpenDocumentText[] {
  return workspace.textDocuments
    .filter((d) => d.isDirty && d !== except.document && d.uri.scheme === "file" && workspace.getWorkspaceFolder(d.uri) !== undefined && d.getText().length <= MAX_UNSAVED_CHARS)
    .slice(0, MAX_UNSAVED_DOCUMENTS)
    .map((d) => ({ path: workspace.asRelativePath(d.uri, false), text: d.getText() }));
}

const SEVERITIES: Record<number, ActionDiagnostic["severity"]> = { 0: "error", 1: "warning", 2: "information", 3: "hint" };

export function toActionDiagnostic(diagnostic: Diagnostic): ActionDiagnostic {
  const code = typeof diagnostic.code === "object" ? diagnostic.code.value : diagnostic.code;
  return {
    message: diagnostic.message,
    range: { startLine: diagnostic.range.start.line + 1, endLine: diagnostic.range.end.line + 1 },
    source: diagnostic.source,
    code,
    severity: SEVERITIES[diagnostic.severity],
  };
}

/** The diagnostics on the selected lines, or on the cursor's line when nothing is selected. */
export function diagnosticsAtCursor(editor: TextEditor): Diagnostic[] {
  const lines = selectedLines(editor) ?? { startLine: editor.selection.active.line + 1, endLine: editor.selection.active.line + 1 };
  return languages
    .getDiagnostics(editor.document.uri)
    .filter((d) => d.range.start.line + 1 <= lines.endLine && d.range.end.line + 1 >= lines.startLine);
}
