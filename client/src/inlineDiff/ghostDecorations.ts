import { Range, ThemeColor, window, type DecorationOptions, type Disposable, type TextEditor, type TextEditorDecorationType } from "vscode";
import { REMOVED_LINE } from "./decorations";
import { ghostColumns, ghostText, visualWidth, type GhostRow } from "./ghostLayout";

/** Everything one paint of a proposal held outside the buffer shows (see ghostLayout.ts for the layout). */
export interface GhostPaint {
  rows: readonly GhostRow[];
  /** 0-based document lines the proposal replaces or drops. */
  removedLines: readonly number[];
  /** True while the proposal is still streaming: its last line gets a cursor mark. */
  streaming?: boolean;
  /** While streaming: the first original line the stream has not reached yet (a dashed line is drawn above it). */
  frontierLine?: number;
}

const CURSOR_MARK = " ▍";

/**
 * The looks of proposed lines painted beside the code: new lines on the inserted-text background, the old lines
 * they replace on the removed-line background, and the stream's frontier as a dashed rule. All are decorations:
 * the buffer is never touched.
 */
export class GhostDecorations implements Disposable {
  private readonly added: TextEditorDecorationType = window.createTextEditorDecorationType({
    after: { color: new ThemeColor("editor.foreground"), backgroundColor: new ThemeColor("diffEditor.insertedTextBackground") },
  });

  private readonly removed: TextEditorDecorationType = window.createTextEditorDecorationType(REMOVED_LINE);

  private readonly frontier: TextEditorDecorationType = window.createTextEditorDecorationType({
    isWholeLine: true,
    borderColor: new ThemeColor("editorCursor.foreground"),
    borderStyle: "dashed none none none",
    borderWidth: "1px 0 0 0",
  });

  render(editor: TextEditor, paint: GhostPaint): void {
    const document = editor.document;
    const lastLine = document.lineCount - 1;
    const tabSize = typeof editor.options.tabSize === "number" ? editor.options.tabSize : 4;
    const rows = paint.rows.filter((row) => row.line >= 0 && row.line <= lastLine);
    const widths = rows.map((row) => visualWidth(document.lineAt(row.line).text, tabSize));
    const columns = ghostColumns(rows, widths);
    const added: DecorationOptions[] = [];
    rows.forEach((row, index) => {
      const end = document.lineAt(row.line).range.end;
      let contentText = ghostText(widths[index], columns[index], row.text, tabSize);
      if (paint.streaming && index === rows.length - 1) contentText += CURSOR_MARK;
      if (row.hiddenAfter > 0) contentText += `\u00a0\u00a0… +${row.hiddenAfter} more line${row.hiddenAfter === 1 ? "" : "s"}`;
      added.push({ range: new Range(end, end), renderOptions: { after: { contentText } } });
    });
    editor.setDecorations(this.added, added);
    editor.setDecorations(
      this.removed,
      paint.removedLines.filter((line) => line >= 0 && line <= lastLine).map((line) => new Range(line, 0, line, 0)),
    );
    const frontier = paint.frontierLine;
    editor.setDecorations(this.frontier, frontier !== undefined && frontier >= 0 && frontier <= lastLine ? [new Range(frontier, 0, frontier, 0)] : []);
  }

  clear(editor: TextEditor): void {
    for (const type of [this.added, this.removed, this.frontier]) editor.setDecorations(type, []);
  }

  dispose(): void {
    for (const type of [this.added, this.removed, this.frontier]) type.dispose();
  }
}
