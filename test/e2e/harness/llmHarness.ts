import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./codeServer";
import { SELECTORS } from "./selectors";
import type { Workbench } from "./workbench";

/** The fake model's "improved" haversine function (fixture src/geo/haversine.ts): two separate changes (line 13, and line 16 → two lines). */
export const IMPROVED_HAVERSINE = [
  "export function haversineGreatCircleKilometers(from: LatLon, to: LatLon): number {",
  "  const dLat = toRadians(to.lat - from.lat); // latitude delta",
  "  const dLon = toRadians(to.lon - from.lon);",
  "  const a = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(from.lat)) * Math.cos(toRadians(to.lat)) * Math.sin(dLon / 2) ** 2;",
  "  const centralAngle = 2 * Math.asin(Math.sqrt(a));",
  "  return EARTH_RADIUS_KM * centralAngle;",
  "}",
];

export interface FakeModel {
  url: string;
  setScript(script: unknown): Promise<void>;
  stop(): void;
}

/** The fake Anthropic server as its own process; re-scripted per test through its admin endpoint. */
export async function startFakeModel(): Promise<FakeModel> {
  const dir = mkdtempSync(join(tmpdir(), "vibe-e2e-fake-"));
  const scriptFile = join(dir, "script.json");
  writeFileSync(scriptFile, JSON.stringify({ fallback: { status: 500, errorMessage: "no script yet" } }));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "test/fakes/anthropicServer.ts", "--script", scriptFile, "--port", "0"], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("http"));
      if (line) resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`the fake Anthropic server exited (${code}) before printing its URL`)));
  });
  return {
    url,
    async setScript(script: unknown): Promise<void> {
      const response = await fetch(`${url}/_fake/script`, { method: "POST", body: JSON.stringify(script) });
      assert.equal(response.status, 204);
    },
    stop(): void {
      child.kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Settings that point the extension at the fake model: no embeddings, one attempt, no response cache. */
export function fakeModelSettings(url: string): Record<string, unknown> {
  return {
    "vibeCoder.embeddings.provider": "none",
    "vibeCoder.llm.provider": "anthropic",
    "vibeCoder.llm.anthropicBaseUrl": url,
    "vibeCoder.llm.maxAttempts": 1,
    "vibeCoder.llm.cacheEnabled": false,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a value (no timing is asserted: the timeout only bounds a broken run). */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

const ACTIVE_GROUP = ".part.editor .editor-group-container.active";

/** What a user sees of the active editor: its lines, decoration text painted beside them, CodeLens, notifications. */
export class EditorView {
  constructor(private readonly workbench: Workbench) {}

  /** The visible lines of the active editor in screen order (Monaco keeps its line elements unordered, with &nbsp;). */
  async lines(): Promise<{ first: number; lines: string[] }> {
    const page = this.workbench.page;
    const read = (selector: string) =>
      page.locator(selector).evaluateAll((elements) => elements.map((e) => ({ top: parseFloat((e as HTMLElement).style.top) || 0, text: e.textContent ?? "" })));
    const lines = (await read(`${ACTIVE_GROUP} .view-lines .view-line`)).sort((a, b) => a.top - b.top);
    const numbers = (await read(`${ACTIVE_GROUP} .margin-view-overlays .line-numbers`)).sort((a, b) => a.top - b.top);
    return { first: Number(numbers[0]?.text.trim() || "1"), lines: lines.map((l) => l.text.replace(/\u00a0/g, " ")) };
  }

  async text(): Promise<string> {
    return (await this.lines()).lines.join("\n");
  }

  /**
   * Text that decorations paint after or before the visible lines (it is CSS generated content, so it is not in
   * the lines' textContent), in screen order, with non-breaking spaces as spaces and padding trimmed.
   */
  async decorationTexts(): Promise<string[]> {
    return this.workbench.page.locator(`${ACTIVE_GROUP} .view-lines .view-line`).evaluateAll((lines) =>
      lines
        .map((line) => ({ top: parseFloat((line as HTMLElement).style.top) || 0, line }))
        .sort((a, b) => a.top - b.top)
        .flatMap(({ line }) =>
          Array.from(line.querySelectorAll("span")).flatMap((span) =>
            ["::before", "::after"].map((pseudo) => getComputedStyle(span, pseudo).content).filter((c) => c && c !== "none" && c !== "normal"),
          ),
        )
        .map((content) => {
          const unquoted = content.startsWith('"') ? content.slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, "\\") : content;
          return unquoted.replace(/\u00a0/g, " ").trim();
        }),
    );
  }

  /** CodeLens titles: links for those with a command, plain spans for title-only ones. */
  async lensTexts(): Promise<string[]> {
    const texts = await this.workbench.page.locator(`${ACTIVE_GROUP} .codelens-decoration > a, ${ACTIVE_GROUP} .codelens-decoration > span`).allInnerTexts();
    return texts.map((t) => t.trim()).filter((t) => t !== "");
  }

  async isDirty(): Promise<boolean> {
    return (await this.workbench.page.locator(`${SELECTORS.activeTab}.dirty`).count()) > 0;
  }

  async notificationTexts(): Promise<string[]> {
    return this.workbench.page.locator(SELECTORS.notificationToasts).allInnerTexts();
  }

  /** Puts the cursor on the first visible line holding `text` with Go to Line (Ctrl+G), as a keyboard user does. */
  async goToLineWith(text: string): Promise<number> {
    // Right after a file opens its lines may not be rendered yet.
    const line = await waitFor(async () => {
      const view = await this.lines();
      const index = view.lines.findIndex((l) => l.includes(text));
      return index >= 0 ? view.first + index : undefined;
    }, `a visible line holding ${JSON.stringify(text)}`, 30_000);
    await this.workbench.goToLine(line);
    return line;
  }
}
