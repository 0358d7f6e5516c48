// Whether the editor should scroll to keep a streaming preview in view. Free of `vscode` so it can be unit-tested.
//
// A long reply streams past the bottom of the viewport; a user who is watching it expects the view to follow, like a
// terminal that sticks to its last line. A user who scrolled elsewhere meanwhile (to read other code) must be left
// where they are. So the view follows only while the line the stream reached last time is still on screen: the user
// was watching it, and it has just moved out below.

/** A visible span of 0-based lines, both ends included (an editor shows several when regions are folded). */
export interface LineSpan {
  start: number;
  end: number;
}

function isVisible(line: number, visible: readonly LineSpan[]): boolean {
  return visible.some((span) => line >= span.start && line <= span.end);
}

/**
 * True when the view should scroll to `next` (the stream's newest line now): it is off screen below, and the line it
 * reached at the previous paint, `previous`, is on screen (no previous paint: the line the preview started at).
 */
export function shouldFollowStream(previous: number, next: number, visible: readonly LineSpan[]): boolean {
  if (next <= previous || visible.length === 0) return false;
  const lastVisible = Math.max(...visible.map((span) => span.end));
  return isVisible(previous, visible) && next > lastVisible;
}

/** The newest line a preview paints: its streaming frontier or its lowest painted row, whichever is further down. */
export function streamWatchLine(frontierLine: number | undefined, rowLines: readonly number[]): number | undefined {
  const lowest = rowLines.length > 0 ? Math.max(...rowLines) : undefined;
  if (frontierLine === undefined) return lowest;
  return lowest === undefined ? frontierLine : Math.max(frontierLine, lowest);
}
