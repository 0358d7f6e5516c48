// One build for the three runtimes: the extension host (client), the language server + CLI (Node), and the
// webviews (browser). Native packages stay external and ship in the VSIX's node_modules.
import * as esbuild from "esbuild";
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");
const outDir = "dist";

/** Packages with native code or large runtime assets that are loaded from node_modules at run time. */
const nodeExternals = ["@lancedb/lancedb", "apache-arrow", "@huggingface/transformers", "onnxruntime-node", "sharp"];

/** Every `*.worker.ts` under server/src becomes its own bundle next to server.js. */
function serverWorkerEntries() {
  const entries = {};
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".worker.ts")) entries[name.replace(/\.ts$/, "")] = full;
    }
  };
  walk("server/src");
  return entries;
}

/**
 * Every webview/src/<name>/main.ts becomes dist/webview/<name>.js; with `workers`, every
 * webview/src/<name>/<x>.worker.ts becomes dist/webview/<name>.<x>.worker.js instead.
 */
function webviewEntries({ workers = false } = {}) {
  const entries = {};
  if (!existsSync("webview/src")) return entries;
  for (const name of readdirSync("webview/src")) {
    const dir = join("webview/src", name);
    if (!workers) {
      if (existsSync(join(dir, "main.ts"))) entries[name] = join(dir, "main.ts");
      continue;
    }
    for (const file of readdirSync(dir)) {
      if (file.endsWith(".worker.ts")) entries[`${name}.${file.replace(/\.ts$/, "")}`] = join(dir, file);
    }
  }
  return entries;
}

function copyAssets() {
  const grammars = join(outDir, "grammars");
  mkdirSync(grammars, { recursive: true });
  const wasm = [
    "node_modules/web-tree-sitter/web-tree-sitter.wasm",
    "node_modules/tree-sitter-typescript/tree-sitter-typescript.wasm",
    "node_modules/tree-sitter-typescript/tree-sitter-tsx.wasm",
    "node_modules/tree-sitter-javascript/tree-sitter-javascript.wasm",
    "node_modules/tree-sitter-python/tree-sitter-python.wasm",
  ];
  for (const file of wasm) cpSync(file, join(grammars, file.split("/").pop()));
  const codicons = join(outDir, "webview", "codicons");
  mkdirSync(codicons, { recursive: true });
  for (const file of ["codicon.css", "codicon.ttf"]) cpSync(join("node_modules/@vscode/codicons/dist", file), join(codicons, file));
}

const common = {
  bundle: true,
  sourcemap: production ? false : "linked",
  minify: production,
  logLevel: "warning",
  legalComments: "none",
};

const configs = [
  {
    ...common,
    entryPoints: { extension: "client/src/extension.ts" },
    outdir: join(outDir, "client"),
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode"],
  },
  {
    ...common,
    entryPoints: { server: "server/src/main.ts", ...serverWorkerEntries() },
    outdir: join(outDir, "server"),
    platform: "node",
    format: "cjs",
    target: "node20",
    external: nodeExternals,
    // jsonc-parser's "main" is a UMD build whose dynamic require("./impl/format") esbuild cannot follow; its ESM
    // build bundles cleanly. Packages with an "exports" map are unaffected by this order.
    mainFields: ["module", "main"],
  },
  {
    ...common,
    entryPoints: { vibe: "cli/src/vibe.ts" },
    outdir: join(outDir, "cli"),
    platform: "node",
    format: "cjs",
    target: "node20",
    external: nodeExternals,
    banner: { js: "#!/usr/bin/env node" },
  },
  {
    ...common,
    entryPoints: webviewEntries(),
    outdir: join(outDir, "webview"),
    platform: "browser",
    format: "esm",
    target: "es2022",
    // Monaco's stylesheet (bundled into <name>.css) loads its codicon font by url().
    loader: { ".ttf": "file" },
  },
  {
    // Web workers (Monaco's editor worker): classic scripts, since the page starts them from a blob: URL.
    ...common,
    entryPoints: webviewEntries({ workers: true }),
    outdir: join(outDir, "webview"),
    platform: "browser",
    format: "iife",
    target: "es2022",
  },
].filter((c) => Object.keys(c.entryPoints).length > 0 && Object.values(c.entryPoints).every(existsSync));

copyAssets();
if (watch) {
  for (const config of configs) await (await esbuild.context(config)).watch();
} else {
  await Promise.all(configs.map((config) => esbuild.build(config)));
}
