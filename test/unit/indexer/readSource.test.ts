import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { statSync, symlinkSync, unlinkSync } from "node:fs";
import { discoverFiles } from "../../../server/src/indexer/discovery";
import { languageForPath } from "../../../server/src/indexer/languages";
import { isSkipped, readSourceFile } from "../../../server/src/indexer/readSource";
import type { SkippedEntry, SourceFile } from "../../../server/src/indexer/types";
import { WorkspaceFilter } from "../../../server/src/indexer/workspaceFilter";
import { silentLogger } from "../../../server/src/util/logger";
import { TempWorkspace } from "./tempWorkspace";

const CAP = 1_048_576;

function asSource(result: SourceFile | SkippedEntry): SourceFile {
  assert.ok(!isSkipped(result), `expected a source file, got ${JSON.stringify(result)}`);
  return result;
}

function asSkipped(result: SourceFile | SkippedEntry): SkippedEntry {
  assert.ok(isSkipped(result), `expected a skip, got a source file`);
  return result;
}

describe("readSourceFile", () => {
  let workspace: TempWorkspace;

  afterEach(() => workspace?.dispose());

  it("reads a text file with its hash, size, mtime and language", async () => {
    const text = "export const answer = 42;\n";
    workspace = new TempWorkspace({ "src/answer.ts": text });
    const file = asSource(await readSourceFile(workspace.root, "src/answer.ts", CAP));
    assert.equal(file.path, "src/answer.ts");
    assert.equal(file.text, text);
    assert.equal(file.contentHash, createHash("sha256").update(text).digest("hex"));
    assert.equal(file.size, Buffer.byteLength(text));
    assert.equal(file.mtimeMs, statSync(workspace.path("src/answer.ts")).mtimeMs);
    assert.equal(file.language, "typescript");
  });

  it("strips a UTF-8 byte order mark from the text but hashes the raw bytes", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("print('hé')\n")]);
    workspace = new TempWorkspace({ "bom.py": bytes });
    const file = asSource(await readSourceFile(workspace.root, "bom.py", CAP));
    assert.equal(file.text, "print('hé')\n");
    assert.equal(file.contentHash, createHash("sha256").update(bytes).digest("hex"));
  });

  it("skips binary content: a NUL byte, or mostly control characters", async () => {
    const controls = Buffer.alloc(200, 0x01);
    controls.write("header", 0);
    workspace = new TempWorkspace({
      "image.ts": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a, 0x0a]),
      "blob.txt": controls,
      "form-feeds.c": "int a;\f\nint b;\f\n\x1b[31mred\x1b[0m\n",
    });
    assert.deepEqual(asSkipped(await readSourceFile(workspace.root, "image.ts", CAP)).reason, "binary");
    assert.deepEqual(asSkipped(await readSourceFile(workspace.root, "blob.txt", CAP)).reason, "binary");
    assert.equal(asSource(await readSourceFile(workspace.root, "form-feeds.c", CAP)).language, "c");
  });

  it("skips text that is not valid UTF-8, saying so", async () => {
    workspace = new TempWorkspace({ "latin1.py": Buffer.from("name = 'caf\xe9'\n", "latin1") });
    const skipped = asSkipped(await readSourceFile(workspace.root, "latin1.py", CAP));
    assert.equal(skipped.reason, "invalid-utf8");
    assert.match(skipped.detail ?? "", /UTF-8/);
  });

  it("skips a file over the cap and keeps one exactly at it", async () => {
    workspace = new TempWorkspace({ "big.ts": "a".repeat(65), "exact.ts": "b".repeat(64) });
    assert.deepEqual(await readSourceFile(workspace.root, "big.ts", 64), { path: "big.ts", reason: "too-large", detail: "65 bytes (limit 64)" });
    assert.equal(asSource(await readSourceFile(workspace.root, "exact.ts", 64)).text.length, 64);
  });

  it("reports a file deleted between discovery and reading as vanished", async () => {
    workspace = new TempWorkspace({ "a.ts": "1", "b.ts": "2" });
    const { files } = await discoverFiles(workspace.root, new WorkspaceFilter(workspace.root, { exclude: [], maxFileSize: CAP, useGitignore: true }), silentLogger);
    assert.equal(files.length, 2);
    unlinkSync(files[1].absPath);
    assert.equal(asSource(await readSourceFile(workspace.root, files[0].path, CAP)).text, "1");
    assert.deepEqual(await readSourceFile(workspace.root, files[1].path, CAP), { path: "b.ts", reason: "vanished", detail: "deleted before it could be read" });
  });

  it("reports a directory as unreadable", async () => {
    workspace = new TempWorkspace({ "dir.ts/inner.ts": "" });
    const skipped = asSkipped(await readSourceFile(workspace.root, "dir.ts", CAP));
    assert.equal(skipped.reason, "unreadable");
    assert.match(skipped.detail ?? "", /directory|EISDIR/);
  });

  it("reports a named pipe as unreadable at once instead of blocking on it", async function () {
    if (process.platform === "win32") this.skip();
    workspace = new TempWorkspace();
    execFileSync("mkfifo", [workspace.path("pipe.py")]);
    assert.deepEqual(await readSourceFile(workspace.root, "pipe.py", CAP), { path: "pipe.py", reason: "unreadable", detail: "not a regular file (a named pipe)" });
  });

  it("reports a symbolic link that resolves to itself as a symlink loop", async function () {
    if (process.platform === "win32") this.skip();
    workspace = new TempWorkspace();
    symlinkSync("loop.ts", workspace.path("loop.ts"));
    assert.equal(asSkipped(await readSourceFile(workspace.root, "loop.ts", CAP)).reason, "symlink-loop");
  });

  it("maps file names to languages", () => {
    const cases: Record<string, string> = {
      "a.ts": "typescript", "a.mts": "typescript", "a.cts": "typescript", "types.d.ts": "typescript", "A.tsx": "tsx",
      "a.js": "javascript", "a.mjs": "javascript", "a.cjs": "javascript", "a.jsx": "javascript", "a.py": "python",
      "a.pyi": "python", "main.go": "go", "lib.rs": "rust", "A.java": "java", "a.kt": "kotlin", "a.c": "c", "a.h": "c",
      "a.cpp": "cpp", "a.cs": "csharp", "a.rb": "ruby", "a.php": "php", "a.swift": "swift", "a.scala": "scala",
      "run.sh": "shell", "q.sql": "sql", "README.md": "markdown", "package.json": "json", "ci.yml": "yaml",
      "Cargo.toml": "toml", "a.css": "css", "a.scss": "scss", "index.html": "html", "App.vue": "vue",
      "App.svelte": "svelte", "Dockerfile": "shell", "LICENSE": "text", "notes.txt": "text", ".gitignore": "text",
    };
    for (const [file, language] of Object.entries(cases)) assert.equal(languageForPath(`x/${file}`), language, file);
  });
});
