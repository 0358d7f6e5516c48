import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strict as assert } from "node:assert";
import { LlmError } from "../../../server/src/llm/errors";
import type { Logger } from "../../../server/src/util/logger";
import type { FakeLlmServer } from "../../fakes/fakeLlmCore";

/** A logger that keeps every line, so tests can assert on what was (and was not) logged. */
export function collectingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    error: (m) => void lines.push(`error ${m}`),
    warn: (m) => void lines.push(`warn ${m}`),
    info: (m) => void lines.push(`info ${m}`),
    debug: (m) => void lines.push(`debug ${m}`),
  };
}

/** The LlmError `p` rejects with; fails the test when it resolves or rejects with anything else. */
export async function llmFailure(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (error) {
    assert.ok(error instanceof LlmError, `expected an LlmError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the call to fail");
}

/** Call inside a describe block: after each test, closes the fake server the test last started (if any). */
export function closeFakeAfterEach(current: () => FakeLlmServer | undefined): void {
  afterEach(async () => {
    await current()?.close();
  });
}

export function tempDir(prefix = "vibe-llm-"): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** Every file under `dir` with its text, for "the key never reaches disk" checks. */
export function readAllFiles(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ path: p, text: readFileSync(p, "utf8") });
    }
  };
  walk(dir);
  return out;
}

/** A sleep that returns at once and remembers what it was asked to wait, so retry tests never wait for real. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
