import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./harness/codeServer";
import { DiffApplyPanel } from "./harness/diffApplyPanel";
import { fakeModelSettings, IMPROVED_HAVERSINE as IMPROVED, sleep, startFakeModel, waitFor, type FakeModel } from "./harness/llmHarness";
import { saveArtifactsOnFailure, startSession, stopSession, type E2eSession } from "./harness/session";
import { SELECTORS } from "./harness/selectors";

const FILE = "src/geo/haversine.ts";
const FUNCTION_LINE = "export function haversineGreatCircleKilometers";

/** The fake model's generated test file (the diff-apply panel tests create it, then change it). */
const GENERATED_TEST = ["import { haversineGreatCircleKilometers } from './haversine';", "", "// e2e generated test", "export const distance = haversineGreatCircleKilometers({ lat: 0, lon: 0 }, { lat: 0, lon: 1 });"];

const EXPLANATION =
  "This function computes the **great-circle distance** between two points on a sphere using the haversine formula. " +
  "It converts the latitude and longitude deltas to radians, combines them into the haversine term, and scales the " +
  "central angle by the mean Earth radius. STREAM-END-MARKER";

describe("e2e: LLM actions with the inline apply-changes diff (fake Anthropic server)", function () {
  let session: E2eSession | undefined;
  let model: FakeModel | undefined;
  let original = "";
  let newTestPath = "";

  before(async function () {
    model = await startFakeModel();
    session = await startSession({
      ...fakeModelSettings(model.url),
      // Sticky scroll would cover the function's first lines once the editor scrolls.
      "editor.stickyScroll.enabled": false,
    });
    original = readFileSync(join(session.workspace.dir, FILE), "utf8");
  });
  after(async function () {
    await stopSession(session);
    model?.stop();
  });
  saveArtifactsOnFailure(() => session);

  const shot = async (name: string): Promise<void> => session!.workbench.screenshot(join(REPO_ROOT, "test-results", "llmActions", `${name}.png`));

  /** Puts the cursor on the first line holding `text` with Go to Line (Ctrl+G), as a keyboard user does. */
  async function goToLineWith(text: string): Promise<void> {
    const { workbench } = session!;
    // Right after a file opens its lines may not be rendered yet.
    const line = await waitFor(async () => {
      const view = await editorLines();
      const index = view.lines.findIndex((l) => l.includes(text));
      return index >= 0 ? view.first + index : undefined;
    }, `a visible line holding ${JSON.stringify(text)}`, 30_000);
    await workbench.goToLine(line);
  }

  /** Right-clicks where the cursor is (the context menu then acts on the cursor's line). */
  async function rightClickAtCursor(): Promise<void> {
    const cursor = session!.workbench.page.locator(".part.editor .editor-group-container.active .cursors-layer .cursor").first();
    const box = await cursor.boundingBox();
    assert.ok(box, "the cursor is not on screen");
    await session!.workbench.page.mouse.click(box.x + 1, box.y + box.height / 2, { button: "right" });
  }

  /** The visible lines of the active editor in screen order (Monaco keeps its line elements unordered, with &nbsp;). */
  async function editorLines(): Promise<{ first: number; lines: string[] }> {
    const page = session!.workbench.page;
    const group = ".part.editor .editor-group-container.active";
    const read = (selector: string) =>
      page.locator(selector).evaluateAll((elements) => elements.map((e) => ({ top: parseFloat((e as HTMLElement).style.top) || 0, text: e.textContent ?? "" })));
    const lines = (await read(`${group} .view-lines .view-line`)).sort((a, b) => a.top - b.top);
    const numbers = (await read(`${group} .margin-view-overlays .line-numbers`)).sort((a, b) => a.top - b.top);
    return { first: Number(numbers[0]?.text.trim() || "1"), lines: lines.map((l) => l.text.replace(/\u00a0/g, " ")) };
  }

  async function editorText(): Promise<string> {
    return (await editorLines()).lines.join("\n");
  }

  async function notificationTexts(): Promise<string[]> {
    return session!.workbench.page.locator(SELECTORS.notificationToasts).allInnerTexts();
  }

  it("Set API Key stores a key typed into the input box", async function () {
    const { workbench } = session!;
    await workbench.runCommand("Vibe Coder: Set API Key");
    await workbench.acceptQuickPickRow(/^Anthropic/);
    await workbench.typeInQuickInput("sk-ant-e2e-test-key-0123456789");
    await workbench.page.keyboard.press("Enter");
    await waitFor(async () => ((await notificationTexts()).some((t) => /API key saved/.test(t)) ? true : undefined), "the key saved message");
  });

  it("right-click → Improve this Function shows the inline diff; accept one hunk, reject another, save, undo", async function () {
    const { workbench, workspace } = session!;
    await model!.setScript({ fallback: { text: ["Here is the improved function:\n\n```typescript\n", IMPROVED.join("\n"), "\n```\n\nNamed the central angle.\n"] } });
    await workbench.openFile(FILE);
    await goToLineWith("const dLon");
    await rightClickAtCursor();
    const item = workbench.page.locator(".monaco-menu .action-item", { hasText: "Improve this Function" }).first();
    await item.waitFor({ state: "visible", timeout: 30_000 });
    // A click that lands while the menu is still laying itself out can be lost: hover first, then fall back to Enter.
    await item.hover();
    await item.click();
    await sleep(500);
    if (await item.isVisible()) await workbench.page.keyboard.press("Enter");

    const accept = workbench.page.locator(".codelens-decoration a", { hasText: "Accept (Ctrl+Alt+Y)" });
    await waitFor(async () => ((await accept.count()) === 2 ? true : undefined), "two per-hunk Accept lenses", 120_000);
    assert.equal(readFileSync(join(workspace.dir, FILE), "utf8"), original, "the file on disk changed before anything was accepted");
    const pending = await editorText();
    assert.match(pending, /latitude delta/);
    assert.match(pending, /Math\.asin\(Math\.sqrt\(a\)\);\s*$/m, "the old line stays visible (as ghost text) while pending");
    await shot("1-inline-diff-pending");

    // Accept the first hunk with its CodeLens, then reject the second with the keybinding on its line.
    await accept.first().click();
    await waitFor(async () => ((await accept.count()) === 1 ? true : undefined), "one Accept lens left");
    await goToLineWith("centralAngle = 2");
    await workbench.page.keyboard.press("Control+Alt+N");
    await waitFor(async () => ((await workbench.page.locator(".codelens-decoration a", { hasText: /Accept|Reject/ }).count()) === 0 ? true : undefined), "all lenses gone");
    await shot("2-after-accept-and-reject");

    await workbench.saveActiveEditor();
    const expected = original.replace("  const dLat = toRadians(to.lat - from.lat);", "  const dLat = toRadians(to.lat - from.lat); // latitude delta");
    assert.notEqual(expected, original);
    assert.equal(readFileSync(join(workspace.dir, FILE), "utf8"), expected, "the file on disk holds exactly the accepted change");

    // One Undo takes the whole proposal back; saving writes the original again.
    await goToLineWith("const dLon");
    await workbench.page.keyboard.press("Control+Z");
    await waitFor(async () => (!/latitude delta/.test(await editorText()) ? true : undefined), "undo to remove the accepted change");
    await workbench.saveActiveEditor();
    assert.equal(readFileSync(join(workspace.dir, FILE), "utf8"), original, "Undo restored the original text");
    assert.ok(workspace.lineOf(FILE, FUNCTION_LINE) > 0);
  });

  it("Explain streams Markdown into its panel", async function () {
    const { workbench } = session!;
    await model!.setScript({ fallback: { text: EXPLANATION, eventDelayMs: 120 } });
    await goToLineWith("const dLon");
    await workbench.runCommand("Vibe Coder: Explain");
    const frameText = async (): Promise<string> => {
      const texts = await Promise.all(workbench.page.frames().map((frame) => frame.locator("body").innerText({ timeout: 1_000 }).catch(() => "")));
      return texts.find((t) => t.includes("Explanation:")) ?? "";
    };
    // Streaming: some of the text is on screen before the end of the reply arrives.
    const partial = await waitFor(async () => {
      const text = await frameText();
      return /great-circle/.test(text) && !/STREAM-END-MARKER/.test(text) ? text : undefined;
    }, "a partial explanation in the panel", 120_000);
    assert.ok(partial.length > 0);
    await shot("3-explain-streaming");
    await waitFor(async () => (/STREAM-END-MARKER/.test(await frameText()) ? true : undefined), "the whole explanation");
    await shot("4-explain-done");
  });

  it("Generate Tests opens the diff-apply panel with Monaco's diff; Accept All + Apply creates the test file", async function () {
    const { workbench, workspace } = session!;
    await model!.setScript({ fallback: { text: ["```typescript\n", GENERATED_TEST.join("\n"), "\n```\n"] } });
    await workbench.runCommand("View: Close All Editor Groups");
    await workbench.openFile(FILE);
    await goToLineWith("const dLon");
    await workbench.runCommand("Vibe Coder: Generate Tests");
    const panel = await DiffApplyPanel.find(workbench.page);
    newTestPath = await panel.selectedPath();
    await panel.waitForProposal((text) => text.includes("// e2e generated test"), "the generated test's lines");
    await shot("6-diff-apply-panel");
    await panel.click("Accept every change in every file");
    await panel.click("Apply the 1 accepted changes");
    await waitFor(async () => (existsSync(join(workspace.dir, newTestPath)) && readFileSync(join(workspace.dir, newTestPath), "utf8").includes("e2e generated test") ? true : undefined), `${newTestPath} on disk`);
    await shot("7-diff-apply-applied");
    await workbench.runCommand("View: Close All Editor Groups");
  });

  it("the diff-apply panel follows the theme; one hunk accepted, one rejected, Apply writes exactly the accepted one", async function () {
    const { workbench, workspace } = session!;
    assert.ok(newTestPath, "the previous test creates the test file this one changes");
    const before = readFileSync(join(workspace.dir, newTestPath), "utf8");
    const revised = GENERATED_TEST.map((line) => (line === "// e2e generated test" ? "// e2e generated test (kept)" : line));
    revised.push("export const rejectedLine = 2;");
    await model!.setScript({ fallback: { text: [`Path: ${newTestPath}\n\n\`\`\`typescript\n`, revised.join("\n"), "\n```\n"] } });
    await workbench.openFile(FILE);
    await goToLineWith("const dLon");
    await workbench.runCommand("Vibe Coder: Generate Tests");
    const panel = await DiffApplyPanel.find(workbench.page);
    await panel.recordCspViolations();
    assert.equal(await panel.selectedPath(), newTestPath);
    await panel.waitForProposal((text) => text.includes("(kept)") && text.includes("rejectedLine"), "both proposed changes");
    const firstTheme = await panel.themeClass();
    const firstBackground = await panel.editorBackground();
    await panel.waitForLaidOutLines();
    await panel.waitForDiffReady();
    await shot(`8-diff-apply-monaco-${firstTheme}`);

    // The diff editor follows a theme change while it is open.
    await workbench.runCommand("Preferences: Toggle between Light/Dark Themes");
    await waitFor(async () => ((await panel.themeClass()) !== firstTheme ? true : undefined), "the webview to get the other theme");
    await waitFor(async () => ((await panel.editorBackground()) !== firstBackground ? true : undefined), "the diff editor to take the other theme");
    await panel.waitForLaidOutLines();
    await shot(`9-diff-apply-monaco-${await panel.themeClass()}`);
    await workbench.runCommand("Preferences: Toggle between Light/Dark Themes");
    await waitFor(async () => ((await panel.themeClass()) === firstTheme ? true : undefined), "the first theme back");

    // One decision from the keyboard-accessible change list, the other from the control drawn inside the diff.
    await panel.click(`Accept change 1 in ${newTestPath}`, ".hunk-list");
    await panel.click(`Reject change 2 in ${newTestPath}`, ".monaco-diff-editor");
    const shown = await panel.waitForProposal((text) => !text.includes("rejectedLine"), "the rejected line gone");
    assert.match(shown, /\(kept\)/, "the accepted change stays on the proposal side");
    await shot("10-diff-apply-decided");
    await panel.click("Apply the 1 accepted changes");
    await waitFor(async () => ((await panel.frame.locator(".applied").count()) > 0 ? true : undefined), "the applied message");

    // Theme changes and decisions re-render Monaco's lines, zones and styles: all of it within the page's CSP.
    assert.deepEqual(await panel.cspViolations(), [], "CSP violations in the diff-apply panel");
    assert.ok(await panel.fetchedEditorWorker(), "the panel loaded Monaco's editor worker");

    // Existing files are edited in their buffer (one Undo takes it back); saving writes them. The edited file may
    // already have a dirty tab beside the panel, so nothing is closed before the save (that would ask "save
    // changes?"): its own tab is clicked, or it is opened when it has none.
    const tab = workbench.page.locator(".tabs-container .tab", { hasText: newTestPath.split("/").pop() }).first();
    if ((await tab.count()) > 0) await tab.click();
    else await workbench.openFile(newTestPath);
    await workbench.saveActiveEditor();
    assert.equal(readFileSync(join(workspace.dir, newTestPath), "utf8"), before.replace("// e2e generated test", "// e2e generated test (kept)"));
    await workbench.runCommand("View: Close All Editor Groups");
  });

  it("a stream cut mid-reply ends with a clear message and leaves the file untouched", async function () {
    const { workbench, workspace } = session!;
    await workbench.runCommand("View: Close All Editor Groups");
    await model!.setScript({ fallback: { text: ["```typescript\n", IMPROVED.slice(0, 3).join("\n"), "\n", IMPROVED.slice(3).join("\n")], cutAfterEvents: 5 } });
    await workbench.openFile(FILE);
    await goToLineWith("const dLon");
    await workbench.runCommand("Vibe Coder: Improve this Function");
    const message = await waitFor(async () => (await notificationTexts()).find((t) => /cut off|interrupted|closed/i.test(t)), "the stream-cut message", 120_000);
    await shot("5-stream-cut");
    assert.match(message, /nothing was (applied|changed)/i);
    assert.equal(await editorText(), original, "the editor's text changed after a cut stream");
    assert.equal(readFileSync(join(workspace.dir, FILE), "utf8"), original);
    assert.equal(await workbench.page.locator(".codelens-decoration a", { hasText: /Accept/ }).count(), 0);
  });
});
