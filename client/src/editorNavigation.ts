import {
  Range,
  Selection,
  TabInputText,
  TextEditorRevealType,
  ViewColumn,
  window,
  workspace,
  type TextDocument,
  type Uri,
} from "vscode";

/** Where the user was before a picker started previewing files, so Escape can put them back. */
export interface EditorSnapshot {
  document: TextDocument;
  viewColumn: ViewColumn | undefined;
  selections: readonly Selection[];
  firstVisibleRange: Range | undefined;
}

export function snapshotActiveEditor(): EditorSnapshot | undefined {
  const editor = window.activeTextEditor;
  if (!editor) return undefined;
  return {
    document: editor.document,
    viewColumn: editor.viewColumn,
    selections: editor.selections,
    firstVisibleRange: editor.visibleRanges[0],
  };
}

/** 1-based inclusive lines → a range over whole lines, clamped to the document (it may have changed since indexing). */
export function lineRange(document: TextDocument, startLine: number, endLine: number): Range {
  const last = Math.max(0, document.lineCount - 1);
  const start = Math.min(Math.max(0, startLine - 1), last);
  const end = Math.min(Math.max(start, endLine - 1), last);
  return new Range(start, 0, end, document.lineAt(end).text.length);
}

export type ShowMode = "preview" | "open" | "open-beside";

/**
 * Shows lines of a file. "preview" keeps focus in the picker and uses a preview tab with the range selected;
 * "open" opens a normal tab with the cursor at the first line and the range revealed.
 */
export async function showLines(uri: Uri, startLine: number, endLine: number, mode: ShowMode): Promise<void> {
  const document = await workspace.openTextDocument(uri);
  const range = lineRange(document, startLine, endLine);
  if (mode === "preview") {
    const editor = await window.showTextDocument(document, { preview: true, preserveFocus: true, selection: range });
    editor.revealRange(range, TextEditorRevealType.InCenter);
    return;
  }
  const cursor = new Selection(range.start, range.start);
  const editor = await window.showTextDocument(document, {
    preview: false,
    preserveFocus: false,
    selection: cursor,
    viewColumn: mode === "open-beside" ? ViewColumn.Beside : undefined,
  });
  editor.revealRange(range, TextEditorRevealType.InCenterIfOutsideViewport);
}

/**
 * Puts the editor the user had back in front with its selection and scroll position. When there was none, closes
 * the preview tab the picker left behind instead.
 */
export async function restoreEditor(snapshot: EditorSnapshot | undefined, previewed: Uri | undefined): Promise<void> {
  if (snapshot) {
    const editor = await window.showTextDocument(snapshot.document, { viewColumn: snapshot.viewColumn, preserveFocus: false });
    editor.selections = [...snapshot.selections];
    if (snapshot.firstVisibleRange) editor.revealRange(snapshot.firstVisibleRange, TextEditorRevealType.AtTop);
    return;
  }
  if (!previewed) return;
  for (const group of window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.isPreview && tab.input instanceof TabInputText && tab.input.uri.toString() === previewed.toString()) {
        await window.tabGroups.close(tab, true);
      }
    }
  }
}
