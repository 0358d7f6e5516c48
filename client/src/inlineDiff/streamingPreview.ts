import { CancellationTokenSource, type CancellationToken, type Disposable, type TextDocument } from "vscode";
import type { CodeActionProgressParams, LineRange } from "../../../shared/protocol/actions";
import type { GhostPaint } from "./ghostDecorations";
import { layoutGhostRows } from "./ghostLayout";
import { findShift, splitLines } from "./hunkLayout";
import { changeBlocks, partialDiff } from "./partialDiff";

/** At most this often the preview repaints (about 10 times a second), however often progress arrives. */
export const PREVIEW_REPAINT_MS = 100;

/** What the CodeLens above a streaming preview says; a change of it (not of the streamed text) refreshes CodeLens. */
export type StreamingStatus = "waiting" | "writing" | "checking" | "hidden";

/**
 * The progressive preview of an edit while the model's reply streams in.
 *
 * Design: the preview is decorations only; it never edits the buffer. Putting streamed lines into the buffer would
 * make the document dirty, so an auto-save could write a half-streamed function to disk; a cancelled, failed or
 * cut stream would have to edit the text back, leaving the document dirty with an extra undo step (only Undo makes
 * VS Code consider a document clean again, and Undo acts on whatever the user did last); and the language server
 * and other extensions would see every half-written state. So the streamed code is diffed against the original
 * lines the stream has reached (partialDiff.ts) and its new lines are painted beside the lines they replace
 * (ghostLayout.ts), highlighted; replaced lines are marked, and a dashed rule shows how far the stream has got. The final proposal then becomes the normal
 * inline diff, and a stream that ends any other way simply disappears: the document was never touched.
 *
 * The user may keep typing: the target is found again on every paint (re-based when lines above it moved) and the
 * preview hides itself while the target lines themselves differ from what the request saw.
 */
export class StreamingPreview implements Disposable {
  private readonly cancellation = new CancellationTokenSource();
  private readonly requestLines: string[];
  private target: LineRange | undefined;
  private partialText = "";
  private checking = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastPaint = 0;
  private disposed = false;
  /** 0-based line where the target starts now (after re-basing); undefined while hidden or unknown. */
  private currentStart: number | undefined;
  status: StreamingStatus = "waiting";

  constructor(
    readonly document: TextDocument,
    readonly action: string,
    /** The lines the user selected when the action started; the server's own target replaces it when it arrives. */
    selection: LineRange | undefined,
    private readonly hooks: {
      repaint: (preview: StreamingPreview, statusChanged: boolean) => void;
      ended: (preview: StreamingPreview) => void;
    },
  ) {
    this.requestLines = splitLines(document.getText());
    this.target = selection;
  }

  /** Cancelled by the preview's Cancel CodeLens; the run links it to its request. */
  get token(): CancellationToken {
    return this.cancellation.token;
  }

  /** The line the CodeLens sits on. */
  get lensLine(): number {
    return this.currentStart ?? Math.max(0, (this.target?.startLine ?? 1) - 1);
  }

  cancel(): void {
    this.cancellation.cancel();
  }

  onProgress(update: CodeActionProgressParams): void {
    if (this.disposed) return;
    if (update.target) this.target = update.target;
    if (update.partialProposedText !== undefined) this.partialText = update.partialProposedText;
    if (update.stage === "applying") this.checking = true;
    this.schedule();
  }

  /** Repaints soon (the user typed, an editor opened), never more often than PREVIEW_REPAINT_MS. */
  schedule(): void {
    if (this.disposed || this.timer) return;
    const wait = Math.max(0, this.lastPaint + PREVIEW_REPAINT_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastPaint = Date.now();
      const before = this.status;
      this.status = this.computeStatus();
      this.hooks.repaint(this, before !== this.status);
    }, wait);
  }

  /** What to paint now, or undefined when nothing is (no target or code yet, or the target was edited). */
  picture(): GhostPaint | undefined {
    if (this.status === "hidden" || this.currentStart === undefined || !this.target || this.partialText === "") return undefined;
    const original = this.requestLines.slice(this.target.startLine - 1, this.target.endLine);
    const start = this.currentStart;
    const diff = partialDiff(original, this.partialText, this.checking);
    const blocks = changeBlocks(diff).map((block) => ({ row: start + block.at, lines: block.lines }));
    const rows = layoutGhostRows(blocks, this.document.lineCount);
    return {
      rows,
      removedLines: diff.removed.map((index) => start + index),
      // The cursor mark goes on the line being written, which is the last new line only while the stream's tail is new.
      streaming: !this.checking && diff.lines.at(-1)?.kind === "added",
      frontierLine: this.checking ? undefined : start + diff.reached,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.cancellation.dispose();
    this.hooks.ended(this);
  }

  private computeStatus(): StreamingStatus {
    this.currentStart = undefined;
    if (!this.target) return "waiting";
    const original = this.requestLines.slice(this.target.startLine - 1, this.target.endLine);
    const shift = findShift(splitLines(this.document.getText()), original, this.target.startLine - 1);
    if (shift === undefined) return "hidden";
    this.currentStart = this.target.startLine - 1 + shift;
    if (this.checking) return "checking";
    return this.partialText === "" ? "waiting" : "writing";
  }
}
