// Where "ghost" lines go: proposed lines painted as decoration text beside the document's own lines, never inserted
// into the buffer. Free of `vscode` so it can be unit-tested.
//
// VS Code's stable API cannot add vertical space between lines (view zones and insets are not public), and a
// decoration's text is one visual line. So each proposed line is attached, in order, to the document row at or
// below its block's first row, in a column to the right of the code: the proposal reads top to bottom like code,
// next to the lines it replaces. A block that runs into the next block (or the end of the file) folds its remaining
// lines into a "+N more lines" note on its last row; the full text is in that row's hover.

/** Proposed lines that belong at document row `row` (0-based) and below. */
export interface GhostBlock {
  row: number;
  lines: string[];
}

export interface GhostRow {
  /** 0-based document line that carries this ghost line. */
  line: number;
  text: string;
  /** Index of the block this line belongs to (lines of one block align to one column). */
  block: number;
  /** Lines of the block that did not fit below this (its last) row; 0 otherwise. */
  hiddenAfter: number;
}

/** Lays blocks out on document rows; blocks must not overlap in `row` and are taken in row order. */
export function layoutGhostRows(blocks: readonly GhostBlock[], lineCount: number): GhostRow[] {
  const rows: GhostRow[] = [];
  const sorted = [...blocks].filter((b) => b.lines.length > 0).sort((a, b) => a.row - b.row);
  let nextFree = 0;
  for (let index = 0; index < sorted.length; index++) {
    const block = sorted[index];
    const first = Math.max(nextFree, Math.min(block.row, lineCount - 1));
    const limit = Math.min(lineCount, sorted[index + 1]?.row ?? lineCount);
    const available = Math.max(1, limit - first);
    if (first >= lineCount) break;
    const shown = Math.min(block.lines.length, available);
    const texts = dedent(block.lines);
    for (let i = 0; i < shown; i++) {
      rows.push({ line: first + i, text: texts[i], block: index, hiddenAfter: i === shown - 1 ? block.lines.length - shown : 0 });
    }
    nextFree = first + shown;
  }
  return rows;
}

/** The lines without the indentation they all share: beside code that is indented already, it only wastes room. */
export function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^[ \t]*/.exec(line)![0]);
  if (indents.length === 0) return [...lines];
  let common = indents[0];
  for (const indent of indents) while (!indent.startsWith(common)) common = common.slice(0, -1);
  return lines.map((line) => (line.startsWith(common) ? line.slice(common.length) : line.trimStart()));
}

/** The width a line takes on screen in a monospace editor, with tabs expanded to the next tab stop. */
export function visualWidth(text: string, tabSize: number): number {
  let width = 0;
  for (const char of text) width = char === "\t" ? width + tabSize - (width % tabSize) : width + 1;
  return width;
}

/** Ghost text starts this many columns after the longest code line of its block… */
const GUTTER = 4;
/** …but never further right than this, so it stays on screen beside long lines (which then get a small gap). */
const MAX_COLUMN = 80;

/** For each row, the column its ghost text aligns to: one column per block, right of that block's code lines. */
export function ghostColumns(rows: readonly GhostRow[], codeWidths: readonly number[]): number[] {
  const widest = new Map<number, number>();
  rows.forEach((row, i) => widest.set(row.block, Math.max(widest.get(row.block) ?? 0, codeWidths[i])));
  return rows.map((row) => Math.min((widest.get(row.block) ?? 0) + GUTTER, MAX_COLUMN));
}

/**
 * The decoration text for one ghost line: padding to `column`, then the line. Decoration text collapses ordinary
 * spaces, so spaces and tabs become non-breaking spaces (indentation must stay visible).
 */
export function ghostText(codeWidth: number, column: number, text: string, tabSize: number): string {
  const pad = Math.max(2, column - codeWidth);
  let out = "";
  let width = 0;
  for (const char of text) {
    if (char === "\t") {
      const step = tabSize - (width % tabSize);
      out += "\u00a0".repeat(step);
      width += step;
    } else {
      out += char === " " ? "\u00a0" : char;
      width++;
    }
  }
  return "\u00a0".repeat(pad) + out;
}
