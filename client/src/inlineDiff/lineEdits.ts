import { Position, Range, WorkspaceEdit, window, workspace, type TextDocument } from "vscode";
import type { LineInsertion } from "./hunkLayout";

/** Whether this edit opens or closes the single undo step of a proposal (see applyLineEdits). */
export interface UndoStops {
  before: boolean;
  after: boolean;
}

export interface TextChange {
  range: Range;
  text: string;
}

/** The change that deletes whole lines [start, start + count); the last lines take their preceding line break with them. */
export function deleteLinesChange(document: TextDocument, start: number, count: number): TextChange | undefined {
  if (count <= 0) return undefined;
  const end = start + count;
  if (end < document.lineCount) return { range: new Range(start, 0, end, 0), text: "" };
  const last = document.lineAt(document.lineCount - 1).range.end;
  if (start > 0) return { range: new Range(document.lineAt(start - 1).range.end, last), text: "" };
  return { range: new Range(new Position(0, 0), last), text: "" };
}

/** The changes that insert each block of lines before its line (or after the last line). Same-line blocks are merged in order. */
export function insertLinesChanges(document: TextDocument, insertions: readonly LineInsertion[]): TextChange[] {
  const eol = document.eol === 2 ? "\r\n" : "\n";
  const merged = new Map<number, string[]>();
  for (const insertion of insertions) merged.set(insertion.beforeLine, [...(merged.get(insertion.beforeLine) ?? []), ...insertion.lines]);
  const changes: TextChange[] = [];
  for (const [beforeLine, lines] of merged) {
    if (beforeLine < document.lineCount) {
      changes.push({ range: new Range(beforeLine, 0, beforeLine, 0), text: lines.join(eol) + eol });
    } else {
      const end = document.lineAt(document.lineCount - 1).range.end;
      changes.push({ range: new Range(end, end), text: eol + lines.join(eol) });
    }
  }
  return changes;
}

/** The change that puts `lines` in place of whole lines [start, start + count) (count 0: inserts before `start`). */
export function replaceLinesChange(document: TextDocument, start: number, count: number, lines: readonly string[]): TextChange | undefined {
  if (lines.length === 0) return deleteLinesChange(document, start, count);
  if (count === 0) return insertLinesChanges(document, [{ beforeLine: start, lines: [...lines] }])[0];
  const eol = document.eol === 2 ? "\r\n" : "\n";
  // Up to the end of the last old line (not the next line's start), so the line break after it stays as it was.
  return { range: new Range(start, 0, start + count - 1, document.lineAt(start + count - 1).range.end.character), text: lines.join(eol) };
}

/**
 * Applies changes to a document so that undo works and unsaved text is respected.
 *
 * When the document is in a visible editor the changes go through `TextEditor.edit`, whose undo-stop options let
 * the insertion of a proposal and every later accept/reject join ONE undo step: after the last decision, a single
 * Undo brings back exactly the text from before the proposal. Otherwise (no editor shows the document) they go
 * through a `WorkspaceEdit`, which is undoable too but as one step per decision.
 */
export async function applyChanges(document: TextDocument, changes: readonly TextChange[], stops: UndoStops): Promise<boolean> {
  if (changes.length === 0) return true;
  const editor = window.visibleTextEditors.find((e) => e.document === document);
  if (editor) {
    const done = await editor.edit(
      (builder) => {
        for (const change of changes) builder.replace(change.range, change.text);
      },
      { undoStopBefore: stops.before, undoStopAfter: stops.after },
    );
    if (done) return true;
  }
  const edit = new WorkspaceEdit();
  for (const change of changes) edit.replace(document.uri, change.range, change.text);
  return workspace.applyEdit(edit);
}
