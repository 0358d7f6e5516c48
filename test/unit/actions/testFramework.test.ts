import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { detectTestFramework, suggestTestPath } from "../../../server/src/actions/testFramework";
import { LLM_SETTING_DEFAULTS } from "../../../server/src/llm/settings";
import { contextTokensSetting } from "../../../server/src/features/llmFeature";

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "vibe-tf-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("actions: test framework detection", () => {
  const roots: string[] = [];
  const make = (files: Record<string, string>): string => {
    const root = workspace(files);
    roots.push(root);
    return root;
  };
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it("vitest with tests beside the source", () => {
    const root = make({ "package.json": JSON.stringify({ devDependencies: { vitest: "1" } }), "src/a.ts": "", "src/b.test.ts": "" });
    const info = detectTestFramework(root, "src/a.ts");
    assert.equal(info.framework, "vitest");
    assert.equal(info.layout, "beside-source");
    assert.equal(info.runCommand, "npx vitest run {file}");
    assert.equal(suggestTestPath(root, "src/a.ts", info), "src/a.test.ts");
  });

  it("jest with __tests__ folders", () => {
    const root = make({ "package.json": JSON.stringify({ devDependencies: { jest: "29" } }), "lib/x/util.js": "", "lib/x/__tests__/other.test.js": "" });
    const info = detectTestFramework(root, "lib/x/util.js");
    assert.equal(info.framework, "jest");
    assert.equal(suggestTestPath(root, "lib/x/util.js", info), "lib/x/__tests__/util.test.js");
  });

  it("mocha with a test/ folder, mirroring the source tree without src/", () => {
    const root = make({ "package.json": JSON.stringify({ devDependencies: { mocha: "10", tsx: "4" } }), ".mocharc.json": "{}", "test/x.test.ts": "", "src/billing/invoice.ts": "" });
    const info = detectTestFramework(root, "src/billing/invoice.ts");
    assert.equal(info.framework, "mocha");
    assert.equal(info.runCommand, "npx mocha --config .mocharc.json {file}");
    assert.equal(suggestTestPath(root, "src/billing/invoice.ts", info), "test/billing/invoice.test.ts");
  });

  it("node:test from the test script", () => {
    const root = make({ "package.json": JSON.stringify({ scripts: { test: "node --test" } }) });
    assert.equal(detectTestFramework(root).framework, "node:test");
  });

  it("pytest with a tests/ folder", () => {
    const root = make({ "pyproject.toml": "[tool.pytest.ini_options]\n", "tests/test_x.py": "", "pkg/report.py": "" });
    const info = detectTestFramework(root, "pkg/report.py");
    assert.equal(info.framework, "pytest");
    assert.equal(suggestTestPath(root, "pkg/report.py", info), "tests/test_report.py");
  });

  it("says unknown instead of guessing when nothing points at a framework", () => {
    const root = make({ "package.json": "{ not json" });
    assert.equal(detectTestFramework(root, "a.ts").framework, "unknown");
  });
});

describe("actions: vibeCoder.llm settings contract", () => {
  const declared: Record<string, { default: unknown }> = JSON.parse(readFileSync("package.json", "utf8")).contributes.configuration.properties;

  it("declares every LLM setting in package.json with the server's default", () => {
    for (const [key, value] of Object.entries(LLM_SETTING_DEFAULTS)) {
      assert.ok(declared[`vibeCoder.llm.${key}`], `vibeCoder.llm.${key} is missing`);
      assert.deepEqual(declared[`vibeCoder.llm.${key}`].default, value, `vibeCoder.llm.${key} default differs`);
    }
    assert.equal(declared["vibeCoder.llm.contextTokens"].default, 0);
    assert.equal(contextTokensSetting({ llm: { contextTokens: 0 } }), 0);
    assert.equal(contextTokensSetting({ llm: { contextTokens: 12_000 } }), 12_000);
    assert.equal(contextTokensSetting({ llm: { contextTokens: "big" } }), 0);
  });
});
