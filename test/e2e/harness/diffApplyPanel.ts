import type { Frame, Page } from "playwright-core";

/** The proposal side's own lines (the inline view also draws removed lines as .view-line elements inside view zones). */
const PROPOSAL_LINES = ".monaco-diff-editor .editor.modified .lines-content > .view-lines > .view-line";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The diff-apply webview (its inner frame) and the reads and clicks a test makes in it. */
export class DiffApplyPanel {
  private constructor(
    private readonly page: Page,
    public frame: Frame,
  ) {}

  /** Waits for a webview frame showing the panel with Monaco's diff editor in it. */
  static async find(page: Page, timeoutMs = 120_000): Promise<DiffApplyPanel> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of page.frames()) {
        if (frame.isDetached()) continue;
        const hasDiff = (await frame.locator(".monaco-diff-editor").count().catch(() => 0)) > 0;
        if (hasDiff && (await frame.locator("vscode-button", { hasText: "Accept All" }).count().catch(() => 0)) > 0) return new DiffApplyPanel(page, frame);
      }
      if (Date.now() > deadline) throw new Error("timed out waiting for the diff-apply panel with a Monaco diff editor");
      await sleep(250);
    }
  }

  /** The paths in the file list, in the order shown. */
  async filePaths(): Promise<string[]> {
    return (await this.frame.locator(".file-list .file-entry .file-name").allInnerTexts()).map((text) => text.trim());
  }

  async selectedPath(): Promise<string> {
    return (await this.frame.locator(".file-header .file-path").first().innerText()).trim();
  }

  /** The proposal side's rendered lines in screen order (Monaco keeps line elements unordered, with &nbsp;). */
  async proposalLines(): Promise<string[]> {
    const lines = await this.frame
      .locator(PROPOSAL_LINES)
      .evaluateAll((elements) => elements.map((e) => ({ top: parseFloat((e as HTMLElement).style.top) || 0, text: e.textContent ?? "" })));
    return lines.sort((a, b) => a.top - b.top).map((l) => l.text.replace(/\u00a0/g, " "));
  }

  /**
   * proposalLines, finding the panel's frame again when VS Code replaced it (a new proposal arriving while an older
   * panel is still open reloads the webview).
   */
  private async proposalLinesFollowingThePanel(deadline: number): Promise<string[]> {
    try {
      return await this.proposalLines();
    } catch (error) {
      if (!this.frame.isDetached()) throw error;
      this.frame = (await DiffApplyPanel.find(this.page, Math.max(1_000, deadline - Date.now()))).frame;
      return this.proposalLines();
    }
  }

  /** Waits until the diff drawn matches the texts shown (Monaco computes it asynchronously after every change). */
  async waitForDiffReady(timeoutMs = 30_000): Promise<void> {
    await this.frame.locator('.diff-host[data-diff="ready"]').waitFor({ state: "attached", timeout: timeoutMs });
  }

  /** Polls the proposal side until `accept` holds for its text. */
  async waitForProposal(accept: (text: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = (await this.proposalLinesFollowingThePanel(deadline)).join("\n");
      if (accept(text)) {
        await this.waitForDiffReady();
        return text;
      }
      if (Date.now() > deadline) throw new Error(`the diff's proposal side never showed ${what}; it shows:\n${text}`);
      await sleep(250);
    }
  }

  /** The body class VS Code gives the webview for the theme kind ("vscode-light", "vscode-dark", ...). */
  async themeClass(): Promise<string> {
    return this.frame.locator("body").evaluate((body) => Array.from(body.classList).find((c) => c.startsWith("vscode-")) ?? "");
  }

  /** Waits until the proposal side's lines each sit on their own row (Monaco re-lays them out after a theme change). */
  async waitForLaidOutLines(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const tops = await this.frame
        .locator(PROPOSAL_LINES)
        .evaluateAll((elements) => elements.map((e) => (e as HTMLElement).style.top));
      if (tops.length > 0 && new Set(tops).size === tops.length) return;
      if (Date.now() > deadline) throw new Error(`the diff's lines overlap: tops ${JSON.stringify(tops)}`);
      await sleep(250);
    }
  }

  /** From now on, records every CSP violation in the panel's page (read them with cspViolations()). */
  async recordCspViolations(): Promise<void> {
    await this.frame.evaluate(() => {
      const record: string[] = [];
      (window as unknown as { vibeCspViolations?: string[] }).vibeCspViolations = record;
      document.addEventListener("securitypolicyviolation", (e) => record.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`));
    });
  }

  async cspViolations(): Promise<string[]> {
    return this.frame.evaluate(() => (window as unknown as { vibeCspViolations?: string[] }).vibeCspViolations ?? []);
  }

  /** Whether the page fetched Monaco's editor worker bundle (it starts the worker from it). */
  async fetchedEditorWorker(): Promise<boolean> {
    return this.frame.evaluate(() => performance.getEntriesByType("resource").some((entry) => entry.name.endsWith("/diffApply.editor.worker.js")));
  }

  /** Clicks the enabled vscode-button with this accessible name, inside `scope` (a CSS selector) if given. */
  async click(ariaLabel: string, scope = ""): Promise<void> {
    const target = this.frame.locator(`${scope} vscode-button[aria-label="${ariaLabel}"]:not([disabled])`.trim()).first();
    await target.waitFor({ state: "visible", timeout: 30_000 });
    await target.click();
  }

  /** The diff editor's background color as painted (follows the VS Code theme). */
  async editorBackground(): Promise<string> {
    return this.frame.locator(".monaco-diff-editor .editor.modified .monaco-editor-background").first().evaluate((e) => getComputedStyle(e).backgroundColor);
  }
}
