// Messages between the diff-apply panel (webview/src/diffApply/) and its host (client/src/webviews/diffApply/).
// The view is untrusted: the host checks every message with `isDiffApplyViewMessage` and only acts on hunk ids it
// handed out itself.
import type { DiffHunk } from "../protocol/actions";

/** The name of the bundle (dist/webview/<name>.js) and the panel's view type suffix. */
export const DIFF_APPLY_VIEW = "diffApply" as const;

export type HunkChoice = "pending" | "accepted" | "rejected";

/**
 * One proposed change, in the coordinates of the file as it is now in VS Code (`DiffApplyFile.currentText`): the host
 * re-bases the proposal's hunks when the user typed elsewhere in the file since asking.
 */
export interface DiffApplyHunk extends DiffHunk {
  choice: HunkChoice;
}

export interface DiffApplyFile {
  path: string;
  isNew: boolean;
  parseOk: boolean;
  parseMessage?: string;
  /** The file as it is now in VS Code, unsaved typing included ("" for a new file): the diff's original side. */
  currentText: string;
  hunks: DiffApplyHunk[];
  /** Set when the proposal no longer fits the file (its target lines were edited, or a "new" file exists now). */
  stale?: string;
  /** Set once the file was written, or why it was refused. */
  outcome?: { applied: boolean; message: string };
}

export interface DiffApplyState {
  title: string;
  files: DiffApplyFile[];
  /** True after Apply ran: the proposal is then read-only. */
  done: boolean;
}

/** Host → view. */
export type DiffApplyHostMessage = { type: "show"; state: DiffApplyState } | { type: "error"; message: string };

/** View → host. `ready` is the handshake. */
export type DiffApplyViewMessage =
  | { type: "ready" }
  /** Accept, reject or reset hunks (a whole file sends all its hunk ids). */
  | { type: "choose"; hunkIds: string[]; choice: HunkChoice }
  /** Write every accepted hunk. */
  | { type: "apply" }
  | { type: "discard" };

const CHOICES: readonly HunkChoice[] = ["pending", "accepted", "rejected"];
const MAX_IDS = 10_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isDiffApplyViewMessage(value: unknown): value is DiffApplyViewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case "ready":
    case "apply":
    case "discard":
      return true;
    case "choose":
      return (
        Array.isArray(value.hunkIds) &&
        value.hunkIds.length <= MAX_IDS &&
        value.hunkIds.every((id) => typeof id === "string" && id.length <= 4096) &&
        CHOICES.includes(value.choice as HunkChoice)
      );
    default:
      return false;
  }
}

export function isDiffApplyHostMessage(value: unknown): value is DiffApplyHostMessage {
  if (!isRecord(value)) return false;
  if (value.type === "error") return typeof value.message === "string";
  return value.type === "show" && isRecord(value.state) && Array.isArray(value.state.files) && typeof value.state.title === "string";
}
