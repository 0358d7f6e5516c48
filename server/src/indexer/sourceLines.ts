/**
 * Line-level view of a file's text. Chunks are whole lines, so everything the chunker cuts goes through here; slices
 * keep the file's own line endings (CRLF stays CRLF) so a chunk's text is exactly what the file holds.
 */
export class SourceLines {
  /** Offset where each line starts; line n (1-based) starts at starts[n - 1]. */
  private readonly starts: number[] = [0];
  /** Offset just past each line's content, before its "\n" or "\r\n". */
  private readonly ends: number[] = [];

  constructor(readonly text: string) {
    let index = text.indexOf("\n");
    while (index !== -1) {
      this.ends.push(index > 0 && text.charCodeAt(index - 1) === 13 ? index - 1 : index);
      this.starts.push(index + 1);
      index = text.indexOf("\n", index + 1);
    }
    this.ends.push(text.length);
  }

  /** Number of lines, counting a last line without a terminator. */
  get count(): number {
    return this.starts.length;
  }

  /** The text of lines `first`..`last` (1-based, inclusive), without the final line terminator. */
  slice(first: number, last: number): string {
    return this.text.slice(this.starts[first - 1], this.ends[last - 1]);
  }

  line(lineNumber: number): string {
    return this.slice(lineNumber, lineNumber);
  }

  /** Characters in lines `first`..`last`, terminators included. */
  length(first: number, last: number): number {
    return this.ends[last - 1] - this.starts[first - 1];
  }

  isBlank(lineNumber: number): boolean {
    return this.line(lineNumber).trim().length === 0;
  }

  /** The smallest range inside `first`..`last` without blank lines at its edges, or undefined if all are blank. */
  trim(first: number, last: number): { first: number; last: number } | undefined {
    while (first <= last && this.isBlank(first)) first++;
    while (last >= first && this.isBlank(last)) last--;
    return first <= last ? { first, last } : undefined;
  }
}
