// The part of a /refactor reply that changes files other than the target: the format the prompt asks for, and its
// parser. Each such edit names its file on the line before its code block, so a block is never applied to a file by
// guessing. Existing files are changed by ORIGINAL → REPLACEMENT pairs (the server finds ORIGINAL in the file's text
// as it is now); a file is only created when the reply says "New file:" explicitly.
import { extractCodeBlocks, truncatedMessage, UnusableReplyError, type CodeBlock } from "./parseEdit";

export const ORIGINAL_MARKER = "<<<<<<< ORIGINAL";
export const SEPARATOR_MARKER = "=======";
export const REPLACEMENT_MARKER = ">>>>>>> REPLACEMENT";

/** What the prompt tells the model about changing other files (kept next to the parser so the two cannot drift). */
export const OTHER_FILES_RULES = [
  "If the change needs edits in OTHER files (for example the callers of a renamed function or of a changed signature, as shown above), add after the target's code block, for each such file:",
  "a line `Path: <workspace-relative path>` and right after it one fenced code block holding one or more pairs",
  ORIGINAL_MARKER,
  "<lines copied EXACTLY from that file as shown, enough of them to occur only once in the file>",
  SEPARATOR_MARKER,
  "<the lines that replace them>",
  REPLACEMENT_MARKER,
  "Only name files whose text you were shown. To create a file, write `New file: <workspace-relative path>` followed by one fenced block holding its whole content.",
  "Never use a Path block for the target lines: the target's replacement is the block without a Path line. Leave other files alone when the change does not need them.",
].join("\n");

export interface ReplacementPair {
  /** Lines as the model copied them from the file (located tolerating trailing whitespace only). */
  original: string[];
  replacement: string[];
}

export type ReplyFileEdit =
  | { kind: "replace"; path: string; pairs: ReplacementPair[] }
  | { kind: "create"; path: string; lines: string[] };

export interface SplitReply {
  /** The blocks without a file header: the target's replacement is chosen among them as for a single-file edit. */
  targetBlocks: CodeBlock[];
  /** Edits of other files (or of the target's file outside the target), in reply order. */
  fileEdits: ReplyFileEdit[];
}

/** `Path: x`, `**Path:** \`x\``, `- New file: x` … on the last non-blank line before a block. */
const HEADER = /^\s*(?:[-*]\s+)?\**\s*(path|new file)\s*:?\s*\**\s*:?\s*`?([^`\s*]+)`?\s*\**\s*$/i;
const ORIGINAL_LINE = /^\s*<{7}\s*ORIGINAL\s*$/;
const SEPARATOR_LINE = /^\s*={7}\s*$/;
const REPLACEMENT_LINE = /^\s*>{7}\s*REPLACEMENT\s*$/;

/**
 * Splits an edit reply into the target's candidate blocks and the edits of other files. A block with a header that is
 * malformed (no pairs, an unterminated pair, text outside the pairs), cut off, or marker pairs without a header are
 * reported as an `UnusableReplyError` naming the file: nothing of such a reply is applied.
 */
export function splitMultiFileReply(reply: string, truncated: boolean, targetPath?: string): SplitReply {
  const lines = reply.split(/\r?\n/);
  const blocks = extractCodeBlocks(reply);
  const targetBlocks: CodeBlock[] = [];
  const fileEdits: ReplyFileEdit[] = [];
  for (const block of blocks) {
    const header = headerBefore(lines, block.fenceLine);
    if (!header) {
      if (block.text.split("\n").some((line) => ORIGINAL_LINE.test(line))) {
        throw new UnusableReplyError(
          `The model sent ${ORIGINAL_MARKER} / ${REPLACEMENT_MARKER} lines without a "Path:" line naming their file, so it is unknown where they belong; nothing was changed.`,
        );
      }
      targetBlocks.push(block);
      continue;
    }
    if (!block.closed) {
      throw new UnusableReplyError(truncated ? truncatedMessage() : `The model's reply ended inside its change to ${header.path}, so that change is incomplete; nothing was changed.`);
    }
    const body = block.text.split("\n").map((line) => line.replace(/\r$/, ""));
    // Models sometimes label the target's own replacement with its path; without pairs it is that replacement.
    if (header.kind === "replace" && isSamePath(header.path, targetPath) && !body.some((line) => ORIGINAL_LINE.test(line))) {
      targetBlocks.push(block);
      continue;
    }
    if (header.kind === "create") {
      while (body.length > 0 && body[body.length - 1].trim() === "") body.pop();
      if (body.every((line) => line.trim() === "")) throw new UnusableReplyError(`The model proposed an empty new file ${header.path}; nothing was changed.`);
      fileEdits.push({ kind: "create", path: header.path, lines: body });
      continue;
    }
    fileEdits.push({ kind: "replace", path: header.path, pairs: parsePairs(header.path, body) });
  }
  return { targetBlocks, fileEdits };
}

function isSamePath(named: string, targetPath: string | undefined): boolean {
  return targetPath !== undefined && named.replace(/\\/g, "/").replace(/^(\.\/)+/, "") === targetPath;
}

/** The header on the last non-blank line before a fence (a previous block's closing fence is never one). */
function headerBefore(lines: readonly string[], fenceLine: number): { kind: "replace" | "create"; path: string } | undefined {
  for (let index = fenceLine - 1; index >= 0; index--) {
    if (lines[index].trim() === "") continue;
    const match = HEADER.exec(lines[index]);
    if (!match) return undefined;
    return { kind: match[1].toLowerCase() === "path" ? "replace" : "create", path: match[2] };
  }
  return undefined;
}

function malformed(path: string, why: string): UnusableReplyError {
  return new UnusableReplyError(
    `The model's change to ${path} is malformed (${why}); it must be ${ORIGINAL_MARKER} … ${SEPARATOR_MARKER} … ${REPLACEMENT_MARKER} pairs. Nothing was changed.`,
  );
}

function parsePairs(path: string, body: readonly string[]): ReplacementPair[] {
  const pairs: ReplacementPair[] = [];
  let state: "outside" | "original" | "replacement" = "outside";
  let current: ReplacementPair = { original: [], replacement: [] };
  for (const line of body) {
    if (state === "outside") {
      if (ORIGINAL_LINE.test(line)) {
        state = "original";
        current = { original: [], replacement: [] };
      } else if (line.trim() !== "") {
        throw malformed(path, `text outside a pair: "${line.trim().slice(0, 60)}"`);
      }
    } else if (state === "original") {
      if (SEPARATOR_LINE.test(line)) state = "replacement";
      else if (REPLACEMENT_LINE.test(line) || ORIGINAL_LINE.test(line)) throw malformed(path, `an ORIGINAL part without its ${SEPARATOR_MARKER} line`);
      else current.original.push(line);
    } else if (REPLACEMENT_LINE.test(line)) {
      if (current.original.every((l) => l.trim() === "")) throw malformed(path, "an empty ORIGINAL part says nothing about where to change the file");
      pairs.push(current);
      state = "outside";
    } else if (ORIGINAL_LINE.test(line) || SEPARATOR_LINE.test(line)) {
      throw malformed(path, `a REPLACEMENT part without its closing ${REPLACEMENT_MARKER} line`);
    } else {
      current.replacement.push(line);
    }
  }
  if (state !== "outside") throw malformed(path, "the last pair is not closed");
  if (pairs.length === 0) throw malformed(path, "no pairs");
  return pairs;
}
