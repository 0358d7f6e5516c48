import { Uri, workspace } from "vscode";

/**
 * Turns a server path (workspace-relative, forward slashes) into a file URI. In a multi-root workspace the first
 * segment may name the folder, matching what `toWorkspaceRelativePath` sends.
 */
export function resolveWorkspacePath(path: string): Uri | undefined {
  if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) return Uri.file(path);
  const folders = workspace.workspaceFolders ?? [];
  if (folders.length === 0) return undefined;
  const segments = path.split("/").filter((s) => s.length > 0);
  if (folders.length > 1 && segments.length > 1) {
    const named = folders.find((f) => f.name === segments[0]);
    if (named) return Uri.joinPath(named.uri, ...segments.slice(1));
  }
  return Uri.joinPath(folders[0].uri, ...segments);
}

/** The path the server knows a document by: relative to the workspace, with the folder name when multi-root. */
export function toWorkspaceRelativePath(uri: Uri): string {
  const multiRoot = (workspace.workspaceFolders?.length ?? 0) > 1;
  return workspace.asRelativePath(uri, multiRoot).replace(/\\/g, "/");
}

/** The last segment of a forward-slash path. */
export function baseName(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash >= 0 ? path.slice(slash + 1) : path;
}
