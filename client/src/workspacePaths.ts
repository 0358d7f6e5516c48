import { Uri, workspace } from "vscode";

// The server indexes the first workspace folder only, and names files relative to it with forward slashes.

/** Turns a server path into a file URI (absolute paths are taken as they are). */
export function resolveWorkspacePath(path: string): Uri | undefined {
  if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) return Uri.file(path);
  const root = workspace.workspaceFolders?.[0];
  if (!root) return undefined;
  return Uri.joinPath(root.uri, ...path.split("/").filter((s) => s.length > 0));
}

/** The path the server knows a document by; a file outside the indexed folder keeps its full path. */
export function toWorkspaceRelativePath(uri: Uri): string {
  const root = workspace.workspaceFolders?.[0]?.uri;
  if (root && uri.scheme === root.scheme) {
    const prefix = root.path.endsWith("/") ? root.path : `${root.path}/`;
    if (uri.path.startsWith(prefix)) return uri.path.slice(prefix.length);
  }
  return uri.scheme === "file" ? uri.fsPath : uri.toString();
}

/** The last segment of a forward-slash path. */
export function baseName(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash >= 0 ? path.slice(slash + 1) : path;
}
