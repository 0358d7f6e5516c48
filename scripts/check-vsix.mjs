#!/usr/bin/env node
// Checks a packaged VSIX: every file the extension needs at run time is inside, nothing that must not ship is, and
// the native packages it carries load from the extracted copy alone (no help from the repo's node_modules).
// Usage: node scripts/check-vsix.mjs [dist/vibe-coder.vsix] [--no-load]
// Exit code 0 when the VSIX is good; 1 with one line per problem otherwise.
import { spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import yauzl from "yauzl";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Files (or patterns) that must be in the VSIX, each with the reason a user would miss it. */
export const REQUIRED_ENTRIES = [
  { pattern: /^extension\/package\.json$/, why: "the extension manifest" },
  { pattern: /^extension\/readme\.md$/i, why: "the Marketplace/Extensions page text" },
  { pattern: /^extension\/LICENSE(\.txt)?$/i, why: "the licence" },
  { pattern: /^extension\/dist\/client\/extension\.js$/, why: "the client bundle (package.json main)" },
  { pattern: /^extension\/dist\/server\/server\.js$/, why: "the language server bundle" },
  { pattern: /^extension\/dist\/cli\/vibe\.js$/, why: "the CLI bundle" },
  { pattern: /^extension\/dist\/webview\/diffApply\.js$/, why: "the diff-apply panel (Monaco's diff editor)" },
  { pattern: /^extension\/dist\/webview\/diffApply\.css$/, why: "the diff-apply panel's and Monaco's styles" },
  { pattern: /^extension\/dist\/webview\/diffApply\.editor\.worker\.js$/, why: "Monaco's editor worker (the diff runs off the page)" },
  { pattern: /^extension\/dist\/webview\/codicon-[A-Z0-9]+\.ttf$/, why: "Monaco's codicon font" },
  { pattern: /^extension\/dist\/grammars\/web-tree-sitter\.wasm$/, why: "the tree-sitter runtime" },
  { pattern: /^extension\/dist\/grammars\/tree-sitter-typescript\.wasm$/, why: "the TypeScript grammar" },
  { pattern: /^extension\/dist\/grammars\/tree-sitter-tsx\.wasm$/, why: "the TSX grammar" },
  { pattern: /^extension\/dist\/grammars\/tree-sitter-javascript\.wasm$/, why: "the JavaScript grammar" },
  { pattern: /^extension\/dist\/grammars\/tree-sitter-python\.wasm$/, why: "the Python grammar" },
  { pattern: /^extension\/node_modules\/@lancedb\/lancedb\/dist\/index\.js$/, why: "LanceDB's JavaScript API" },
  {
    pattern: /^extension\/node_modules\/@lancedb\/lancedb-linux-x64-gnu\/lancedb\.linux-x64-gnu\.node$/,
    why: "LanceDB's Linux x64 native binary",
  },
  { pattern: /^extension\/node_modules\/apache-arrow\/Arrow\.node\.js$/, why: "Apache Arrow for Node" },
  {
    pattern: /^extension\/node_modules\/@huggingface\/transformers\/dist\/transformers\.node\.cjs$/,
    why: "transformers.js for Node",
  },
  {
    pattern: /^extension\/node_modules\/onnxruntime-node\/bin\/napi-v\d+\/linux\/x64\/onnxruntime_binding\.node$/,
    why: "ONNX Runtime's Linux x64 binding",
  },
  {
    pattern: /^extension\/node_modules\/onnxruntime-node\/bin\/napi-v\d+\/linux\/x64\/libonnxruntime\.so/,
    why: "ONNX Runtime's Linux x64 library",
  },
  { pattern: /^extension\/node_modules\/onnxruntime-common\/package\.json$/, why: "ONNX Runtime's common API" },
  { pattern: /^extension\/node_modules\/sharp\/dist\/index\.cjs$/, why: "sharp (imported by transformers.js)" },
  {
    pattern: /^extension\/node_modules\/@img\/sharp-linux-x64\/lib\/sharp-linux-x64[^/]*\.node$/,
    why: "sharp's Linux x64 binary",
  },
  {
    pattern: /^extension\/node_modules\/@img\/sharp-libvips-linux-x64\/lib\/libvips-cpp\.so/,
    why: "libvips for sharp",
  },
];

/** Files that must not ship: heavy packages Node never loads, other platforms' binaries, sources, tests, secrets. */
export const FORBIDDEN_ENTRIES = [
  { pattern: /^extension\/node_modules\/onnxruntime-web\//, why: "onnxruntime-web is for browsers" },
  { pattern: /(^|[/.-])(darwin|win32|win64|freebsd|android|openharmony)([/.-]|$)/, why: "another OS's binary" },
  { pattern: /(^|[/.-])linux[/-](arm|arm64|ia32|ppc64|s390x|riscv64|loong64)([/.-]|$)/, why: "another CPU's binary" },
  { pattern: /linuxmusl|[-.]musl[/.-]/, why: "a musl binary (the VSIX targets glibc)" },
  { pattern: /\.(dll|dylib|exe|pdb)$/i, why: "a Windows/macOS binary" },
  { pattern: /^extension\/(?!node_modules\/).*\.(ts|tsx|mts|cts)$/, why: "TypeScript source" },
  { pattern: /^extension\/(client|server|cli|shared|webview|test|bench|scripts|\.ci|\.vscode)\//, why: "a source/test folder" },
  { pattern: /(^|\/)test-results\//, why: "test output" },
  { pattern: /(^|\/)\.env(\.|$)/, why: "an environment/secrets file" },
  { pattern: /\.(pem|key|p12)$/i, why: "a key or certificate" },
  { pattern: /\.map$/, why: "a source map (the VSIX ships none)" },
  { pattern: /^extension\/node_modules\/\.bin\//, why: "npm's .bin links" },
  { pattern: /(^|\/)\.git\//, why: "git metadata" },
  { pattern: /^extension\/(package-lock\.json|\.npmrc|tsconfig[^/]*\.json|esbuild\.config\.mjs|eslint\.config\.mjs)$/, why: "a build file" },
];

/** The top-level package folder an entry belongs to: "@scope/name" or "name", or undefined outside node_modules. */
export function packageOf(entry) {
  const match = /^extension\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(entry);
  return match?.[1];
}

/**
 * Lists what is wrong with a VSIX, given its entry names and the project's manifest.
 * Returns one human-readable line per problem; an empty list means the VSIX is good.
 */
export function findVsixProblems(entries, manifest) {
  const problems = [];
  for (const { pattern, why } of REQUIRED_ENTRIES) {
    if (!entries.some((e) => pattern.test(e))) problems.push(`missing ${why}: no entry matches ${pattern}`);
  }
  const mainFile = manifest.main ? `extension/${manifest.main.replace(/^\.\//, "")}` : undefined;
  if (mainFile && !entries.includes(mainFile)) problems.push(`missing package.json main: ${mainFile}`);
  if (manifest.icon && !entries.includes(`extension/${manifest.icon}`)) problems.push(`missing icon: extension/${manifest.icon}`);
  // Development-only packages are bundled by esbuild or only used to build and test; none may ship.
  const devOnly = new Set(Object.keys(manifest.devDependencies ?? {}));
  for (const name of ["esbuild", "typescript", "mocha", "tsx", "playwright-core", "@esbuild/linux-x64", "@types/node"]) devOnly.add(name);
  const reported = new Set();
  for (const entry of entries) {
    const pkg = packageOf(entry);
    if (pkg && devOnly.has(pkg) && !reported.has(pkg)) {
      reported.add(pkg);
      problems.push(`forbidden development package: extension/node_modules/${pkg}/`);
    }
    for (const { pattern, why } of FORBIDDEN_ENTRIES) {
      if (pattern.test(entry)) problems.push(`forbidden ${why}: ${entry}`);
    }
  }
  return problems;
}

/** Reads the central directory of a zip file: every entry's name and sizes. */
export function readZipEntries(zipPath) {
  return new Promise((resolvePromise, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      const entries = [];
      zip.on("entry", (entry) => {
        entries.push({ name: entry.fileName, size: entry.uncompressedSize, compressedSize: entry.compressedSize });
        zip.readEntry();
      });
      zip.on("end", () => resolvePromise(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

/** Extracts a zip into targetDir (entries are checked not to escape it). */
export function extractZip(zipPath, targetDir) {
  return new Promise((resolvePromise, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      zip.on("entry", (entry) => {
        const target = resolve(targetDir, entry.fileName);
        if (!target.startsWith(resolve(targetDir) + "/")) return reject(new Error(`zip entry escapes: ${entry.fileName}`));
        if (entry.fileName.endsWith("/")) {
          mkdirSync(target, { recursive: true });
          return zip.readEntry();
        }
        mkdirSync(dirname(target), { recursive: true });
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          pipeline(stream, createWriteStream(target)).then(() => zip.readEntry(), reject);
        });
      });
      zip.on("end", () => resolvePromise());
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

// Run inside the extracted extension folder, so `require` can only find what the VSIX carries.
const LOAD_CHECK = `
const { mkdtempSync, rmSync } = require("node:fs");
const { join } = require("node:path");
const { tmpdir } = require("node:os");
(async () => {
  const arrow = require("apache-arrow");
  const lancedb = require("@lancedb/lancedb");
  const dir = mkdtempSync(join(tmpdir(), "vsix-lancedb-"));
  try {
    const db = await lancedb.connect(dir);
    const table = await db.createTable("probe", [{ id: 1, text: "hello", vector: [0.1, 0.2, 0.3] }]);
    if ((await table.countRows()) !== 1) throw new Error("LanceDB row count is wrong");
  } finally { rmSync(dir, { recursive: true, force: true }); }
  const ort = require("onnxruntime-node");
  if (!ort.listSupportedBackends().some((b) => b.name === "cpu")) throw new Error("onnxruntime-node has no CPU backend");
  const sharp = require("sharp");
  if (!sharp.versions.vips) throw new Error("sharp did not load libvips");
  const transformersCjs = require("@huggingface/transformers");
  const transformersEsm = await import("@huggingface/transformers");
  if (typeof transformersCjs.pipeline !== "function" || typeof transformersEsm.pipeline !== "function") throw new Error("transformers.js has no pipeline()");
  console.log("loaded: apache-arrow " + (arrow.util ? "ok" : "?") + ", lancedb, onnxruntime-node, sharp (vips " + sharp.versions.vips + "), transformers.js (cjs+esm)");
})().catch((error) => { console.error(error && error.stack || String(error)); process.exit(1); });
`;

/** Extracts the VSIX and loads its native packages with Node; returns a problem line, or undefined when all load. */
export async function checkNativesLoad(vsixPath) {
  const dir = mkdtempSync(join(tmpdir(), "vibe-vsix-"));
  try {
    await extractZip(vsixPath, dir);
    const extensionDir = join(dir, "extension");
    writeFileSync(join(extensionDir, "load-check.cjs"), LOAD_CHECK);
    const result = spawnSync(process.execPath, ["load-check.cjs"], { cwd: extensionDir, encoding: "utf8", env: { ...process.env, NODE_PATH: "" } });
    if (result.status !== 0) return `native packages do not load from the extracted VSIX:\n${result.stderr || result.stdout}`;
    process.stdout.write(result.stdout);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarize(entries) {
  const groups = new Map();
  for (const entry of entries) {
    const key = packageOf(entry.name) ? `node_modules/${packageOf(entry.name)}` : entry.name.replace(/^extension\//, "").split("/").slice(0, 2).join("/");
    const group = groups.get(key) ?? { files: 0, size: 0 };
    group.files += 1;
    group.size += entry.size;
    groups.set(key, group);
  }
  const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1).padStart(7) + " MB";
  return [...groups.entries()].sort((a, b) => b[1].size - a[1].size).map(([key, g]) => `${mb(g.size)} ${String(g.files).padStart(5)} files  ${key}`);
}

async function main() {
  const args = process.argv.slice(2);
  const vsixPath = resolve(args.find((a) => !a.startsWith("--")) ?? join(repoRoot, "dist", "vibe-coder.vsix"));
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  const entries = await readZipEntries(vsixPath);
  const names = entries.map((e) => e.name);
  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  console.log(`${vsixPath}: ${(statSync(vsixPath).size / 1024 / 1024).toFixed(1)} MB, ${entries.length} entries, ${(unpacked / 1024 / 1024).toFixed(1)} MB unpacked`);
  for (const line of summarize(entries)) console.log(line);
  const problems = findVsixProblems(names, manifest);
  if (problems.length === 0 && !args.includes("--no-load")) {
    const loadProblem = await checkNativesLoad(vsixPath);
    if (loadProblem) problems.push(loadProblem);
  }
  if (problems.length > 0) {
    console.error(`VSIX check failed (${problems.length} problem${problems.length === 1 ? "" : "s"}):`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  console.log("VSIX check passed.");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
