import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { SELECTORS } from "./selectors";

/** Debian's Chromium (apt-get install chromium); Playwright's own browser downloads are not used. */
export const CHROMIUM_PATH = process.env.VIBE_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export interface QuickPickRow {
  /** Position in the list (VS Code's data-index). */
  index: number;
  /** What a screen reader hears: label, description and keybinding, comma-separated. */
  ariaLabel: string;
  /** The visible text of the row. */
  text: string;
  focused: boolean;
}

export interface CursorPosition {
  line: number;
  column: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns something other than undefined, or throws `describe()` after timeoutMs. */
async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs: number, describe: () => Promise<string> | string, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(await describe());
    await sleep(intervalMs);
  }
}

/** A browser tab showing the VS Code workbench served by code-server, with the actions a user takes in it. */
export class Workbench {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  /** Launches Chromium, opens the workbench URL and waits until the workbench is on screen. */
  static async open(workbenchUrl: string, timeoutMs = 180_000): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(workbenchUrl, { timeout: timeoutMs });
      await page.waitForSelector(SELECTORS.workbench, { timeout: timeoutMs });
      // The status bar fills in once the editor services are up; commands typed before that can be lost.
      await page.waitForSelector(SELECTORS.statusBarItems, { timeout: timeoutMs });
      return new Workbench(browser, page);
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  async screenshot(path: string): Promise<void> {
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({ path, fullPage: true });
  }

  /**
   * Opens the command palette with F1 and types `text` into it, retrying while the workbench is still wiring
   * keybindings, and when another quick input (Go to Line closing, a picker) is what was on screen: the palette is
   * only taken as open when its box holds the ">" F1 puts there.
   */
  private async openCommandPaletteWith(text: string): Promise<void> {
    const box = this.page.locator(SELECTORS.quickInputBox);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if (await this.quickInputVisible()) await this.closeQuickInput().catch(() => undefined);
      await this.page.keyboard.press("F1");
      try {
        await box.waitFor({ state: "visible", timeout: 3_000 });
        if ((await box.inputValue({ timeout: 1_000 })).startsWith(">")) {
          await box.fill(text, { timeout: 3_000 });
          if (await box.isVisible()) return;
        }
      } catch {
        // Not open, or closed under us: try again.
      }
      await this.page.keyboard.press("Escape");
    }
    throw new Error(`the command palette did not stay open on F1 to take ${JSON.stringify(text)}`);
  }

  /** Replaces the text in the open quick input (as if typed) and lets VS Code filter or query. */
  async typeInQuickInput(text: string): Promise<void> {
    const box = this.page.locator(SELECTORS.quickInputBox);
    await box.waitFor({ state: "visible" });
    await box.fill(text);
  }

  /** Whether a quick input (palette or picker) is on screen. */
  async quickInputVisible(): Promise<boolean> {
    return this.page.locator(SELECTORS.quickInputBox).isVisible();
  }

  async quickPickRows(): Promise<QuickPickRow[]> {
    if (!(await this.quickInputVisible())) return [];
    return this.page.locator(SELECTORS.quickInputRows).evaluateAll((rows) =>
      rows.map((row) => ({
        index: Number(row.getAttribute("data-index") ?? -1),
        ariaLabel: row.getAttribute("aria-label") ?? "",
        text: row.textContent ?? "",
        focused: row.classList.contains("focused"),
      })),
    );
  }

  /** Waits until a row whose aria-label or text matches `pattern` is listed. */
  async waitForQuickPickRow(pattern: RegExp, timeoutMs = 30_000): Promise<QuickPickRow> {
    return poll(
      async () => (await this.quickPickRows()).find((row) => pattern.test(row.ariaLabel) || pattern.test(row.text)),
      timeoutMs,
      async () => `no quick pick row matches ${pattern}; rows: ${JSON.stringify((await this.quickPickRows()).map((r) => r.ariaLabel))}`,
    );
  }

  /** Moves the keyboard focus to the row matching `pattern` with the arrow keys, then presses Enter. */
  async acceptQuickPickRow(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    await this.waitForQuickPickRow(pattern, timeoutMs);
    for (let step = 0; step < 200; step += 1) {
      const focused = (await this.quickPickRows()).find((row) => row.focused);
      if (focused && (pattern.test(focused.ariaLabel) || pattern.test(focused.text))) {
        await this.page.keyboard.press("Enter");
        return;
      }
      await this.page.keyboard.press("ArrowDown");
    }
    throw new Error(`could not move the focus to the quick pick row matching ${pattern}`);
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInputVisible()) await this.page.keyboard.press("Escape");
    await this.page.locator(SELECTORS.quickInputBox).waitFor({ state: "hidden", timeout: 10_000 });
  }

  /**
   * The command palette rows for `filter`, re-opening the palette until one matches `expect` (the extension's
   * contributions appear once the extension host has scanned it).
   */
  async findCommands(filter: string, expect: RegExp, timeoutMs = 60_000): Promise<QuickPickRow[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.openCommandPaletteWith(`>${filter}`);
      try {
        await this.waitForQuickPickRow(expect, 3_000);
        const rows = await this.quickPickRows();
        await this.closeQuickInput();
        return rows;
      } catch (error) {
        await this.closeQuickInput();
        if (Date.now() > deadline) throw error;
      }
    }
  }

  /** Runs a command by its palette title ("Category: Title"), the way a user does: F1, type, Enter. */
  async runCommand(title: string, timeoutMs = 60_000): Promise<void> {
    const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const exact = new RegExp(`^${escaped}(,|$)`);
    await this.findCommands(title, exact, timeoutMs);
    // acceptQuickPickRow throws only before it presses Enter, so a palette that closed under us is safe to retry.
    for (let attempt = 1; ; attempt += 1) {
      await this.openCommandPaletteWith(`>${title}`);
      try {
        await this.acceptQuickPickRow(exact, 10_000);
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  async statusBarTexts(): Promise<string[]> {
    const texts = await this.page.locator(SELECTORS.statusBarItems).evaluateAll((items) =>
      items.map((item) => [item.textContent ?? "", item.getAttribute("aria-label") ?? ""]),
    );
    return texts.flat().map((t) => t.trim()).filter((t) => t.length > 0);
  }

  /** Waits until some status bar item's text (or aria-label) matches `pattern`, and returns that text. */
  async waitForStatusBarText(pattern: RegExp, timeoutMs = 180_000): Promise<string> {
    return poll(
      async () => (await this.statusBarTexts()).find((text) => pattern.test(text)),
      timeoutMs,
      async () => `no status bar item matched ${pattern} within ${timeoutMs / 1000}s; items: ${JSON.stringify(await this.statusBarTexts())}`,
      500,
    );
  }

  /** The cursor of the active editor, read from the status bar's "Ln X, Col Y". */
  async cursorPosition(): Promise<CursorPosition | undefined> {
    const item = this.page.locator(SELECTORS.cursorPosition);
    if ((await item.count()) === 0) return undefined;
    const match = /Ln (\d+), Col (\d+)/.exec((await item.first().textContent()) ?? "");
    return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
  }

  async waitForCursorLine(line: number, timeoutMs = 30_000): Promise<CursorPosition> {
    return poll(
      async () => {
        const position = await this.cursorPosition();
        return position?.line === line ? position : undefined;
      },
      timeoutMs,
      async () => `the cursor is not on line ${line}: ${JSON.stringify(await this.cursorPosition())}, editor: ${await this.activeEditorTitle()}`,
    );
  }

  /** The title (file name) of the active editor tab, if any. */
  async activeEditorTitle(): Promise<string | undefined> {
    const tab = this.page.locator(SELECTORS.activeTab);
    if ((await tab.count()) === 0) return undefined;
    // With several editor groups VS Code appends ", Editor Group N" to the label; the file name is what counts here.
    return (await tab.first().getAttribute("aria-label"))?.replace(/, Editor Group \d+$/, "") ?? undefined;
  }

  async waitForActiveEditor(title: string, timeoutMs = 30_000): Promise<void> {
    await poll(
      async () => ((await this.activeEditorTitle()) === title ? true : undefined),
      timeoutMs,
      async () => `the active editor is ${JSON.stringify(await this.activeEditorTitle())}, not ${title}`,
    );
  }

  /** Opens a workspace file with Quick Open (Ctrl+P), as a user does. */
  async openFile(relativePath: string, timeoutMs = 60_000): Promise<void> {
    const name = relativePath.split("/").pop() ?? relativePath;
    const folder = relativePath.includes("/") ? relativePath.slice(0, relativePath.lastIndexOf("/")) : "";
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.keyboard.press("Control+P");
      await this.page.locator(SELECTORS.quickInputBox).waitFor({ state: "visible", timeout: 10_000 });
      await this.typeInQuickInput(relativePath);
      // A file result's aria-label is "<name> <folder>, file results".
      const row = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s+${folder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`);
      try {
        await this.acceptQuickPickRow(row, 5_000);
        break;
      } catch (error) {
        // Quick Open searches files in the background; the first attempts can come back empty.
        await this.closeQuickInput();
        if (Date.now() > deadline) throw error;
      }
    }
    await this.waitForActiveEditor(name);
  }

  /**
   * Moves the cursor of the active editor to the start of `line` with Go to Line (Ctrl+G), waiting for the picker
   * to take the number before pressing Enter (Enter pressed too early is lost), then for the status bar to agree.
   */
  async goToLine(line: number, timeoutMs = 30_000): Promise<void> {
    await this.page.locator(SELECTORS.activeEditorInput).first().focus();
    await this.page.keyboard.press("Control+G");
    await this.typeInQuickInput(`:${line}`);
    await this.waitForQuickPickRow(new RegExp(`\\b${line}\\b`), timeoutMs);
    await this.page.keyboard.press("Enter");
    await this.waitForCursorLine(line, timeoutMs);
    // The next F1 must not meet this input while it is still closing.
    await this.page.locator(SELECTORS.quickInputBox).waitFor({ state: "hidden", timeout: timeoutMs });
  }

  /** Types text into the focused editor, key by key; "\n" presses Enter. */
  async typeInEditor(text: string): Promise<void> {
    await this.page.locator(SELECTORS.activeEditorInput).first().focus();
    await this.page.keyboard.type(text, { delay: 5 });
  }

  async goToEndOfFile(): Promise<void> {
    await this.page.locator(SELECTORS.activeEditorInput).first().focus();
    await this.page.keyboard.press("Control+End");
  }

  /** Saves the active editor with Ctrl+S and waits until its tab is no longer marked dirty. */
  async saveActiveEditor(timeoutMs = 30_000): Promise<void> {
    await this.page.keyboard.press("Control+S");
    await poll(
      async () => ((await this.page.locator(`${SELECTORS.activeTab}.dirty`).count()) === 0 ? true : undefined),
      timeoutMs,
      () => "the active editor is still dirty after Ctrl+S",
    );
  }

  /** The versions shown by Help: About ("code-server: v4.100.3", "Code: 1.100.3"). */
  async aboutVersions(): Promise<{ codeServer?: string; code?: string; text: string }> {
    await this.runCommand("Help: About");
    const dialog = this.page.locator(SELECTORS.dialogBox);
    await dialog.waitFor({ state: "visible", timeout: 30_000 });
    const text = (await dialog.textContent()) ?? "";
    await this.page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden", timeout: 10_000 });
    return {
      codeServer: /code-server: v?(\d+\.\d+\.\d+)/.exec(text)?.[1],
      code: /Code: (\d+\.\d+\.\d+)/.exec(text)?.[1],
      text,
    };
  }
}
