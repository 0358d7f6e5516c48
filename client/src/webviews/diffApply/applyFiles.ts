import { Position, Range, Uri, WorkspaceEdit, workspace } from "vscode";
import type { ProposedFileEdit } from "../../../../shared/protocol/actions";
import { locateTarget, splitLines, validateProposal } from "../../inlineDiff/hunkLayout";
import { composeAccepted } from "./composeProposal";

export interface FileOutcome {
  path: string;
  applied: boolean;
  message: string;
}

/** The file of a workspace-relative proposal path, or undefined for a path that would leave the workspace. */
export function workspaceUri(path: string): Uri | undefined {
  const folder = workspace.workspaceFolders?.[0]?.uri;
  if (!folder || path.split("/").includes("..") || path.startsWith("/")) return undefined;
  return Uri.joinPath(folder, path);
}

async function exists(uri: Uri): Promise<boolean> {
  try {
    await workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the accepted hunks of every file as ONE WorkspaceEdit (one undo for the whole proposal), or nothing at all:
 * a proposal whose files do not all apply cleanly is reported, never half-applied. New files are created (never
 * overwriting an existing one) and saved; existing files are edited in their buffers and left for the user to save.
 */
export async function applyAcceptedFiles(edits: readonly ProposedFileEdit[], accepted: ReadonlySet<string>): Promise<FileOutcome[]> {
  const workspaceEdit = new WorkspaceEdit();
  const outcomes: FileOutcome[] = [];
  const created: Uri[] = [];
  let refused = false;
  for (const edit of edits) {
    const chosen = edit.hunks.filter((h) => accepted.has(h.id));
    if (chosen.length === 0) {
      outcomes.push({ path: edit.path, applied: false, message: "nothing accepted" });
      continue;
    }
    const uri = workspaceUri(edit.path);
    const invalid = validateProposal(edit);
    if (!uri || invalid) {
      refused = true;
      outcomes.push({ path: edit.path, applied: false, message: invalid ?? "the path is outside the workspace" });
      continue;
    }
    const lines = composeAccepted(edit, accepted);
    if (edit.isNew) {
      if (await exists(uri)) {
        refused = true;
        outcomes.push({ path: edit.path, applied: false, message: "a file with this name exists now; it was not overwritten" });
        continue;
      }
      workspaceEdit.createFile(uri, { overwrite: false, ignoreIfExists: false });
      workspaceEdit.insert(uri, new Position(0, 0), lines.join("\n") + "\n");
      created.push(uri);
      outcomes.push({ path: edit.path, applied: true, message: "created" });
      continue;
    }
    const document = await workspace.openTextDocument(uri);
    const located = locateTarget(splitLines(document.getText()), edit);
    if (!located.ok) {
      refused = true;
      outcomes.push({ path: edit.path, applied: false, message: located.reason });
      continue;
    }
    const start = edit.range.startLine - 1 + located.shift;
    const end = edit.range.endLine - 1 + located.shift;
    const eol = document.eol === 2 ? "\r\n" : "\n";
    const wholeFile = start === 0 && end >= document.lineCount - 1;
    if (wholeFile && lines.join("").trim() === "" && document.getText().trim() !== "") {
      refused = true;
      outcomes.push({ path: edit.path, applied: false, message: "the change would empty the file" });
      continue;
    }
    workspaceEdit.replace(uri, new Range(start, 0, end, document.lineAt(end).text.length), lines.join(eol));
    outcomes.push({ path: edit.path, applied: true, message: `${chosen.length} of ${edit.hunks.length} changes applied` });
  }
  if (refused) {
    return outcomes.map((o) => (o.applied ? { ...o, applied: false, message: "not applied: another file of this proposal could not be applied" } : o));
  }
  if (outcomes.some((o) => o.applied) && !(await workspace.applyEdit(workspaceEdit))) {
    return outcomes.map((o) => ({ ...o, applied: false, message: o.applied ? "VS Code did not accept the edit" : o.message }));
  }
  for (const uri of created) await (await workspace.openTextDocument(uri)).save();
  return outcomes;
}
