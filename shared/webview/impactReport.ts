// Messages between the impact report webview (webview/src/impactReport/) and its host (client/src/webviews/impactReport/).
// The view is untrusted: the host checks every message with `isImpactReportViewMessage` before acting on it, and the
// view checks what it receives with `isImpactReportHostMessage` so a stale or foreign message cannot break it.
import type { AssessImpactResult, CatchUpResult } from "../protocol/impact";

/** The name of the bundle (dist/webview/<name>.js) and the panel's view type suffix. */
export const IMPACT_REPORT_VIEW = "impactReport" as const;

/** What the report shows: one impact assessment or one catch-up, with the title the host chose for it. */
export type ImpactReportContent =
  | { kind: "impact"; title: string; result: AssessImpactResult }
  | { kind: "catchUp"; title: string; result: CatchUpResult };

/** Host → view. */
export type ImpactReportHostMessage =
  | { type: "loading"; title: string; text: string }
  | { type: "show"; content: ImpactReportContent }
  | { type: "error"; title: string; message: string };

/** View → host. `ready` is the handshake: the host holds its messages back until the view listens. */
export type ImpactReportViewMessage =
  | { type: "ready" }
  /** Open a workspace file, at a 1-based line when given. */
  | { type: "openFile"; path: string; line?: number }
  /** Show the diff of a catch-up group: `git diff base..head -- files`. */
  | { type: "openDiff"; area: string; base: string; head: string; files: string[] }
  /** Show one commit (`git show`). */
  | { type: "openCommit"; hash: string }
  /** Run the command that produced the report again. */
  | { type: "rerun" };

/** Limits that keep a hostile or broken view from making the host do unbounded work. */
const MAX_PATH_LENGTH = 4096;
const MAX_FILES = 500;
/** A git revision as the server sends it: a hash, or a ref-like name without shell or option syntax. */
const REVISION = /^[A-Za-z0-9][A-Za-z0-9._/~^@{}-]{0,199}$/;
const HASH = /^[0-9a-f]{4,64}$/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A workspace-relative or absolute path: non-empty, bounded, no NUL, not an option to git. */
export function isSafePath(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_PATH_LENGTH && !value.includes("\0") && !value.startsWith("-");
}

export function isRevision(value: unknown): value is string {
  return typeof value === "string" && REVISION.test(value) && !value.includes("..");
}

export function isCommitHash(value: unknown): value is string {
  return typeof value === "string" && HASH.test(value);
}

function isLine(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 10_000_000;
}

/** True only for a well-formed view → host message; anything else is dropped by the host. */
export function isImpactReportViewMessage(value: unknown): value is ImpactReportViewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case "ready":
    case "rerun":
      return true;
    case "openFile":
      return isSafePath(value.path) && (value.line === undefined || isLine(value.line));
    case "openDiff":
      return (
        typeof value.area === "string" &&
        value.area.length <= 500 &&
        isRevision(value.base) &&
        isRevision(value.head) &&
        Array.isArray(value.files) &&
        value.files.length <= MAX_FILES &&
        value.files.every(isSafePath)
      );
    case "openCommit":
      return isCommitHash(value.hash);
    default:
      return false;
  }
}

function isImpactResultShape(value: unknown): value is AssessImpactResult {
  return (
    isRecord(value) &&
    isRecord(value.target) &&
    Array.isArray(value.files) &&
    Array.isArray(value.symbols) &&
    Array.isArray(value.risk) &&
    Array.isArray(value.affected) &&
    Array.isArray(value.breakingChanges) &&
    Array.isArray(value.warnings) &&
    isRecord(value.history) &&
    Array.isArray(value.notes)
  );
}

function isCatchUpResultShape(value: unknown): value is CatchUpResult {
  return isRecord(value) && isRecord(value.since) && typeof value.totalCommits === "number" && Array.isArray(value.groups) && isRecord(value.history) && Array.isArray(value.notes);
}

export function isImpactReportContent(value: unknown): value is ImpactReportContent {
  if (!isRecord(value) || typeof value.title !== "string") return false;
  if (value.kind === "impact") return isImpactResultShape(value.result);
  if (value.kind === "catchUp") return isCatchUpResultShape(value.result);
  return false;
}

/** The view's check on what arrives from the host (shape only: the host built it from a server answer). */
export function isImpactReportHostMessage(value: unknown): value is ImpactReportHostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case "loading":
      return typeof value.title === "string" && typeof value.text === "string";
    case "show":
      return isImpactReportContent(value.content);
    case "error":
      return typeof value.title === "string" && typeof value.message === "string";
    default:
      return false;
  }
}
