/**
 * Run by permissions.test.ts in a child process as an unprivileged user (root reads any file whatever its mode, and
 * the tests run as root). Builds a workspace with a folder and a file nobody may read, runs discovery and the reader
 * over it, and prints what they returned as JSON.
 */
import { chmodSync } from "node:fs";
import { discoverFiles } from "../../../server/src/indexer/discovery";
import { readSourceFile } from "../../../server/src/indexer/readSource";
import { WorkspaceFilter } from "../../../server/src/indexer/workspaceFilter";
import { silentLogger } from "../../../server/src/util/logger";
import { TempWorkspace } from "./tempWorkspace";

async function main(): Promise<void> {
  const workspace = new TempWorkspace({ "open/a.ts": "export {};\n", "locked/b.ts": "", "private.ts": "const x = 1;\n" });
  chmodSync(workspace.path("locked"), 0o000);
  chmodSync(workspace.path("private.ts"), 0o000);
  try {
    const filter = new WorkspaceFilter(workspace.root, { exclude: [], maxFileSize: 1_048_576, useGitignore: true });
    const discovery = await discoverFiles(workspace.root, filter, silentLogger);
    const read = await readSourceFile(workspace.root, "private.ts", 1_048_576);
    process.stdout.write(JSON.stringify({ uid: process.getuid?.(), files: discovery.files.map((file) => file.path), skipped: discovery.skipped, read }));
  } finally {
    chmodSync(workspace.path("locked"), 0o755);
    workspace.dispose();
  }
}

void main();
