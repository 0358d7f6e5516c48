import { ProtocolNotificationType, ProtocolRequestType } from "vscode-languageserver-protocol";

/**
 * LLM actions on code: /explain, /refactor, /fix, /doc, "Improve this function", /test.
 * Lines are 1-based and inclusive everywhere in this file; paths are workspace-relative with forward slashes.
 */
export type CodeActionKind = "explain" | "refactor" | "fix" | "doc" | "improve" | "test";

export const CODE_ACTION_KINDS: readonly CodeActionKind[] = ["explain", "refactor", "fix", "doc", "improve", "test"];

/** A line range, 1-based and inclusive. Edits work on whole lines: a partial-line selection covers its lines. */
export interface LineRange {
  startLine: number;
  endLine: number;
}

/** A diagnostic the user wants fixed (for "fix"), as the editor shows it. */
export interface ActionDiagnostic {
  message: string;
  range: LineRange;
  source?: string;
  code?: string | number;
  severity?: "error" | "warning" | "information" | "hint";
}

export interface RunCodeActionParams {
  action: CodeActionKind;
  /** Client-generated id; progress notifications carry it so the client can route them. */
  runId: string;
  /** The document's URI as the editor knows it; echoed back, never read from disk by the server. */
  uri: string;
  /** Workspace-relative path (used for context, language detection and the edit's `path`). */
  path: string;
  /** The editor's document version the request was made on; edits' ranges refer to this version. */
  documentVersion: number;
  /** The current buffer text, so unsaved edits are respected. */
  documentText: string;
  /** The selected lines. Without one, the server uses the function at `cursorLine` (tree-sitter), else the cursor line. */
  selection?: LineRange;
  cursorLine?: number;
  /** Free-text instruction; required for "refactor", optional extra guidance for the others. */
  instruction?: string;
  /** For "fix": the diagnostics to fix (those at the cursor or in the selection). */
  diagnostics?: ActionDiagnostic[];
  /** Skip the response cache ("regenerate"). */
  bypassCache?: boolean;
  /**
   * Other workspace documents with unsaved changes, as the editor has them. A /refactor that also changes callers
   * finds its edits in this text rather than on disk, so the proposal matches what the user sees.
   */
  openDocuments?: OpenDocumentText[];
}

export interface OpenDocumentText {
  /** Workspace-relative path, forward slashes. */
  path: string;
  text: string;
}

/** One hunk of a proposed edit, in the coordinates of the document version the request was made on. */
export interface DiffHunk {
  /** Stable within one result: "<path>#<n>". */
  id: string;
  /** First original line the hunk replaces (1-based, file coordinates). With `oldLines` 0 it inserts before this line. */
  oldStart: number;
  oldLines: number;
  /** First line of the hunk in the proposed file (1-based, file coordinates, assuming only this edit is applied). */
  newStart: number;
  newLines: number;
  removed: string[];
  added: string[];
}

export interface ParseCheck {
  /** False when the proposal has syntax errors the original did not have; the client must flag it before accepting. */
  ok: boolean;
  message?: string;
}

export interface ProposedFileEdit {
  path: string;
  /** True for a file that does not exist yet (e.g. a new test file); then `range` is {1, 0} and `originalText` empty. */
  isNew: boolean;
  /** The original text of `range` (whole lines, joined with "\n", no trailing newline). */
  originalText: string;
  /** The replacement for `range` (whole lines, joined with "\n", no trailing newline). */
  proposedText: string;
  /** Target lines in the document version the request was made on. */
  range: LineRange;
  hunks: DiffHunk[];
  parseCheck: ParseCheck;
}

/** A place the context assembly found; shown as a link next to an explanation. */
export interface RelatedLocation {
  path: string;
  startLine: number;
  endLine: number;
  symbol?: string;
  reason: "definition" | "call site" | "import" | "enclosing" | "search result";
  /** The location is in a file that imports the target's file (the import graph found it). */
  importsTarget?: boolean;
}

export type TestFrameworkId = "jest" | "vitest" | "mocha" | "node:test" | "pytest" | "unknown";

/** How the project tests, found from package.json, config files and existing test files. */
export interface TestFrameworkInfo {
  framework: TestFrameworkId;
  /** Where the project keeps tests, e.g. "__tests__ next to the source", "test/", "*.test.ts next to the source". */
  layout: "beside-source" | "tests-dir" | "test-dir" | "__tests__" | "unknown";
  /** A shell command that runs one test file; `{file}` stands for its workspace-relative path. */
  runCommand?: string;
  /** Short sentences saying what the detection saw ("package.json devDependencies: vitest"). */
  evidence: string[];
}

export interface RunCodeActionResult {
  runId: string;
  /**
   * "explanation": Markdown only; "edit": one edit to the request's document; "files": new or other files, for the
   * diff panel (a /test file, or a /refactor that also changes callers: then the request's document comes first).
   */
  kind: "explanation" | "edit" | "files";
  markdown?: string;
  edits?: ProposedFileEdit[];
  /** Id of the recorded LLM context (`vibe/llmContext`), so the user can see exactly what was sent. */
  contextId: string;
  usage: { inputTokens: number; outputTokens: number };
  costUsd: number;
  cached: boolean;
  model: string;
  /** Definitions, call sites and imports that went into the context, for links. */
  related: RelatedLocation[];
  /** For "test": the detected framework and layout. */
  testFramework?: TestFrameworkInfo;
  warnings: string[];
}

/**
 * Client → server: run an LLM action on code. Cancel it with the request's cancellation token (aborts the HTTP
 * stream). Failures reject with a user-facing message and `data` of type `CodeActionErrorData`.
 */
export namespace RunCodeActionRequest {
  export const method = "vibe/codeAction.run" as const;
  export const type = new ProtocolRequestType<RunCodeActionParams, RunCodeActionResult, never, CodeActionErrorData, void>(method);
}

/**
 * Why an action failed. LLM layer kinds ("no-provider", "budget", "stream-cut", "rate-limited", "cancelled", ...)
 * pass through; "unusable-reply" means the model answered but its reply could not be turned into a safe edit;
 * "bad-request" means the parameters were wrong (e.g. refactor without an instruction).
 */
export interface CodeActionErrorData {
  kind: string;
  /** For "no-provider": the command id that sets one up. */
  setupCommand?: string;
}

export interface CodeActionProgressParams {
  runId: string;
  stage?: "context" | "model" | "applying";
  /**
   * With stage "model": the milliseconds the server spent on the target, its context and the prompt. Measured where it
   * happens because notifications sent during synchronous work all reach the client together.
   */
  contextMs?: number;
  /** The model's raw streamed text, in order (explain: Markdown). */
  textDelta?: string;
  /** For edit actions: the code block streamed so far (whole text so far, throttled), for a progressive preview. */
  partialProposedText?: string;
  /** With the "context" stage: the lines the action works on (request's document version), where the preview goes. */
  target?: LineRange;
}

/** Server → client: progress of a `vibe/codeAction.run`: stages, streamed text and partial proposals. */
export namespace CodeActionProgressNotification {
  export const method = "vibe/codeAction.progress" as const;
  export const type = new ProtocolNotificationType<CodeActionProgressParams, void>(method);
}

export interface FunctionAtParams {
  path: string;
  /** The buffer text (unsaved edits respected). */
  text: string;
  line: number;
}

export interface FunctionAtResult {
  startLine: number;
  endLine: number;
  symbol?: string;
  /** "function" or "method". */
  kind: string;
}

/** Client → server: the tree-sitter function/method around a line (null when there is none or the language is not parsed). */
export namespace FunctionAtRequest {
  export const method = "vibe/functionAt" as const;
  export const type = new ProtocolRequestType<FunctionAtParams, FunctionAtResult | null, never, void, void>(method);
}

/** Client/CLI → server: the workspace's test framework and test layout (also part of a "test" action's result). */
export namespace TestFrameworkRequest {
  export const method = "vibe/testFramework" as const;
  export const type = new ProtocolRequestType<Record<string, never> | null, TestFrameworkInfo, never, void, void>(method);
}

function isLineRange(value: unknown): value is LineRange {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return Number.isInteger(v.startLine) && Number.isInteger(v.endLine) && (v.startLine as number) >= 1 && (v.endLine as number) >= (v.startLine as number);
}

/** Checks the shape of a run request (it may come from a webview through the client, so it is validated). */
export function isRunCodeActionParams(value: unknown): value is RunCodeActionParams {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    CODE_ACTION_KINDS.includes(v.action as CodeActionKind) &&
    typeof v.runId === "string" &&
    typeof v.uri === "string" &&
    typeof v.path === "string" &&
    typeof v.documentVersion === "number" &&
    typeof v.documentText === "string" &&
    (v.selection === undefined || isLineRange(v.selection)) &&
    (v.cursorLine === undefined || (Number.isInteger(v.cursorLine) && (v.cursorLine as number) >= 1)) &&
    (v.instruction === undefined || typeof v.instruction === "string") &&
    (v.openDocuments === undefined ||
      (Array.isArray(v.openDocuments) &&
        v.openDocuments.every((d) => typeof d === "object" && d !== null && typeof (d as OpenDocumentText).path === "string" && typeof (d as OpenDocumentText).text === "string"))) &&
    (v.diagnostics === undefined ||
      (Array.isArray(v.diagnostics) &&
        v.diagnostics.every((d) => typeof d === "object" && d !== null && typeof (d as ActionDiagnostic).message === "string" && isLineRange((d as ActionDiagnostic).range))))
  );
}
