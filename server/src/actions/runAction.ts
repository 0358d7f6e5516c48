import { plural } from "../../../shared/text/plural";
import type {
  CodeActionProgressParams,
  LineRange,
  ProposedFileEdit,
  RunCodeActionParams,
  RunCodeActionResult,
  TestFrameworkInfo,
} from "../../../shared/protocol/actions";
import { performance } from "node:perf_hooks";
import { computeHunks, splitLines } from "../../../shared/diff/hunks";
import { languageForPath } from "../indexer/languages";
import type { LlmRunResult, LlmService } from "../llm/llmService";
import { assembleContext, type ContextSources } from "./context";
import { checkParse } from "./parseCheck";
import type { FileVerdict } from "./editPaths";
import { buildProposal } from "./multiFileProposal";
import { parseEditReply, parseTestReply, partialCode, UnusableReplyError } from "./parseEdit";
import { buildPrompt } from "./prompts";
import { splitMultiFileReply } from "./replyFileEdits";
import type { ActionSyntax } from "./syntax";
import { detectTestFramework, suggestTestPath } from "./testFramework";

/** Parameters that are wrong (not the model's fault); `message` is for the user. */
export class ActionRequestError extends Error {
  readonly kind = "bad-request";
}

export interface ActionDeps {
  llm: Pick<LlmService, "run">;
  syntax: ActionSyntax;
  /** Absolute workspace folder; undefined when none is open (no test detection, no related files). */
  root: string | undefined;
  sources: ContextSources;
  /** Token budget for the prompt's context. */
  contextTokens: number;
  /** The indexer's verdict on a path: a refactor never edits secret, ignored or generated files. */
  verdict?: FileVerdict;
}

/** Documents larger than this are refused: the edit machinery works on whole lines in memory and prompts are bounded. */
const MAX_DOCUMENT_CHARS = 2_000_000;
/** Partial proposals are sent at most this often: each one carries the whole code so far. */
const PARTIAL_INTERVAL_MS = 120;

/** Runs one LLM action on code: target, context, prompt, model, then a checked edit or an explanation. */
export async function runCodeAction(
  params: RunCodeActionParams,
  deps: ActionDeps,
  progress: (update: CodeActionProgressParams) => void,
  signal: AbortSignal,
): Promise<RunCodeActionResult> {
  if (params.documentText.length > MAX_DOCUMENT_CHARS) {
    throw new ActionRequestError(`The document is too large for an LLM action (${params.documentText.length} characters).`);
  }
  if (params.action === "refactor" && !params.instruction?.trim()) {
    throw new ActionRequestError("Refactor needs an instruction saying what to change.");
  }
  if (params.action === "fix" && !params.diagnostics?.length) {
    throw new ActionRequestError("There is no problem to fix at the cursor: /fix works on the diagnostics the editor reports.");
  }
  const docLines = splitLines(params.documentText);
  if (docLines.length === 0 && params.action !== "explain") throw new ActionRequestError("The document is empty: there is no code to work on.");
  const target = chooseTarget(params, deps.syntax, docLines.length);
  const warnings: string[] = [];

  progress({ runId: params.runId, stage: "context", target });
  const contextStarted = performance.now();
  const facts = deps.syntax.facts(params.path, params.documentText, target);
  const context = await assembleContext(
    { path: params.path, text: params.documentText, target, facts, budgetTokens: deps.contextTokens },
    deps.sources,
  );
  if (context.dropped > 0) warnings.push(`${plural(context.dropped, "related snippet")} did not fit this model's context budget and ${context.dropped === 1 ? "was" : "were"} left out.`);

  let test: { suggestedPath: string; framework: TestFrameworkInfo; existingText?: string } | undefined;
  if (params.action === "test") {
    const framework = deps.root ? detectTestFramework(deps.root, params.path) : { framework: "unknown" as const, layout: "unknown" as const, evidence: [] };
    const suggestedPath = deps.root ? suggestTestPath(deps.root, params.path, framework) : params.path.replace(/(\.[^./]+)$/, ".test$1");
    const existingText = await deps.sources.readFile(suggestedPath);
    test = { suggestedPath, framework, ...(existingText !== undefined && existingText.length < 40_000 ? { existingText } : {}) };
    if (test.existingText !== undefined) {
      context.sections.push({ title: "Existing test file", path: suggestedPath, startLine: 1, endLine: splitLines(test.existingText).length, text: test.existingText, reason: "definition" });
      context.files.push({ path: suggestedPath, reason: "existing test file" });
    }
  }

  const prompt = buildPrompt({
    action: params.action,
    language: languageForPath(params.path),
    context,
    instruction: params.instruction,
    diagnostics: params.diagnostics,
    test,
  });
  progress({ runId: params.runId, stage: "model", contextMs: performance.now() - contextStarted });
  const streamed = streamer(params, progress);
  let reply: LlmRunResult;
  try {
    reply = await deps.llm.run({
      command: params.action,
      system: prompt.system,
      messages: [{ role: "user", content: prompt.user }],
      signal,
      onText: streamed.onText,
      context: { files: context.files, rules: context.rules },
      bypassCache: params.bypassCache,
    });
  } finally {
    streamed.stop();
  }
  progress({ runId: params.runId, stage: "applying" });

  const base = {
    runId: params.runId,
    contextId: reply.contextId,
    usage: { inputTokens: reply.usage.inputTokens, outputTokens: reply.usage.outputTokens },
    costUsd: reply.costUsd,
    cached: reply.cached,
    model: reply.model,
    related: context.related,
  };
  const truncated = reply.stopReason === "max-tokens";

  if (params.action === "explain") {
    if (reply.text.trim().length === 0) throw new UnusableReplyError("The model sent an empty explanation.");
    if (truncated) warnings.push("The explanation was cut off by the output token limit (vibeCoder.llm.maxOutputTokens).");
    return { ...base, kind: "explanation", markdown: reply.text, warnings };
  }

  if (params.action === "test" && test) {
    const parsed = parseTestReply(reply.text, truncated, test.suggestedPath);
    warnings.push(...parsed.warnings);
    const existing = parsed.path === test.suggestedPath ? test.existingText : await deps.sources.readFile(parsed.path);
    const edit = buildFileEdit(deps.syntax, parsed.path, existing, parsed.lines);
    return { ...base, kind: "files", edits: [edit], testFramework: test.framework, warnings };
  }

  const originalLines = docLines.slice(target.startLine - 1, target.endLine);
  // Only /refactor may change other files: its prompt describes the format, and the other actions promise to keep
  // the target's signature (improve, doc) or to make the smallest fix, so their replies keep today's single block.
  const split = params.action === "refactor" ? splitMultiFileReply(reply.text, truncated, params.path) : undefined;
  if (split && split.targetBlocks.length === 0 && split.fileEdits.length > 0) {
    throw new UnusableReplyError("The model changed other files but sent no replacement for the target code; nothing was changed.");
  }
  const parsed = parseEditReply({ action: params.action, reply: reply.text, truncated, originalLines, instruction: params.instruction, blocks: split?.targetBlocks });
  warnings.push(...parsed.warnings);
  const unsaved = new Map((params.openDocuments ?? []).map((doc) => [doc.path, doc.text]));
  const proposal = await buildProposal(
    { path: params.path, lines: docLines, replacement: { start: target.startLine - 1, count: originalLines.length, lines: parsed.lines } },
    split?.fileEdits ?? [],
    { syntax: deps.syntax, root: deps.root, readFile: deps.sources.readFile, exists: deps.sources.exists, verdict: deps.verdict, unsavedText: (path) => unsaved.get(path) },
  );
  warnings.push(...proposal.warnings);
  if (proposal.edits.every((edit) => edit.hunks.length === 0)) warnings.push("The model proposed no changes.");
  return { ...base, kind: proposal.edits.length > 1 || proposal.edits[0].path !== params.path ? "files" : "edit", edits: proposal.edits, warnings };
}

/** The lines the action works on: the selection, else the function at the cursor, else the cursor line. */
function chooseTarget(params: RunCodeActionParams, syntax: ActionSyntax, lineCount: number): LineRange {
  const clamp = (range: LineRange): LineRange => {
    const startLine = Math.min(Math.max(1, range.startLine), Math.max(1, lineCount));
    return { startLine, endLine: Math.min(Math.max(startLine, range.endLine), Math.max(1, lineCount)) };
  };
  if (params.selection) return clamp(params.selection);
  const line = params.cursorLine ?? params.diagnostics?.[0]?.range.startLine;
  if (line === undefined) throw new ActionRequestError("Select some code or place the cursor inside a function first.");
  const fn = syntax.functionAt(params.path, params.documentText, line);
  if (fn) return clamp(fn);
  if (params.action === "fix" && params.diagnostics?.length) {
    const first = Math.min(...params.diagnostics.map((d) => d.range.startLine));
    const last = Math.max(...params.diagnostics.map((d) => d.range.endLine));
    return clamp({ startLine: first, endLine: last });
  }
  if (params.action === "explain") return clamp({ startLine: line, endLine: line });
  throw new ActionRequestError("There is no function at the cursor: select the code to work on.");
}

/** A whole-file proposal (a new test file, or the full new content of an existing one). */
function buildFileEdit(syntax: ActionSyntax, path: string, existing: string | undefined, lines: string[]): ProposedFileEdit {
  const originalLines = existing === undefined ? [] : splitLines(existing);
  const isNew = existing === undefined;
  return {
    path,
    isNew,
    originalText: originalLines.join("\n"),
    proposedText: lines.join("\n"),
    range: isNew ? { startLine: 1, endLine: 0 } : { startLine: 1, endLine: originalLines.length },
    hunks: computeHunks(originalLines, lines, 1, path),
    parseCheck: checkParse(syntax, path, isNew ? "" : originalLines.join("\n"), lines.join("\n")),
  };
}

/** Forwards streamed text, and for edit actions a throttled preview of the code block so far. */
function streamer(params: RunCodeActionParams, progress: (update: CodeActionProgressParams) => void): { onText: (delta: string) => void; stop: () => void } {
  let text = "";
  let lastSent = 0;
  let pending: NodeJS.Timeout | undefined;
  const wantsPreview = params.action !== "explain";
  const sendPreview = (): void => {
    pending = undefined;
    lastSent = Date.now();
    const code = partialCode(text);
    if (code !== undefined) progress({ runId: params.runId, partialProposedText: code });
  };
  return {
    onText: (delta) => {
      text += delta;
      progress({ runId: params.runId, textDelta: delta });
      if (!wantsPreview || pending) return;
      const wait = PARTIAL_INTERVAL_MS - (Date.now() - lastSent);
      if (wait <= 0) sendPreview();
      else pending = setTimeout(sendPreview, wait);
    },
    // The last preview is flushed so the client's progressive view ends on everything that arrived.
    stop: () => {
      if (!pending) return;
      clearTimeout(pending);
      sendPreview();
    },
  };
}
