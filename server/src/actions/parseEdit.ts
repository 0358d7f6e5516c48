import * as path from "node:path";
import type { CodeActionKind } from "../../../shared/protocol/actions";

/** A model reply that cannot become a safe edit; `message` is written for the user and says nothing was changed. */
export class UnusableReplyError extends Error {
  readonly kind = "unusable-reply";
}

export interface CodeBlock {
  language: string;
  text: string;
  /** False when the reply ended inside the block (cut off). */
  closed: boolean;
  /** 0-based line of the reply where the opening fence is (what precedes it may name a file). */
  fenceLine: number;
}

/** Fenced code blocks (``` or ~~~, three or more) in reply order; an unclosed last block is returned with `closed` false. */
export function extractCodeBlocks(reply: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = reply.split(/\r?\n/);
  let open: { fence: string; language: string; body: string[]; fenceLine: number } | undefined;
  for (const [index, line] of lines.entries()) {
    if (!open) {
      const start = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)[^`]*$/.exec(line);
      if (start) open = { fence: start[1], language: start[2] ?? "", body: [], fenceLine: index };
      continue;
    }
    const close = /^\s{0,3}(`{3,}|~{3,})\s*$/.exec(line);
    if (close && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
      blocks.push({ language: open.language, text: open.body.join("\n"), closed: true, fenceLine: open.fenceLine });
      open = undefined;
    } else {
      open.body.push(line);
    }
  }
  if (open) blocks.push({ language: open.language, text: open.body.join("\n"), closed: false, fenceLine: open.fenceLine });
  return blocks;
}

/** The code streamed so far, for a progressive preview: the body of the first block, whether closed or not. */
export function partialCode(reply: string): string | undefined {
  const first = extractCodeBlocks(reply)[0];
  return first?.text;
}

export interface ParsedEdit {
  /** Replacement lines for the target range. */
  lines: string[];
  warnings: string[];
}

export interface ParseEditInput {
  action: CodeActionKind;
  reply: string;
  /** True when the model stopped because of the output token limit. */
  truncated: boolean;
  originalLines: readonly string[];
  instruction?: string;
  /**
   * The reply's blocks that hold the target's code, when the caller has set aside blocks meant for other files
   * (a multi-file refactor); all of the reply's blocks otherwise.
   */
  blocks?: CodeBlock[];
}

/** Comments models write instead of the code they left out; applying them would delete that code. */
export const ELISION = /^\s*(\/\/|#|\/\*|\*|<!--)\s*(\.\.\.|…|\(?(rest|remainder) of|(existing|other|remaining|unchanged|same) (code|methods|implementation|logic)|code (unchanged|omitted)|omitted for brevity)/i;
const DELETION_ASKED = /\b(remove|delete|drop|shorten|strip|trim|inline|collapse|simplif|dedupe|deduplicate|reduce|condense)/i;

function nonBlank(lines: readonly string[]): number {
  return lines.filter((line) => line.trim().length > 0).length;
}

export function truncatedMessage(): string {
  return "The model's reply was cut off by the output token limit (vibeCoder.llm.maxOutputTokens), so it is incomplete; nothing was changed. Select a smaller range or raise the limit.";
}

/** The single code block an edit reply must hold, or a clear error. */
function pickBlock(reply: string, truncated: boolean, warnings: string[], blocks = extractCodeBlocks(reply)): CodeBlock {
  if (blocks.length === 0) {
    if (truncated) throw new UnusableReplyError(truncatedMessage());
    const said = reply.trim().length === 0 ? "an empty reply" : "prose without a code block";
    throw new UnusableReplyError(`The model sent ${said}, so there was nothing to apply; nothing was changed. Try again or rephrase the request.`);
  }
  const last = blocks[blocks.length - 1];
  if (!last.closed && truncated) throw new UnusableReplyError(truncatedMessage());
  if (blocks.every((block) => !block.closed)) {
    throw new UnusableReplyError("The model's reply ended inside its code block, so the code is incomplete; nothing was changed.");
  }
  const complete = blocks.filter((block) => block.closed);
  if (complete.length > 1) warnings.push(`The model sent ${complete.length} code blocks; the longest one is used.`);
  return complete.reduce((best, block) => (block.text.length > best.text.length ? block : best));
}

/** Re-indents a block the model wrote flush-left although the original was indented (common with nested methods). */
function restoreIndent(lines: string[], originalLines: readonly string[], warnings: string[]): string[] {
  const indentOf = (line: string): string => /^[ \t]*/.exec(line)?.[0] ?? "";
  const firstOriginal = originalLines.find((line) => line.trim().length > 0);
  const base = firstOriginal ? indentOf(firstOriginal) : "";
  const proposedIndents = lines.filter((line) => line.trim().length > 0).map(indentOf);
  const minimum = proposedIndents.length ? Math.min(...proposedIndents.map((i) => i.length)) : 0;
  if (base.length === 0 || minimum > 0) return lines;
  warnings.push("The model dropped the code's indentation; it was restored.");
  return lines.map((line) => (line.trim().length > 0 ? base + line : line));
}

/**
 * Turns an edit reply (improve/refactor/fix/doc) into the replacement lines for the target, or throws
 * `UnusableReplyError` for garbage: no code block, an empty one, a reply cut off by the token limit, code with
 * elision comments, or a reply that would delete most of the target when nobody asked for that.
 */
export function parseEditReply(input: ParseEditInput): ParsedEdit {
  const warnings: string[] = [];
  const block = pickBlock(input.reply, input.truncated, warnings, input.blocks);
  let lines = block.text.split("\n");
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  while (lines.length > 0 && lines[0].trim() === "") lines.shift();
  if (lines.length === 0) {
    throw new UnusableReplyError("The model sent an empty code block; applying it would delete the code, so nothing was changed.");
  }
  const originalText = input.originalLines.join("\n");
  const elided = lines.find((line) => ELISION.test(line) && !originalText.includes(line.trim()));
  if (elided) {
    throw new UnusableReplyError(
      `The model abbreviated the code ("${elided.trim().slice(0, 60)}") instead of writing it out; applying it would delete code, so nothing was changed.`,
    );
  }
  const kept = nonBlank(lines);
  const before = nonBlank(input.originalLines);
  if (before >= 4 && kept * 2 < before && !DELETION_ASKED.test(input.instruction ?? "")) {
    throw new UnusableReplyError(
      `The model's reply would remove most of the code (${before} lines down to ${kept}) though nobody asked for that; nothing was changed. Review the request or ask explicitly for the removal.`,
    );
  }
  lines = restoreIndent(lines, input.originalLines, warnings);
  if (input.truncated) warnings.push("The model hit its output token limit after the code block; its closing remarks may be cut.");
  if (input.action === "doc") {
    const original = new Set(input.originalLines.map((line) => line.trim()));
    // New lines that look like code (assignments, braces, statements) rather than comment or docstring prose.
    const changedCode = lines.some((line) => !original.has(line.trim()) && !/^\s*(\/\/|\/\*|\*|#)/.test(line) && /[=;{}]/.test(line));
    if (changedCode) warnings.push("The model also changed code, not only documentation: review the diff.");
  }
  return { lines, warnings };
}

export interface ParsedTestFile {
  path: string;
  lines: string[];
  warnings: string[];
}

/**
 * Turns a /test reply into a file path and content. The path comes from the reply's `Path:` line when it is a safe
 * workspace-relative path, else the suggested one.
 */
export function parseTestReply(reply: string, truncated: boolean, suggestedPath: string): ParsedTestFile {
  const warnings: string[] = [];
  const block = pickBlock(reply, truncated, warnings);
  const lines = block.text.split("\n");
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (nonBlank(lines) === 0) throw new UnusableReplyError("The model sent an empty test file; nothing was created.");
  const elided = lines.find((line) => ELISION.test(line));
  if (elided) warnings.push(`The test file contains an abbreviation ("${elided.trim().slice(0, 60)}"): review it before running.`);
  let chosen = suggestedPath;
  const named = /^\s*\**\s*path\s*:?\**\s*:?\s*`?([^`\s]+)`?\s*$/im.exec(reply.split(/```|~~~/)[0] ?? "");
  if (named) {
    const candidate = path.posix.normalize(named[1].replace(/\\/g, "/").replace(/^\.\//, ""));
    if (!candidate.startsWith("../") && candidate !== ".." && !path.posix.isAbsolute(candidate) && !candidate.includes("\0")) chosen = candidate;
    else warnings.push(`The model suggested the path ${named[1]}, which is outside the workspace; ${suggestedPath} is used instead.`);
  }
  if (truncated) warnings.push("The model hit its output token limit; the test file may be incomplete.");
  return { path: chosen, lines, warnings };
}
