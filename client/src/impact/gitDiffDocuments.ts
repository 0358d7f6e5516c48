import { execFile } from "node:child_process";
import { EventEmitter, Uri, languages, window, workspace, type Disposable, type TextDocumentContentProvider } from "vscode";
import { isCommitHash, isRevision, isSafePath } from "../../../shared/webview/impactReport";

/**
 * Read-only documents showing `git diff` / `git show` output, so Catch Me Up can link each group to its changes.
 * A virtual document works the same in desktop VS Code and code-server and needs no other extension; VS Code colours
 * it with its built-in `diff` language. Showing a diff is not mining: the heavy history work stays in the server.
 */
export const GIT_DIFF_SCHEME = "vibe-git";

/** Larger output is cut: a document of this size is already more than anyone reads, and it keeps the host light. */
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
/** What `<root-commit>^` cannot name: diffing against git's empty tree shows the root commit's files as added. */
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

type DiffQuery = { kind: "range"; base: string; head: string; files: string[] } | { kind: "commit"; hash: string };

function parseQuery(uri: Uri): DiffQuery | undefined {
  let value: unknown;
  try {
    value = JSON.parse(uri.query);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const query = value as Record<string, unknown>;
  if (query.kind === "commit" && isCommitHash(query.hash)) return { kind: "commit", hash: query.hash };
  if (query.kind === "range" && isRevision(query.base) && isRevision(query.head) && Array.isArray(query.files) && query.files.every(isSafePath)) {
    return { kind: "range", base: query.base, head: query.head, files: query.files as string[] };
  }
  return undefined;
}

function runGit(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, maxBuffer: MAX_OUTPUT_BYTES, encoding: "utf8", windowsHide: true }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException & { code?: unknown }).code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
        resolve(`${stdout}\n\n… (output cut at ${MAX_OUTPUT_BYTES / 1024 / 1024} MB)\n`);
      } else if (error) reject(new Error(stderr.trim() || error.message));
      else resolve(stdout);
    });
  });
}

async function render(query: DiffQuery): Promise<string> {
  const root = workspace.workspaceFolders?.[0]?.uri;
  if (!root || root.scheme !== "file") return "There is no local workspace folder to read git history from.";
  const cwd = root.fsPath;
  try {
    if (query.kind === "commit") return await runGit(cwd, ["show", "--stat", "--patch", "--find-renames", "--no-color", query.hash, "--"]);
    const paths = ["--", ...query.files];
    const diff = (base: string): Promise<string> => runGit(cwd, ["diff", "--stat", "--patch", "--find-renames", "--no-color", base, query.head, ...paths]);
    try {
      return await diff(query.base);
    } catch (error) {
      if (!query.base.endsWith("^")) throw error;
      return await diff(EMPTY_TREE);
    }
  } catch (error) {
    return `git could not show these changes: ${error instanceof Error ? error.message : String(error)}\n`;
  }
}

class GitDiffContentProvider implements TextDocumentContentProvider {
  private readonly changes = new EventEmitter<Uri>();
  readonly onDidChange = this.changes.event;

  async provideTextDocumentContent(uri: Uri): Promise<string> {
    const query = parseQuery(uri);
    if (!query) return "This link does not name a valid git revision range.";
    return render(query);
  }

  dispose(): void {
    this.changes.dispose();
  }
}

export function registerGitDiffDocuments(): Disposable {
  const provider = new GitDiffContentProvider();
  const registration = workspace.registerTextDocumentContentProvider(GIT_DIFF_SCHEME, provider);
  return {
    dispose: (): void => {
      registration.dispose();
      provider.dispose();
    },
  };
}

function safeLabel(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80) || "changes";
}

/** Opens the changes of a catch-up group (`git diff base head -- files`) as a read-only diff document. */
export async function showRangeDiff(area: string, base: string, head: string, files: string[]): Promise<void> {
  const query = JSON.stringify({ kind: "range", base, head, files });
  await openDiffDocument(Uri.from({ scheme: GIT_DIFF_SCHEME, path: `/${safeLabel(area)} ${head.slice(0, 8)}.diff`, query }));
}

/** Opens one commit (`git show`) as a read-only diff document. */
export async function showCommit(hash: string): Promise<void> {
  const query = JSON.stringify({ kind: "commit", hash });
  await openDiffDocument(Uri.from({ scheme: GIT_DIFF_SCHEME, path: `/commit ${hash.slice(0, 8)}.diff`, query }));
}

async function openDiffDocument(uri: Uri): Promise<void> {
  const document = await workspace.openTextDocument(uri);
  const withLanguage = document.languageId === "diff" ? document : await languages.setTextDocumentLanguage(document, "diff");
  await window.showTextDocument(withLanguage, { preview: true });
}
