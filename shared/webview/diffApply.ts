// Messages between the diff-apply panel (webview/src/diffApply/) and its host (client/src/webviews/diffApply/).
// The view is untrusted: the host checks every message with `isDiffApplyViewMessage` and only acts on hunk and
// file ids it handed out itself.

/** The name of the bundle (dist/webview/<name>.js) and the panel's view type suffix. */
export const DIFF_APPLY_VIEW = "diffApply" as const;

export type HunkChoice = "pending" | "accepted" | "rejected";

export interface DiffApplyHunk {
  id: string;
  /** "@@ -12,3 +12,5 @@"-style position, for orientation. */
  header: string;
  removed: string[];
  added: string[];
  choice: HunkChoice;
}

export interface DiffApplyFile {
  path: string;
  isNew: boolean;
  parseOk: boolean;
  parseMessage?: string;
  hunks: DiffApplyHunk[];
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
  /** Accept or reject hunks (a whole file sends all its hunk ids). */
  | { type: "choose"; hunkIds: string[]; choice: HunkChoice }
  /** Show the file's original and proposed text in VS Code's diff editor. */
  | { type: "openDiff"; path: string }
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
    case "openDiff":
      return typeof value.path === "string" && value.path.length > 0 && value.path.length <= 4096;
    default:
      return false;
  }
}

export function isDiffApplyHostMessage(value: unknown): value is DiffApplyHostMessage {
  if (!isRecord(value)) return false;
  if (value.type === "error") return typeof value.message === "string";
  return value.type === "show" && isRecord(value.state) && Array.isArray(value.state.files) && typeof value.state.title === "string";
}
