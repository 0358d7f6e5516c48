import { readFile } from "node:fs/promises";
import * as path from "node:path";
import type { ImportGraph } from "./importGraph";

const TEST_FILE = /(^|\/)(__tests__|tests?|spec|__spec__)\/|\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]+\.py$|_test\.py$|_spec\.rb$|_test\.go$/;

/** True for files that are tests by the usual naming conventions of JS/TS, Python, Go and Ruby. */
export function isTestFile(filePath: string): boolean {
  return TEST_FILE.test(filePath);
}

/** The base name a test file is about: "foo" for foo.test.ts, __tests__/foo.ts, test_foo.py, foo_test.py. */
export function testSubject(filePath: string): string {
  const base = path.posix.basename(filePath);
  return base
    .replace(/\.(test|spec|e2e-spec)(?=\.[^.]+$)/, "")
    .replace(/^test_/, "")
    .replace(/_(test|spec)(?=\.[^.]+$)/, "")
    .replace(/\.(d\.ts|[cm]?[jt]sx?|py|go|rb|vue)$/, "")
    .toLowerCase();
}

function stem(filePath: string): string {
  return path.posix
    .basename(filePath)
    .replace(/\.(d\.ts|[cm]?[jt]sx?|py|go|rb|vue)$/, "")
    .toLowerCase();
}

export interface TestLink {
  test: string;
  source: string;
  reason: "name" | "import";
  /** For an import link: the line of the test that imports the source. */
  line?: number;
}

/**
 * Pairs tests with the sources they exercise: by name (foo.ts ↔ foo.test.ts, foo.spec.ts, __tests__/foo.ts,
 * test_foo.py) preferring the nearest directory when several sources share a name, and by direct imports.
 */
export class TestPairing {
  private readonly bySource = new Map<string, TestLink[]>();
  private readonly byTest = new Map<string, TestLink[]>();

  constructor(files: Iterable<string>, graph?: ImportGraph) {
    const sourcesByStem = new Map<string, string[]>();
    const tests: string[] = [];
    for (const file of files) {
      if (isTestFile(file)) tests.push(file);
      else sourcesByStem.set(stem(file), [...(sourcesByStem.get(stem(file)) ?? []), file]);
    }
    for (const test of tests) {
      const candidates = sourcesByStem.get(testSubject(test)) ?? [];
      const best = nearest(test, candidates);
      if (best) this.add({ test, source: best, reason: "name" });
      for (const edge of graph?.importsOf(test) ?? []) {
        if (isTestFile(edge.to) || edge.to === best) continue;
        this.add({ test, source: edge.to, reason: "import", line: edge.line });
      }
    }
  }

  testsOf(source: string): TestLink[] {
    return this.bySource.get(source) ?? [];
  }

  sourcesOf(test: string): TestLink[] {
    return this.byTest.get(test) ?? [];
  }

  private add(link: TestLink): void {
    this.bySource.set(link.source, [...(this.bySource.get(link.source) ?? []), link]);
    this.byTest.set(link.test, [...(this.byTest.get(link.test) ?? []), link]);
  }
}

/** The candidate sharing the longest directory prefix with `test` (ties: the shorter path). */
function nearest(test: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  const testParts = test.split("/");
  for (const candidate of candidates) {
    const parts = candidate.split("/");
    let common = 0;
    while (common < parts.length - 1 && common < testParts.length - 1 && parts[common] === testParts[common]) common += 1;
    const score = common * 1000 - candidate.length;
    if (score > bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

/** Line coverage of one file from an lcov report. */
export interface LcovFile {
  linesFound: number;
  linesHit: number;
  /** Per-line hit counts (1-based line → hits) when the report lists them. */
  lines: Map<number, number>;
}

/**
 * Parses lcov tracefile text (`SF:`, `DA:`, `LF:`, `LH:`, `end_of_record`). Paths are made workspace-relative
 * against `root` when absolute; malformed lines are skipped.
 */
export function parseLcov(text: string, root: string): Map<string, LcovFile> {
  const result = new Map<string, LcovFile>();
  let current: { path: string; data: LcovFile } | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.startsWith("SF:")) {
      const file = line.slice(3);
      const relative = path.isAbsolute(file) ? path.relative(root, file) : file;
      current = { path: relative.split(path.sep).join("/").replace(/^\.\//, ""), data: { linesFound: 0, linesHit: 0, lines: new Map() } };
    } else if (!current) {
      continue;
    } else if (line.startsWith("DA:")) {
      const [lineNo, hits] = line.slice(3).split(",").map(Number);
      if (Number.isFinite(lineNo) && Number.isFinite(hits)) current.data.lines.set(lineNo, hits);
    } else if (line.startsWith("LF:")) {
      current.data.linesFound = Number(line.slice(3)) || 0;
    } else if (line.startsWith("LH:")) {
      current.data.linesHit = Number(line.slice(3)) || 0;
    } else if (line === "end_of_record") {
      if (current.data.linesFound === 0 && current.data.lines.size > 0) {
        current.data.linesFound = current.data.lines.size;
        current.data.linesHit = [...current.data.lines.values()].filter((hits) => hits > 0).length;
      }
      result.set(current.path, current.data);
      current = undefined;
    }
  }
  return result;
}

/** Reads `coverage/lcov.info` under `root` when present; undefined when there is none or it cannot be read. */
export async function readLcov(root: string, relativePath = "coverage/lcov.info"): Promise<Map<string, LcovFile> | undefined> {
  try {
    return parseLcov(await readFile(path.join(root, relativePath), "utf8"), root);
  } catch {
    return undefined;
  }
}
