import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync, symlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { discoverFiles } from "../../../server/src/indexer/discovery";
import { WorkspaceFilter, type WorkspaceFilterOptions } from "../../../server/src/indexer/workspaceFilter";
import type { Logger } from "../../../server/src/util/logger";
import { TempWorkspace } from "./tempWorkspace";

const OPTIONS: WorkspaceFilterOptions = { exclude: [], maxFileSize: 1_048_576, useGitignore: true };

function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (message: string): void => void lines.push(message);
  return { lines, error: log, warn: log, info: log, debug: log };
}

describe("discoverFiles", () => {
  const workspaces: TempWorkspace[] = [];
  const make = (files: Record<string, string | Uint8Array> = {}): TempWorkspace => {
    const workspace = new TempWorkspace(files);
    workspaces.push(workspace);
    return workspace;
  };
  const discover = (workspace: TempWorkspace, options: Partial<WorkspaceFilterOptions> = {}, logger = collectingLogger()) =>
    discoverFiles(workspace.root, new WorkspaceFilter(workspace.root, { ...OPTIONS, ...options }), logger);

  afterEach(() => {
    for (const workspace of workspaces.splice(0)) workspace.dispose();
  });

  it("returns nothing for an empty workspace", async () => {
    const result = await discover(make());
    assert.deepEqual(result, { files: [], skipped: [] });
  });

  it("lists files with workspace-relative '/' paths, absolute paths, sizes and mtimes, sorted", async () => {
    const workspace = make({ "src/b.ts": "export const b = 1;\n", "src/deep/er/c.py": "x = 1\n", "README.md": "# hi\n" });
    const { files, skipped } = await discover(workspace);
    assert.deepEqual(files.map((file) => file.path), ["README.md", "src/b.ts", "src/deep/er/c.py"]);
    const b = files[1];
    assert.equal(b.absPath, workspace.path("src/b.ts"));
    assert.equal(b.size, 20);
    assert.equal(b.mtimeMs, statSync(b.absPath).mtimeMs);
    assert.deepEqual(skipped, []);
  });

  it("counts an excluded folder as one skipped entry without walking into it", async () => {
    const files: Record<string, string> = { "index.ts": "" };
    for (let index = 0; index < 50; index++) files[`node_modules/pkg${index}/index.js`] = "module.exports = 1;";
    files["packages/app/node_modules/x/y.js"] = "";
    const { skipped } = await discover(make(files));
    assert.deepEqual(skipped, [
      { path: "node_modules", reason: "default-exclude" },
      { path: "packages/app/node_modules", reason: "default-exclude" },
    ]);
  });

  it("skips files over the size cap from their size alone, keeping a file exactly at the cap", async () => {
    const workspace = make({ "big.ts": "x".repeat(101), "exact.ts": "y".repeat(100) });
    const { files, skipped } = await discover(workspace, { maxFileSize: 100 });
    assert.deepEqual(files.map((file) => file.path), ["exact.ts"]);
    assert.deepEqual(skipped, [{ path: "big.ts", reason: "too-large", detail: "101 bytes (limit 100)" }]);
  });

  it("applies .gitignore at nested levels, .vibeignore, the exclude setting, default excludes and secrets", async () => {
    const workspace = make({
      ".gitignore": "*.log\n",
      "pkg/.gitignore": "out-of-tree/\n",
      ".vibeignore": "docs/\n",
      "src/app.ts": "",
      "src/app.log": "",
      "pkg/out-of-tree/x.ts": "",
      "pkg/keep.ts": "",
      "docs/guide.md": "",
      "legacy/old.ts": "",
      "dist/app.js": "",
      "yarn.lock": "",
      ".env": "TOKEN=1",
      ".env.example": "TOKEN=",
      "logo.png": new Uint8Array([137, 80, 78, 71]),
    });
    const { files, skipped } = await discover(workspace, { exclude: ["legacy/"] });
    assert.deepEqual(files.map((file) => file.path), [".env.example", ".gitignore", ".vibeignore", "pkg/.gitignore", "pkg/keep.ts", "src/app.ts"]);
    assert.deepEqual(skipped, [
      { path: ".env", reason: "secret" },
      { path: "dist", reason: "default-exclude" },
      { path: "docs", reason: "ignored" },
      { path: "legacy", reason: "ignored" },
      { path: "logo.png", reason: "binary" },
      { path: "pkg/out-of-tree", reason: "ignored" },
      { path: "src/app.log", reason: "ignored" },
      { path: "yarn.lock", reason: "default-exclude" },
    ]);
  });

  it("judges every path exactly as WorkspaceFilter.classify does for a single file (watcher and scan agree)", async () => {
    const workspace = make({
      ".gitignore": "*.tmp\n!important.tmp\nbuild-output/\n",
      "a/.vibeignore": "secret-notes.md\n",
      "a/b/.gitignore": "!*.tmp\n",
      "a/x.tmp": "", "a/important.tmp": "", "a/b/y.tmp": "", "a/secret-notes.md": "", "a/b/secret-notes.md": "",
      "build-output/z.ts": "", "a/build-output/z.ts": "", "src/ok.ts": "", "src/.env.local": "", "src/bin/tool.exe": "",
      "coverage/lcov.info": "", "src/vendor/lib.js": "", "src/app.min.js": "",
    });
    const options = { ...OPTIONS, exclude: ["src/vendor/"] };
    const { files, skipped } = await discoverFiles(workspace.root, new WorkspaceFilter(workspace.root, options), collectingLogger());
    const fresh = new WorkspaceFilter(workspace.root, options);
    for (const file of files) assert.equal(fresh.classify(file.path, false), null, file.path);
    for (const entry of skipped) {
      const isDirectory = statSync(workspace.path(entry.path)).isDirectory();
      assert.equal(fresh.classify(entry.path, isDirectory), entry.reason, entry.path);
    }
    assert.ok(files.some((file) => file.path === "a/b/y.tmp"), "re-included by the nested .gitignore");
    assert.ok(files.some((file) => file.path === "a/important.tmp"));
    assert.ok(skipped.length >= 9);
  });

  describe("symbolic links", function () {
    before(function () {
      if (process.platform === "win32") this.skip();
    });

    it("follows links to files and folders inside the workspace", async () => {
      const workspace = make({ "real/lib.ts": "export {};\n", "real/util.ts": "" });
      symlinkSync(workspace.path("real"), workspace.path("alias"));
      symlinkSync(workspace.path("real/lib.ts"), workspace.path("lib-link.ts"));
      const { files, skipped } = await discover(workspace);
      assert.deepEqual(files.map((file) => file.path), ["alias/lib.ts", "alias/util.ts", "lib-link.ts", "real/lib.ts", "real/util.ts"]);
      assert.equal(files.find((file) => file.path === "lib-link.ts")?.size, 11);
      assert.deepEqual(skipped, []);
    });

    it("skips a link back to an ancestor folder as a symlink loop, without hanging", async () => {
      const workspace = make({ "a/b/file.ts": "" });
      symlinkSync(workspace.root, workspace.path("a/b/to-root"));
      symlinkSync(workspace.path("a"), workspace.path("a/b/to-a"));
      symlinkSync("self", workspace.path("self"));
      const logger = collectingLogger();
      const { files, skipped } = await discover(workspace, {}, logger);
      assert.deepEqual(files.map((file) => file.path), ["a/b/file.ts"]);
      assert.deepEqual(skipped.map((entry) => [entry.path, entry.reason]), [
        ["a/b/to-a", "symlink-loop"],
        ["a/b/to-root", "symlink-loop"],
        ["self", "symlink-loop"],
      ]);
      assert.ok(logger.lines.some((line) => line.includes("a/b/to-root")), "loops are logged");
    });

    it("terminates on two folders linking into each other", async () => {
      const workspace = make({ "x/one.ts": "", "y/two.ts": "" });
      symlinkSync(workspace.path("y"), workspace.path("x/to-y"));
      symlinkSync(workspace.path("x"), workspace.path("y/to-x"));
      const { files, skipped } = await discover(workspace);
      assert.deepEqual(files.map((file) => file.path), ["x/one.ts", "x/to-y/two.ts", "y/to-x/one.ts", "y/two.ts"]);
      assert.deepEqual(skipped.map((entry) => [entry.path, entry.reason]), [
        ["x/to-y/to-x", "symlink-loop"],
        ["y/to-x/to-y", "symlink-loop"],
      ]);
    });

    it("skips links that leave the workspace, and reports broken links", async () => {
      const outside = make({ "secret-project/main.ts": "", "note.ts": "" });
      const workspace = make({ "src/a.ts": "" });
      symlinkSync(outside.path("secret-project"), workspace.path("external"));
      symlinkSync(outside.path("note.ts"), workspace.path("src/note.ts"));
      symlinkSync(workspace.path("missing.ts"), workspace.path("src/broken.ts"));
      const { files, skipped } = await discover(workspace);
      assert.deepEqual(files.map((file) => file.path), ["src/a.ts"]);
      assert.deepEqual(skipped, [
        { path: "external", reason: "ignored", detail: "outside the workspace" },
        { path: "src/broken.ts", reason: "unreadable", detail: "broken symbolic link" },
        { path: "src/note.ts", reason: "ignored", detail: "outside the workspace" },
      ]);
    });
  });

  it("reports a named pipe as unreadable instead of listing it", async function () {
    if (process.platform === "win32") this.skip();
    const workspace = make({ "a.ts": "" });
    execFileSync("mkfifo", [workspace.path("pipe.ts")]);
    const { files, skipped } = await discover(workspace);
    assert.deepEqual(files.map((file) => file.path), ["a.ts"]);
    assert.deepEqual(skipped, [{ path: "pipe.ts", reason: "unreadable", detail: "not a regular file" }]);
  });

  it("walks thousands of files across many folders and finds every one", async () => {
    const workspace = make();
    for (let dir = 0; dir < 40; dir++) {
      mkdirSync(workspace.path(`pkg${dir}/src`), { recursive: true });
      const files: Record<string, string> = {};
      for (let file = 0; file < 50; file++) files[`pkg${dir}/src/file${file}.ts`] = `export const v${file} = ${file};\n`;
      workspace.write(files);
    }
    const { files, skipped } = await discover(workspace);
    assert.equal(files.length, 2000);
    assert.equal(new Set(files.map((file) => file.path)).size, 2000);
    assert.deepEqual(skipped, []);
    assert.ok(files.every((file) => file.path === path.relative(workspace.root, file.absPath).split(path.sep).join("/")));
  });

  it("rejects with a clear error when the root does not exist", async () => {
    const missing = path.join(os.tmpdir(), `vibe-missing-${process.pid}-${Date.now()}`);
    await assert.rejects(discoverFiles(missing, new WorkspaceFilter(missing, OPTIONS), collectingLogger()), /ENOENT/);
  });
});
