import type { ProposedFileEdit } from "../../../shared/protocol/actions";
import { computeHunks, splitLines } from "../../../shared/diff/hunks";
import { checkEditPath, type FileVerdict } from "./editPaths";
import { composeFileEdit, locateLines, type LineReplacement } from "./locateReplacement";
import { checkParse } from "./parseCheck";
import { ELISION, UnusableReplyError } from "./parseEdit";
import type { ReplyFileEdit } from "./replyFileEdits";
import type { ActionSyntax } from "./syntax";

/** More files than this in one refactor is more than anyone reviews in a panel; such a reply is refused. */
const MAX_FILES = 20;

export interface ProposalSources {
  syntax: ActionSyntax;
  root: string | undefined;
  /** A workspace file's text on disk, or undefined when missing, binary or too large. */
  readFile: (workspacePath: string) => Promise<string | undefined>;
  exists: (workspacePath: string) => boolean;
  /** The indexer's verdict on a path (secrets, ignored, generated, binary), when an index is open. */
  verdict?: FileVerdict;
  /** The editor's unsaved text of an open document, which is what the user sees and what an edit must match. */
  unsavedText?: (workspacePath: string) => string | undefined;
}

export interface TargetReplacement {
  path: string;
  /** The target document's lines as the request sent them. */
  lines: readonly string[];
  replacement: LineReplacement;
}

/**
 * The proposal of an edit reply: the target's edit (with any other changes the reply makes to the target's own file)
 * followed by one edit per other file, each found in that file's CURRENT text (the editor's unsaved buffer when the
 * client sent it, the disk file otherwise).
 *
 * All or nothing: if any other file's change is unsafe (path outside the workspace, a secret or ignored file) or does
 * not locate (quoted lines missing or ambiguous), the whole reply is refused with a message naming each such file and
 * why. Dropping that file and proposing the rest was considered and rejected: a rename or signature change applied to
 * the target and only some callers leaves the code broken in a way the accept buttons do not show.
 */
export async function buildProposal(target: TargetReplacement, fileEdits: readonly ReplyFileEdit[], sources: ProposalSources): Promise<{ edits: ProposedFileEdit[]; warnings: string[] }> {
  const warnings: string[] = [];
  const problems: string[] = [];
  const targetReplacements: LineReplacement[] = [target.replacement];
  const others = new Map<string, { edit: ReplyFileEdit; replacements: LineReplacement[]; lines: string[] }>();

  for (const fileEdit of fileEdits) {
    const checked = await checkEditPath(fileEdit.path, sources.root, sources.verdict);
    if (!checked.ok) {
      problems.push(`${fileEdit.path}: ${checked.reason}`);
      continue;
    }
    const path = checked.path;
    if (fileEdit.kind === "create") {
      if (path === target.path || others.has(path) || sources.exists(path) || sources.unsavedText?.(path) !== undefined) {
        problems.push(`${path}: the reply says "New file" but the file exists already; a refactoring never overwrites a file`);
        continue;
      }
      others.set(path, { edit: fileEdit, replacements: [], lines: [] });
      continue;
    }
    const known = path === target.path ? { lines: target.lines, replacements: targetReplacements } : others.get(path);
    let entry = known;
    if (!entry) {
      const text = sources.unsavedText?.(path) ?? (await sources.readFile(path));
      if (text === undefined) {
        problems.push(
          sources.exists(path)
            ? `${path}: the file could not be read (binary or too large)`
            : `${path}: the file does not exist (a reply creates a file only with an explicit "New file:" line)`,
        );
        continue;
      }
      const created = { edit: fileEdit, replacements: [] as LineReplacement[], lines: splitLines(text) };
      others.set(path, created);
      entry = created;
    } else if (path !== target.path && others.get(path)?.edit.kind === "create") {
      problems.push(`${path}: the reply both creates and edits this file`);
      continue;
    }
    for (const pair of fileEdit.pairs) {
      const located = locateLines(entry.lines, pair.original);
      if (!located.ok) {
        problems.push(`${path}: ${located.reason}`);
        continue;
      }
      const originalText = new Set(entry.lines.map((line) => line.trim()));
      const elided = pair.replacement.find((line) => ELISION.test(line) && !originalText.has(line.trim()));
      if (elided) {
        problems.push(`${path}: the replacement abbreviates code ("${elided.trim().slice(0, 50)}") instead of writing it out`);
        continue;
      }
      entry.replacements.push({ start: located.index, count: pair.original.length, lines: pair.replacement.map((line) => line.replace(/\r$/, "")) });
    }
  }
  if (others.size > MAX_FILES) problems.push(`the reply changes ${others.size} other files; at most ${MAX_FILES} are reviewed in one proposal`);

  const edits: ProposedFileEdit[] = [];
  const compose = (path: string, lines: readonly string[], replacements: LineReplacement[]): ProposedFileEdit | undefined => {
    try {
      return composeFileEdit(sources.syntax, path, lines, replacements);
    } catch (error) {
      problems.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  let targetEdit: ProposedFileEdit;
  try {
    targetEdit = composeFileEdit(sources.syntax, target.path, target.lines, targetReplacements);
  } catch (error) {
    if (fileEdits.length > 0) throw otherFilesError([...problems, `${target.path}: ${error instanceof Error ? error.message : String(error)}`]);
    throw new UnusableReplyError(`The model's reply cannot be applied: ${error instanceof Error ? error.message : String(error)}; nothing was changed.`);
  }
  for (const [path, entry] of others) {
    if (entry.edit.kind === "create") {
      edits.push(newFileEdit(sources.syntax, path, entry.edit.lines));
      continue;
    }
    if (entry.replacements.length === 0) continue; // every pair failed and is reported
    const edit = compose(path, entry.lines, entry.replacements);
    if (edit && edit.hunks.length === 0) warnings.push(`The model's change to ${path} changes nothing; it is not part of the proposal.`);
    else if (edit) edits.push(edit);
  }
  if (problems.length > 0) throw otherFilesError(problems);
  // A target the reply leaves as it is adds nothing to a proposal that changes other files.
  if (targetEdit.hunks.length > 0 || edits.length === 0) edits.unshift(targetEdit);
  return { edits, warnings };
}

function otherFilesError(problems: readonly string[]): UnusableReplyError {
  const count = problems.length === 1 ? "one change" : `${problems.length} changes`;
  return new UnusableReplyError(`The model's reply also changes other files, and ${count} cannot be applied safely, so nothing was changed: ${problems.join("; ")}.`);
}

function newFileEdit(syntax: ActionSyntax, path: string, lines: string[]): ProposedFileEdit {
  return {
    path,
    isNew: true,
    originalText: "",
    proposedText: lines.join("\n"),
    range: { startLine: 1, endLine: 0 },
    hunks: computeHunks([], lines, 1, path),
    parseCheck: checkParse(syntax, path, "", lines.join("\n")),
  };
}
