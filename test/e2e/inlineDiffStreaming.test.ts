import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./harness/codeServer";
import { EditorView, IMPROVED_HAVERSINE as IMPROVED, startFakeModel, waitFor, type FakeModel } from "./harness/llmHarness";
import { saveArtifactsOnFailure, startSession, stopSession, type E2eSession } from "./harness/session";

const FILE = "src/geo/haversine.ts";

/**
 * The reply one line per streamed event. With `slowMs` every event waits that long, so the reply takes seconds:
 * long enough for the test to look at the editor while it is still streaming (nothing asserts how long it takes).
 */
function improvedReply(slowMs?: number): Record<string, unknown> {
  const text = ["Here is the improved function:\n\n```typescript\n", ...IMPROVED.map((line) => `${line}\n`), "```\n\nNamed the central angle.\n"];
  return { fallback: { text, ...(slowMs ? { eventDelayMs: slowMs } : {}) } };
}

const BASE_SETTINGS = {
  "vibeCoder.embeddings.provider": "none",
  "vibeCoder.llm.provider": "anthropic",
  "vibeCoder.llm.maxAttempts": 1,
  "vibeCoder.llm.cacheEnabled": false,
  // Sticky scroll would cover the function's first lines once the editor scrolls.
  "editor.stickyScroll.enabled": false,
};

/** A fresh code-server with the fake model and a stored API key; `settings` go on top of BASE_SETTINGS. */
function useSession(settings: Record<string, unknown>): { session: () => E2eSession; model: () => FakeModel; view: () => EditorView; original: () => string } {
  let session: E2eSession | undefined;
  let model: FakeModel | undefined;
  let view: EditorView | undefined;
  let original = "";
  before(async function () {
    model = await startFakeModel();
    session = await startSession({ ...BASE_SETTINGS, "vibeCoder.llm.anthropicBaseUrl": model.url, ...settings });
    view = new EditorView(session.workbench);
    original = readFileSync(join(session.workspace.dir, FILE), "utf8");
    const { workbench } = session;
    await workbench.runCommand("Vibe Coder: Set API Key");
    await workbench.acceptQuickPickRow(/^Anthropic/);
    await workbench.typeInQuickInput("sk-ant-e2e-test-key-0123456789");
    await workbench.page.keyboard.press("Enter");
    await waitFor(async () => ((await view!.notificationTexts()).some((t) => /API key saved/.test(t)) ? true : undefined), "the key saved message");
  });
  after(async function () {
    await stopSession(session);
    model?.stop();
  });
  saveArtifactsOnFailure(() => session);
  return { session: () => session!, model: () => model!, view: () => view!, original: () => original };
}

const lensCount = async (view: EditorView, pattern: RegExp): Promise<number> => (await view.lensTexts()).filter((t) => pattern.test(t)).length;
const clickLens = async (session: E2eSession, title: RegExp, index = 0): Promise<void> =>
  session.workbench.page.locator(".part.editor .editor-group-container.active .codelens-decoration a", { hasText: title }).nth(index).click();

describe("e2e: an edit streams into the editor as a progressive preview (fake Anthropic server)", function () {
  const ctx = useSession({});
  const shot = async (name: string): Promise<void> => ctx.session().workbench.screenshot(join(REPO_ROOT, "test-results", "inlineDiffStreaming", `${name}.png`));

  it("shows the streamed lines beside the code before the reply ends, then the normal inline diff with Accept/Reject", async function () {
    const { workbench, workspace } = ctx.session();
    const view = ctx.view();
    await ctx.model().setScript(improvedReply(1_500));
    await workbench.openFile(FILE);
    await view.goToLineWith("const dLon");
    await workbench.runCommand("Vibe Coder: Improve this Function");

    // Mid-stream: the new comment line is painted in the editor while the reply is still arriving.
    const seen = new Set<string>();
    const midStream = await waitFor(async () => {
      const ghosts = await view.decorationTexts();
      const lenses = await view.lensTexts();
      seen.add(JSON.stringify({ ghosts, lenses }));
      const streaming = lenses.some((t) => /streaming the proposal/.test(t)) && lenses.some((t) => t.trim() === "Cancel");
      return streaming && ghosts.some((t) => t.includes("// latitude delta")) ? { ghosts, lenses } : undefined;
    }, "streamed lines in the editor with a streaming… CodeLens", 120_000).catch((error: Error) => {
      throw new Error(`${error.message}; seen: ${[...seen].join("\n")}`);
    });
    await shot("1-streaming-preview");
    assert.ok(!midStream.ghosts.some((t) => t.includes("return EARTH_RADIUS_KM * centralAngle")), "the end of the reply was already shown: the preview was not progressive");
    assert.equal(await lensCount(view, /^Accept/), 0, "the final proposal appeared while the stream was running");
    assert.ok(!(await view.text()).includes("latitude delta"), "the preview must not edit the buffer");
    assert.equal(await view.isDirty(), false, "the preview made the document dirty");
    assert.equal(readFileSync(join(workspace.dir, FILE), "utf8"), ctx.original());

    // The end of the stream turns the preview into the pending inline diff.
    await waitFor(async () => ((await lensCount(view, /^Accept \(Ctrl\+Alt\+Y\)/)) === 2 ? true : undefined), "two per-hunk Accept lenses", 120_000);
    await shot("2-final-inline-diff");
    assert.equal(await lensCount(view, /^Reject \(Ctrl\+Alt\+N\)/), 2);
    // VS Code may repaint a line's lens group (here shared with the risk lens) a moment after the new lenses show.
    await waitFor(async () => ((await lensCount(view, /streaming/)) === 0 ? true : undefined), "the streaming lens to go once the proposal arrived", 30_000);
    assert.ok(!(await view.decorationTexts()).some((t) => t.includes("latitude delta")), "the preview's painted lines stayed after the proposal arrived");
    assert.match(await view.text(), /latitude delta/, "the final proposal shows its new lines in the editor");

    // Saving mid-review writes the code without the pending lines; the proposal survives beside the code.
    const onDisk = (): string => readFileSync(join(workspace.dir, FILE), "utf8");
    await workbench.saveActiveEditor();
    assert.equal(onDisk(), ctx.original(), "a save wrote pending lines to disk");
    await waitFor(
      async () => ((await view.decorationTexts()).some((t) => t.includes("// latitude delta")) && (await lensCount(view, /^Accept \(Ctrl\+Alt\+Y\)/)) === 2 ? true : undefined),
      "the proposal beside the code after the save",
    );
    assert.ok(!(await view.text()).includes("latitude delta"), "the pending lines are still in the buffer after the save");
    await shot("3-after-manual-save");
    await clickLens(ctx.session(), /^Accept \(Ctrl\+Alt\+Y\)/, 0);
    await waitFor(async () => ((await lensCount(view, /^Accept \(Ctrl\+Alt\+Y\)/)) === 1 ? true : undefined), "one Accept lens left");
    await clickLens(ctx.session(), /^Reject \(Ctrl\+Alt\+N\)/, 0);
    await waitFor(async () => ((await lensCount(view, /Accept|Reject/)) === 0 ? true : undefined), "all lenses gone");
    await workbench.saveActiveEditor();
    const expected = ctx.original().replace("  const dLat = toRadians(to.lat - from.lat);", "  const dLat = toRadians(to.lat - from.lat); // latitude delta");
    assert.equal(onDisk(), expected, "the file on disk holds exactly the accepted change");

    // Undo takes the accepted change back in one step.
    await view.goToLineWith("const dLon");
    await workbench.page.keyboard.press("Control+Z");
    await waitFor(async () => (!(await view.text()).includes("latitude delta") ? true : undefined), "undo to remove the accepted change");
    await workbench.saveActiveEditor();
    assert.equal(onDisk(), ctx.original(), "Undo restored the original text");
  });

  it("Cancel on the streaming CodeLens stops the run and leaves the document exactly as it was, not dirty", async function () {
    const { workbench, workspace } = ctx.session();
    const view = ctx.view();
    await ctx.model().setScript(improvedReply(1_500));
    await workbench.runCommand("View: Close All Editor Groups");
    await workbench.openFile(FILE);
    await view.goToLineWith("const dLon");
    const before = await view.text();
    await workbench.runCommand("Vibe Coder: Improve this Function");
    await waitFor(async () => ((await view.decorationTexts()).some((t) => t.includes("latitude delta")) ? true : undefined), "streamed lines in the editor", 120_000);
    await shot("4-streaming-before-cancel");
    await clickLens(ctx.session(), /^Cancel$/);
    await waitFor(
      async () => ((await lensCount(view, /Vibe Coder|Cancel|Accept|Reject/)) === 0 && (await view.decorationTexts()).length === 0 ? true : undefined),
      "the preview to go away",
    );
    await shot("5-cancelled");
    assert.equal(await view.text(), before, "the editor's text changed");
    assert.equal(await view.isDirty(), false, "a cancelled preview left the document dirty");
    assert.equal(readFileSync(join(workspace.dir, FILE), "utf8"), ctx.original());
    assert.ok(!(await view.notificationTexts()).some((t) => /failed|error/i.test(t)), "a cancelled run must not report an error");
  });
  it("follows a long streaming reply down the editor while the user watches it", async function () {
    const { workbench, workspace } = ctx.session();
    const view = ctx.view();
    // A function taller than the editor: the reply rewrites every line, so the stream runs past the bottom of the view.
    const body = Array.from({ length: 150 }, (_, i) => `  total += step(${i});`);
    const longFile = ["export function longTally(step: (i: number) => number): number {", "  let total = 0;", ...body, "  return total;", "}", ""].join("\n");
    const rewritten = longFile.split("\n").slice(0, -1).map((line) => line.replace(/step\((\d+)\)/, "step($1) * 1"));
    writeFileSync(join(workspace.dir, "src/longTally.ts"), longFile);
    const text = ["Here it is:\n\n```typescript\n", ...rewritten.map((line) => `${line}\n`), "```\n"];
    await ctx.model().setScript({ fallback: { text, eventDelayMs: 150 } });
    await workbench.runCommand("View: Close All Editor Groups");
    await workbench.openFile("src/longTally.ts");
    await view.goToLineWith("let total = 0");
    const startFirst = (await view.lines()).first;
    await workbench.runCommand("Vibe Coder: Improve this Function");

    // Without following, the view would stay at the top while the stream writes far below it.
    await waitFor(async () => {
      const { first } = await view.lines();
      const streaming = (await lensCount(view, /streaming the proposal/)) > 0 || (await view.decorationTexts()).length > 0;
      return streaming && first > startFirst + 20 ? true : undefined;
    }, "the editor to scroll down with the stream", 120_000);
    await shot("8-following-long-stream");
    assert.equal(await view.isDirty(), false, "following the stream edited the document");
    // The Cancel lens scrolled away with the function's first line; the progress notification cancels too.
    await workbench.page.locator(".notifications-toasts .notification-toast", { hasText: "Vibe Coder" }).locator(".monaco-button", { hasText: "Cancel" }).first().click();
    await waitFor(async () => ((await view.decorationTexts()).length === 0 && (await lensCount(view, /Accept|streaming/)) === 0 ? true : undefined), "the preview to go away");
    assert.equal(readFileSync(join(workspace.dir, "src/longTally.ts"), "utf8"), longFile);
  });
});

describe("e2e: a pending proposal survives auto-save (files.autoSave = afterDelay)", function () {
  const ctx = useSession({ "files.autoSave": "afterDelay", "files.autoSaveDelay": 500 });
  const shot = async (name: string): Promise<void> => ctx.session().workbench.screenshot(join(REPO_ROOT, "test-results", "inlineDiffStreaming", `${name}.png`));

  it("auto-save writes the user's typing but never the pending proposal; Accept then reaches the disk exactly", async function () {
    const { workbench, workspace } = ctx.session();
    const view = ctx.view();
    const onDisk = (): string => readFileSync(join(workspace.dir, FILE), "utf8");
    await ctx.model().setScript(improvedReply());
    await workbench.openFile(FILE);
    await view.goToLineWith("const dLon");
    await workbench.runCommand("Vibe Coder: Improve this Function");
    await waitFor(async () => ((await lensCount(view, /^Accept \(Ctrl\+Alt\+Y\)/)) === 2 ? true : undefined), "two per-hunk Accept lenses", 120_000);
    assert.ok((await view.decorationTexts()).some((t) => t.includes("// latitude delta")), "the proposed lines are shown beside the code");
    await shot("6-autosave-pending");

    // The user types elsewhere; auto-save writes that, and only that.
    await view.goToLineWith("const EARTH_RADIUS_KM");
    await workbench.page.keyboard.press("Home");
    await workbench.typeInEditor("// typed while reviewing\n");
    const typed = `// typed while reviewing\n${ctx.original()}`;
    await waitFor(async () => (onDisk() === typed && !(await view.isDirty()) ? true : undefined), "auto-save to write the typing");
    assert.equal(await lensCount(view, /^Accept \(Ctrl\+Alt\+Y\)/), 2, "the proposal did not survive the auto-save");

    // Accept the first change, reject the second: the disk gets exactly the accepted change.
    await clickLens(ctx.session(), /^Accept \(Ctrl\+Alt\+Y\)/, 0);
    await waitFor(async () => ((await lensCount(view, /^Accept \(Ctrl\+Alt\+Y\)/)) === 1 ? true : undefined), "one Accept lens left");
    await clickLens(ctx.session(), /^Reject \(Ctrl\+Alt\+N\)/, 0);
    await waitFor(async () => ((await lensCount(view, /Accept|Reject/)) === 0 ? true : undefined), "all lenses gone");
    const expected = typed.replace("  const dLat = toRadians(to.lat - from.lat);", "  const dLat = toRadians(to.lat - from.lat); // latitude delta");
    assert.notEqual(expected, typed);
    await waitFor(async () => (onDisk() === expected && !(await view.isDirty()) ? true : undefined), "auto-save to write exactly the accepted change", 30_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}; on disk:\n${onDisk()}`);
      },
    );
    await shot("7-autosave-accepted");
    assert.ok(!(await view.decorationTexts()).some((t) => t.includes("centralAngle")), "the rejected change is still painted");
  });
});
