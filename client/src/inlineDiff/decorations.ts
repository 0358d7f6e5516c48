import { OverviewRulerLane, Range, ThemeColor, window, type DecorationRenderOptions, type Disposable, type TextEditor, type TextEditorDecorationType } from "vscode";
import type { PendingHunk } from "./hunkLayout";

/** Lines a proposal removes: the diff editor's removed-line background, marked in the overview ruler. */
export const REMOVED_LINE: DecorationRenderOptions = {
  isWholeLine: true,
  backgroundColor: new ThemeColor("diffEditor.removedLineBackground"),
  overviewRulerColor: new ThemeColor("editorOverviewRuler.deletedForeground"),
  overviewRulerLane: OverviewRulerLane.Left,
};

/**
 * The two looks of a pending change, in the diff editor's theme colours: new lines on the inserted-line background,
 * old lines as ghost text (italic, dimmed) on the removed-line background, so they read as "going away".
 */
export class InlineDiffDecorations implements Disposable {
  private readonly added: TextEditorDecorationType = window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new ThemeColor("diffEditor.insertedLineBackground"),
    overviewRulerColor: new ThemeColor("editorOverviewRuler.addedForeground"),
    overviewRulerLane: OverviewRulerLane.Left,
  });

  private readonly removed: TextEditorDecorationType = window.createTextEditorDecorationType({ ...REMOVED_LINE, fontStyle: "italic", opacity: "0.6" });

  /** Paints the pending hunks (or clears the editor when there are none). */
  render(editor: TextEditor, hunks: readonly PendingHunk[]): void {
    const added: Range[] = [];
    const removed: Range[] = [];
    const lastLine = editor.document.lineCount - 1;
    for (const hunk of hunks) {
      if (hunk.state !== "pending") continue;
      for (let i = 0; i < hunk.removedCount; i++) removed.push(lineRange(hunk.removedStart + i, lastLine));
      const addedStart = hunk.removedStart + hunk.removedCount;
      for (let i = 0; i < hunk.addedCount; i++) added.push(lineRange(addedStart + i, lastLine));
    }
    editor.setDecorations(this.added, added);
    editor.setDecorations(this.removed, removed);
  }

  clear(editor: TextEditor): void {
    editor.setDecorations(this.added, []);
    editor.setDecorations(this.removed, []);
  }

  dispose(): void {
    this.added.dispose();
    this.removed.dispose();
  }
}

function lineRange(line: number, lastLine: number): Range {
  const clamped = Math.max(0, Math.min(line, lastLine));
  return new Range(clamped, 0, clamped, 0);
}
