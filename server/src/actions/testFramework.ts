import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { TestFrameworkId, TestFrameworkInfo } from "../../../shared/protocol/actions";

function readText(file: string, maxBytes = 512 * 1024): string | undefined {
  try {
    const text = readFileSync(file, "utf8");
    return text.length > maxBytes ? undefined : text;
  } catch {
    return undefined;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

interface PackageManifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

const JS_FRAMEWORKS: Array<{ id: TestFrameworkId; packages: string[]; configs: RegExp }> = [
  { id: "vitest", packages: ["vitest"], configs: /^vitest\.config\.|^vite\.config\./ },
  { id: "jest", packages: ["jest", "ts-jest", "@jest/core"], configs: /^jest\.config\./ },
  { id: "mocha", packages: ["mocha"], configs: /^\.mocharc\./ },
];

/**
 * Detects the workspace's test framework and where it keeps tests from package.json (dependencies, the test
 * script), config files, and the test files around `sourcePath`. Reads a handful of files; never walks the tree.
 */
export function detectTestFramework(root: string, sourcePath?: string): TestFrameworkInfo {
  const evidence: string[] = [];
  const isPython = sourcePath?.endsWith(".py") ?? false;
  const rootEntries = listDir(root);
  const manifest = parseManifest(readText(path.join(root, "package.json")));
  let framework: TestFrameworkId = "unknown";
  if (isPython || (!manifest && rootEntries.some((e) => /^(pyproject\.toml|setup\.py|setup\.cfg|pytest\.ini|conftest\.py)$/.test(e)))) {
    framework = detectPython(root, rootEntries, evidence);
  } else if (manifest) {
    framework = detectJavaScript(manifest, rootEntries, evidence);
  }
  const layout = detectLayout(root, rootEntries, sourcePath, framework === "pytest", evidence);
  const runCommand = runCommandFor(framework, manifest, rootEntries);
  return { framework, layout, ...(runCommand ? { runCommand } : {}), evidence };
}

function parseManifest(text: string | undefined): PackageManifest | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null ? (value as PackageManifest) : undefined;
  } catch {
    return undefined;
  }
}

function detectJavaScript(manifest: PackageManifest, rootEntries: string[], evidence: string[]): TestFrameworkId {
  const deps = { ...manifest.dependencies, ...manifest.devDependencies };
  const testScript = manifest.scripts?.test ?? "";
  for (const candidate of JS_FRAMEWORKS) {
    const config = rootEntries.find((entry) => candidate.configs.test(entry) && (candidate.id !== "vitest" || !entry.startsWith("vite.") || deps.vitest));
    const dependency = candidate.packages.find((name) => deps[name] !== undefined);
    if (dependency || config) {
      if (dependency) evidence.push(`package.json depends on ${dependency}`);
      if (config) evidence.push(`config file ${config}`);
      return candidate.id;
    }
  }
  if (/\bnode\s+(--[\w-]+\s+)*--test\b/.test(testScript)) {
    evidence.push(`package.json test script runs node --test`);
    return "node:test";
  }
  for (const candidate of JS_FRAMEWORKS) {
    if (new RegExp(`\\b${candidate.id}\\b`).test(testScript)) {
      evidence.push(`package.json test script mentions ${candidate.id}`);
      return candidate.id;
    }
  }
  return "unknown";
}

function detectPython(root: string, rootEntries: string[], evidence: string[]): TestFrameworkId {
  if (rootEntries.includes("pytest.ini") || rootEntries.includes("conftest.py")) {
    evidence.push(rootEntries.includes("pytest.ini") ? "pytest.ini" : "conftest.py");
    return "pytest";
  }
  for (const file of ["pyproject.toml", "setup.cfg", "tox.ini", "requirements-dev.txt", "requirements.txt"]) {
    const text = rootEntries.includes(file) ? readText(path.join(root, file)) : undefined;
    if (text && /pytest/.test(text)) {
      evidence.push(`${file} mentions pytest`);
      return "pytest";
    }
  }
  // pytest runs unittest-style tests too, so it is the safest default for a Python project.
  evidence.push("Python project without explicit test configuration: assuming pytest");
  return "pytest";
}

function detectLayout(root: string, rootEntries: string[], sourcePath: string | undefined, python: boolean, evidence: string[]): TestFrameworkInfo["layout"] {
  if (sourcePath) {
    const dir = path.posix.dirname(sourcePath);
    const siblings = listDir(path.join(root, dir));
    if (siblings.includes("__tests__")) {
      evidence.push(`${dir === "." ? "" : `${dir}/`}__tests__/ next to the source`);
      return "__tests__";
    }
    const besideTest = siblings.find((entry) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(entry) || /^test_.*\.py$|_test\.py$/.test(entry));
    if (besideTest) {
      evidence.push(`test file ${besideTest} next to the source`);
      return "beside-source";
    }
  }
  if (python && rootEntries.includes("tests")) {
    evidence.push("tests/ folder");
    return "tests-dir";
  }
  if (rootEntries.includes("test")) {
    evidence.push("test/ folder");
    return "test-dir";
  }
  if (rootEntries.includes("tests")) {
    evidence.push("tests/ folder");
    return "tests-dir";
  }
  if (rootEntries.includes("__tests__")) {
    evidence.push("__tests__/ folder at the root");
    return "__tests__";
  }
  return "unknown";
}

function runCommandFor(framework: TestFrameworkId, manifest: PackageManifest | undefined, rootEntries: string[]): string | undefined {
  const deps = { ...manifest?.dependencies, ...manifest?.devDependencies };
  switch (framework) {
    case "jest":
      return "npx jest {file}";
    case "vitest":
      return "npx vitest run {file}";
    case "mocha": {
      const rc = rootEntries.find((entry) => /^\.mocharc\./.test(entry));
      return `npx mocha${rc ? ` --config ${rc}` : ""} {file}`;
    }
    case "node:test":
      return deps.tsx ? "node --import tsx --test {file}" : "node --test {file}";
    case "pytest":
      return "python -m pytest {file}";
    default:
      return undefined;
  }
}

/** Where a new test file for `sourcePath` goes, following the detected layout and the project's naming. */
export function suggestTestPath(root: string, sourcePath: string, info: TestFrameworkInfo): string {
  const dir = path.posix.dirname(sourcePath) === "." ? "" : path.posix.dirname(sourcePath);
  const ext = path.posix.extname(sourcePath);
  const stem = path.posix.basename(sourcePath, ext);
  const python = ext === ".py";
  const spec = !python && listDir(path.join(root, dir)).some((entry) => /\.spec\.[cm]?[jt]sx?$/.test(entry));
  const fileName = python ? `test_${stem}.py` : `${stem}.${spec ? "spec" : "test"}${ext}`;
  const withoutSrc = dir.replace(/^(src|lib)(\/|$)/, "");
  switch (info.layout) {
    case "__tests__":
      return path.posix.join(dir, "__tests__", fileName);
    case "test-dir":
      return path.posix.join("test", withoutSrc, fileName);
    case "tests-dir":
      return path.posix.join("tests", python ? "" : withoutSrc, fileName);
    default:
      return path.posix.join(dir, fileName);
  }
}

/** True when the workspace-relative path exists (for deciding between a new file and an edit of an existing one). */
export function workspaceFileExists(root: string, relative: string): boolean {
  return existsSync(path.join(root, relative));
}
