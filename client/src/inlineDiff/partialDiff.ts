// The diff behind the streaming preview, kept free of `vscode` so it can be unit-tested on plain strings.
//
// While a reply streams, only a prefix of the proposal exists, so diffing it against the WHOLE original would call
// every original line after the stream's position "removed". Instead the streamed lines are diffed against the
// shortest original prefix that matches as many of them as the whole original does: the stream has "reached" the
// last original line it matched, and original lines after that are not called removed, only not reached yet (the
// frontier sits on the first of them). A new line streamed past that point is shown as added until a later
// streamed line matches an original line further down, which then marks the lines in between as replaced.

/** How a streamed line relates to the original: the same line kept, or a new one. */
export type PreviewLineKind = "kept" | "added";

export interface PreviewLine {
  text: string;
  kind: PreviewLineKind;
  /** For a kept line: its 0-based index in the original lines. */
  original?: number;
}

export interface PartialDiff {
  /** The streamed lines in order, each marked kept or added. The last one may still be growing. */
  lines: PreviewLine[];
  /** 0-based indexes (into the original lines) of the lines the stream has replaced or dropped so far. */
  removed: number[];
  /** How many original lines the stream has passed: the frontier sits before original line `reached`. */
  reached: number;
}

/** Above this many table cells the preview stops matching lines (it shows everything as new) to stay cheap. */
const MAX_CELLS = 4_000_000;

/**
 * Diffs the streamed text so far against the original target lines. `complete` says the text is final; otherwise
 * its last line may be cut mid-way, so it is shown as added and never matched.
 */
export function partialDiff(original: readonly string[], streamedText: string, complete = false): PartialDiff {
  const streamed = streamedText.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  // The last piece after the last "\n" is the line still being written ("" when it has not begun); a final text
  // ending in "\n" has no such line.
  const growing = streamed.pop() ?? "";
  if (complete && growing !== "") streamed.push(growing);
  const matched = matchPrefix(original, streamed);
  if (!complete && growing !== "") matched.lines.push({ text: growing, kind: "added" });
  return matched;
}

function matchPrefix(original: readonly string[], streamed: readonly string[]): PartialDiff {
  const n = original.length;
  const m = streamed.length;
  if (m === 0) return { lines: [], removed: [], reached: 0 };
  if ((n + 1) * (m + 1) > MAX_CELLS) return { lines: streamed.map((text) => ({ text, kind: "added" })), removed: [], reached: 0 };
  // lcs[i * width + j] = longest common subsequence of original[0..i) and streamed[0..j).
  const width = m + 1;
  const lcs = new Int32Array((n + 1) * width);
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      lcs[i * width + j] = original[i - 1] === streamed[j - 1] ? lcs[(i - 1) * width + j - 1] + 1 : Math.max(lcs[(i - 1) * width + j], lcs[i * width + j - 1]);
    }
  }
  // lcs[k][m] grows with k; the first k where it reaches its maximum is just past the last matched original line.
  const most = lcs[n * width + m];
  let reached = 0;
  while (lcs[reached * width + m] < most) reached++;
  const kept = new Array<number | undefined>(m).fill(undefined);
  const removed: number[] = [];
  let i = reached;
  let j = m;
  while (i > 0 && j > 0) {
    if (original[i - 1] === streamed[j - 1]) {
      kept[j - 1] = i - 1;
      i--;
      j--;
    } else if (lcs[(i - 1) * width + j] >= lcs[i * width + j - 1]) {
      removed.push(--i);
    } else {
      j--;
    }
  }
  while (i > 0) removed.push(--i);
  removed.reverse();
  const lines = streamed.map((text, index): PreviewLine => (kept[index] === undefined ? { text, kind: "added" } : { text, kind: "kept", original: kept[index] }));
  return { lines, removed, reached };
}

/** New lines that go in one place: before original line `at` (0-based), i.e. in place of the removed lines there. */
export interface ChangeBlock {
  at: number;
  lines: string[];
}

/**
 * The streamed new lines grouped by where they go. Kept lines need no picture (the original line is there), so
 * each run of new lines between two kept lines is one block, placed at the first original line after the kept
 * line above it: the first line it replaces, or the insertion point (for the run being streamed: the frontier).
 */
export function changeBlocks(diff: PartialDiff): ChangeBlock[] {
  const blocks: ChangeBlock[] = [];
  let at = 0;
  let current: string[] = [];
  for (const line of diff.lines) {
    if (line.kind === "added") {
      current.push(line.text);
      continue;
    }
    if (current.length > 0) blocks.push({ at, lines: current });
    current = [];
    at = (line.original ?? at) + 1;
  }
  if (current.length > 0) blocks.push({ at, lines: current });
  return blocks;
}
