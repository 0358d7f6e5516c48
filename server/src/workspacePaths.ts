import { isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The workspace-relative, '/'-separated path for a file URI, or undefined when it lies outside the workspace
 * (or is not a file URI): the index never holds anything outside its folder.
 */
export function toWorkspacePath(root: string, uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  const relativePath = relative(root, fileURLToPath(uri));
  if (!relativePath || relativePath.startsWith("..") || isAbsolute(relativePath)) return undefined;
  return relativePath.split(sep).join("/");
}
