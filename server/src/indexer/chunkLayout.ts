import type { DeclarationUnit, SyntaxOutline } from "./declarations";
import type { SourceLines } from "./sourceLines";

/**
 * Size caps for one chunk. 120 lines and 5,000 characters keep a chunk within what small embedding models read
 * (≈ 512 tokens at ~4 characters a token is 2,000 characters, so longer chunks are still truncated by the model, but
 * the full text remains searchable lexically) and within what a person scans in a result list. A declaration over
 * either cap is split into consecutive parts with the same symbol; a class over the cap becomes one chunk per method
 * plus chunks for the rest of the class (header, fields). A single line longer than the character cap stays whole:
 * chunks are made of whole lines.
 */
export const MAX_CHUNK_LINES = 120;
export const MAX_CHUNK_CHARS = 5000;

/** Line windows for languages without a grammar: 60 lines, each overlapping the previous by 10. */
export const WINDOW_LINES = 60;
export const WINDOW_OVERLAP = 10;

/** A chunk before its text and hashes are attached. Lines are 1-based and inclusive. */
export interface ChunkSpec {
  startLine: number;
  endLine: number;
  kind: string;
  symbol?: string;
  signature?: string;
  definitions: string[];
}

interface LineRange {
  first: number;
  last: number;
}

/** The text between declarations gets this description: "module" at top level, the class itself inside a class. */
interface GapDescription {
  kind: string;
  symbol?: string;
  signature?: string;
  definitions: string[];
}

/**
 * Lays the outline's declarations over the file's lines. Lines between declarations (imports, top-level
 * statements, parse errors) become "module" chunks, so every non-blank line ends up in exactly one chunk.
 */
export function layoutOutline(lines: SourceLines, outline: SyntaxOutline): ChunkSpec[] {
  const specs: ChunkSpec[] = [];
  layoutRange(lines, { first: 1, last: lines.count }, outline.units, specs, { kind: "module", definitions: [] });
  for (const spec of specs) {
    if (spec.kind !== "module") continue;
    spec.definitions = outline.looseDefinitions
      .filter((definition) => definition.line >= spec.startLine && definition.line <= spec.endLine)
      .map((definition) => definition.name);
  }
  return specs;
}

/** Overlapping line windows over the whole file, for languages the chunker has no grammar for. */
export function layoutWindows(lines: SourceLines): ChunkSpec[] {
  const specs: ChunkSpec[] = [];
  let start = 1;
  while (start <= lines.count) {
    let end = start;
    while (end < lines.count && end - start + 1 < WINDOW_LINES && lines.length(start, end + 1) <= MAX_CHUNK_CHARS) end++;
    const range = lines.trim(start, end);
    if (range) specs.push({ startLine: range.first, endLine: range.last, kind: "window", definitions: [] });
    if (end >= lines.count) break;
    start = Math.max(start + 1, end - WINDOW_OVERLAP + 1);
  }
  return specs;
}

function layoutRange(
  lines: SourceLines,
  range: LineRange,
  units: DeclarationUnit[],
  out: ChunkSpec[],
  gap: GapDescription,
): void {
  let cursor = range.first;
  for (const unit of withoutOverlaps(units)) {
    emitGap(lines, { first: cursor, last: unit.startLine - 1 }, out, gap);
    emitUnit(lines, unit, out);
    cursor = unit.endLine + 1;
  }
  emitGap(lines, { first: cursor, last: range.last }, out, gap);
}

function emitUnit(lines: SourceLines, unit: DeclarationUnit, out: ChunkSpec[]): void {
  const describe = (part: LineRange): ChunkSpec => ({
    startLine: part.first,
    endLine: part.last,
    kind: unit.kind,
    symbol: unit.symbol,
    signature: unit.signature,
    definitions: [...unit.definitions],
  });
  const whole = { first: unit.startLine, last: unit.endLine };
  if (fits(lines, whole)) {
    out.push(describe(whole));
  } else if (unit.members && unit.members.length > 0) {
    const definitions = unit.symbol ? [unit.symbol] : [];
    layoutRange(lines, whole, unit.members, out, { kind: unit.kind, symbol: unit.symbol, signature: unit.signature, definitions });
  } else {
    for (const part of splitRange(lines, whole)) out.push(describe(part));
  }
}

function emitGap(lines: SourceLines, range: LineRange, out: ChunkSpec[], gap: GapDescription): void {
  if (range.first > range.last) return;
  const trimmed = lines.trim(range.first, range.last);
  if (!trimmed) return;
  const previous = out[out.length - 1];
  // A gap of bare punctuation (a class's closing brace) is not worth a chunk: it joins the chunk before it.
  if (previous && previous.endLine < trimmed.first && !/[\p{L}\p{N}_$]/u.test(lines.slice(trimmed.first, trimmed.last))) {
    previous.endLine = trimmed.last;
    return;
  }
  for (const part of splitRange(lines, trimmed)) {
    out.push({ startLine: part.first, endLine: part.last, ...gap, definitions: [...gap.definitions] });
  }
}

function fits(lines: SourceLines, range: LineRange): boolean {
  return range.last - range.first + 1 <= MAX_CHUNK_LINES && lines.length(range.first, range.last) <= MAX_CHUNK_CHARS;
}

/** Consecutive parts under both caps, of about equal line counts; blank lines at part edges are left out. */
function splitRange(lines: SourceLines, range: LineRange): LineRange[] {
  if (fits(lines, range)) return [range];
  const lineCount = range.last - range.first + 1;
  const partCount = Math.max(Math.ceil(lineCount / MAX_CHUNK_LINES), Math.ceil(lines.length(range.first, range.last) / MAX_CHUNK_CHARS));
  const targetLines = Math.ceil(lineCount / partCount);
  const parts: LineRange[] = [];
  let start = range.first;
  for (let line = range.first + 1; line <= range.last + 1; line++) {
    const atEnd = line > range.last;
    const full = line - start >= targetLines || (!atEnd && lines.length(start, line) > MAX_CHUNK_CHARS);
    if (atEnd || full) {
      const part = lines.trim(start, line - 1);
      if (part) parts.push(part);
      start = line;
    }
  }
  return parts;
}

/** Sorts units and folds any that share a line with the one before (`const a = 1; function f() {}`) into it. */
function withoutOverlaps(units: DeclarationUnit[]): DeclarationUnit[] {
  const sorted = [...units].sort((a, b) => a.startLine - b.startLine);
  const result: DeclarationUnit[] = [];
  for (const unit of sorted) {
    const previous = result[result.length - 1];
    if (previous && unit.startLine <= previous.endLine) {
      result[result.length - 1] = {
        ...previous,
        endLine: Math.max(previous.endLine, unit.endLine),
        definitions: [...previous.definitions, ...unit.definitions],
        members: undefined,
      };
    } else {
      result.push(unit);
    }
  }
  return result;
}
