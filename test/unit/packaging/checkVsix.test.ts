import { strict as assert } from "node:assert";
import { findVsixProblems, packageOf } from "../../../scripts/check-vsix.mjs";

/** What a good VSIX holds: the bundles, grammars and Linux x64 natives the installed extension loads. */
const GOOD_ENTRIES = [
  "extension.vsixmanifest",
  "[Content_Types].xml",
  "extension/package.json",
  "extension/readme.md",
  "extension/LICENSE.txt",
  "extension/media/icon.png",
  "extension/dist/client/extension.js",
  "extension/dist/server/server.js",
  "extension/dist/server/embed.worker.js",
  "extension/dist/cli/vibe.js",
  "extension/dist/webview/diffApply.js",
  "extension/dist/webview/diffApply.css",
  "extension/dist/webview/diffApply.editor.worker.js",
  "extension/dist/webview/codicon-LTRFOK3N.ttf",
  "extension/dist/grammars/web-tree-sitter.wasm",
  "extension/dist/grammars/tree-sitter-typescript.wasm",
  "extension/dist/grammars/tree-sitter-tsx.wasm",
  "extension/dist/grammars/tree-sitter-javascript.wasm",
  "extension/dist/grammars/tree-sitter-python.wasm",
  "extension/node_modules/@lancedb/lancedb/package.json",
  "extension/node_modules/@lancedb/lancedb/dist/index.js",
  "extension/node_modules/@lancedb/lancedb-linux-x64-gnu/lancedb.linux-x64-gnu.node",
  "extension/node_modules/apache-arrow/Arrow.node.js",
  "extension/node_modules/@huggingface/transformers/dist/transformers.node.cjs",
  "extension/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node",
  "extension/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1",
  "extension/node_modules/onnxruntime-common/package.json",
  "extension/node_modules/sharp/dist/index.cjs",
  "extension/node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-0.35.5.node",
  "extension/node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8.18.7",
];

const MANIFEST = {
  main: "./dist/client/extension.js",
  icon: "media/icon.png",
  devDependencies: { typescript: "5.9.3", "web-tree-sitter": "0.27.1", openai: "6.49.0" },
};

describe("VSIX contents check (scripts/check-vsix.mjs)", () => {
  it("accepts a VSIX with every runtime file and nothing forbidden", () => {
    assert.deepEqual(findVsixProblems(GOOD_ENTRIES, MANIFEST), []);
  });

  it("reports each missing runtime file the extension would fail without", () => {
    const cases: Array<[string, RegExp]> = [
      ["extension/node_modules/@lancedb/lancedb-linux-x64-gnu/lancedb.linux-x64-gnu.node", /LanceDB's Linux x64 native binary/],
      ["extension/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node", /ONNX Runtime's Linux x64 binding/],
      ["extension/node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-0.35.5.node", /sharp's Linux x64 binary/],
      ["extension/dist/grammars/tree-sitter-python.wasm", /Python grammar/],
      ["extension/dist/server/server.js", /language server bundle/],
      ["extension/media/icon.png", /missing icon/],
    ];
    for (const [removed, expected] of cases) {
      const problems = findVsixProblems(GOOD_ENTRIES.filter((e) => e !== removed), MANIFEST);
      assert.equal(problems.length, 1, `${removed}: ${JSON.stringify(problems)}`);
      assert.match(problems[0]!, expected);
    }
  });

  it("reports the package.json main file when it is not in the VSIX", () => {
    const problems = findVsixProblems(GOOD_ENTRIES, { ...MANIFEST, main: "./dist/client/main.js" });
    assert.deepEqual(problems, ["missing package.json main: extension/dist/client/main.js"]);
  });

  it("rejects files that must not ship", () => {
    const forbidden = [
      "extension/node_modules/onnxruntime-web/dist/ort.wasm",
      "extension/node_modules/onnxruntime-node/bin/napi-v6/darwin/arm64/onnxruntime_binding.node",
      "extension/node_modules/onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime.dll",
      "extension/node_modules/onnxruntime-node/bin/napi-v6/linux/arm64/onnxruntime_binding.node",
      "extension/node_modules/@lancedb/lancedb-darwin-arm64/lancedb.darwin-arm64.node",
      "extension/node_modules/@lancedb/lancedb-linux-x64-musl/lancedb.linux-x64-musl.node",
      "extension/node_modules/@img/sharp-linuxmusl-x64/lib/sharp-linuxmusl-x64.node",
      "extension/server/src/main.ts",
      "extension/test/unit/settings.test.ts",
      "extension/.env",
      "extension/.env.local",
      "extension/dist/server/server.js.map",
      "extension/node_modules/typescript/lib/typescript.js",
      "extension/package-lock.json",
    ];
    for (const entry of forbidden) {
      const problems = findVsixProblems([...GOOD_ENTRIES, entry], MANIFEST);
      assert.ok(problems.length > 0, `${entry} was accepted`);
    }
  });

  it("names a development package once, however many of its files slipped in", () => {
    const problems = findVsixProblems(
      [...GOOD_ENTRIES, "extension/node_modules/openai/index.js", "extension/node_modules/openai/package.json"],
      MANIFEST,
    );
    assert.deepEqual(problems, ["forbidden development package: extension/node_modules/openai/"]);
  });

  it("maps entries to their package folder, scoped or not", () => {
    assert.equal(packageOf("extension/node_modules/@img/sharp-linux-x64/lib/x.node"), "@img/sharp-linux-x64");
    assert.equal(packageOf("extension/node_modules/sharp/dist/index.cjs"), "sharp");
    assert.equal(packageOf("extension/dist/server/server.js"), undefined);
  });
});
