import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A throw-away workspace folder under the OS temp dir; `files` maps relative paths to contents. */
export class TempWorkspace {
  readonly root: string;

  constructor(files: Record<string, string | Uint8Array> = {}) {
    this.root = mkdtempSync(path.join(os.tmpdir(), "vibe-indexer-"));
    this.write(files);
  }

  write(files: Record<string, string | Uint8Array>): void {
    for (const [relPath, content] of Object.entries(files)) {
      const file = this.path(relPath);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }

  path(relPath: string): string {
    return path.join(this.root, ...relPath.split("/"));
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
