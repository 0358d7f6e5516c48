import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./harness/codeServer";
import { DiffApplyPanel } from "./harness/diffApplyPanel";
import { fakeModelSettings, startFakeModel, waitFor, type FakeModel } from "./harness/llmHarness";
import { saveArtifactsOnFailure, startSession, stopSession, type E2eSession } from "./harness/session";
import { SELECTORS } from "./harness/selectors";

const TARGET = "src/geo/haversine.ts";
const CALLER = "src/main.ts";
const OLD_NAME = "haversineGreatCircleKilometers";
const NEW_NAME = "greatCircleKilometers";
const INSTRUCTION = `Rename ${OLD_NAME} to ${NEW_NAME}`;

/**
 * The fake model's reply in the format the refactor prompt asks for: the renamed function (the target), then the
 * caller's import and call as ORIGINAL/REPLACEMENT pairs. `callQuote` is the call line the model claims to replace.
 */
function renameReply(targetFunction: string, callQuote: string): string {
  const callLine = callQuote.replace(OLD_NAME, NEW_NAME);
  return [
    "```typescript",
    targetFunction.replace(OLD_NAME, NEW_NAME),
    "```",
    "",
    `Path: ${CALLER}`,
    "```typescript",
    "<<<<<<< ORIGINAL",
    `import { ${OLD_NAME} } from "./geo/haversine";`,
    "=======",
    `import { ${NEW_NAME} } from "./geo/haversine";`,
    ">>>>>>> REPLACEMENT",
    "<<<<<<< ORIGINAL",
    callQuote,
    "=======",
    callLine,
    ">>>>>>> REPLACEMENT",
    "```",
    "Renamed the function and updated its caller.",
  ].join("\n");
}

describe("e2e: a /refactor that changes a caller opens the diff-apply panel (fake Anthropic server)", function () {
  let session: E2eSession | undefined;
  let model: FakeModel | undefined;

  before(async function () {
    model = await startFakeModel();
    session = await startSession({
      ...fakeModelSettings(model.url),
    });
    const { workbench } = session;
    await workbench.runCommand("Vibe Coder: Set API Key");
    await workbench.acceptQuickPickRow(/^Anthropic/);
    await workbench.typeInQuickInput("sk-ant-e2e-test-key-0123456789");
    await workbench.page.keyboard.press("Enter");
    await waitFor(async () => ((await notificationTexts()).some((t) => /API key saved/.test(t)) ? true : undefined), "the key saved message");
  });
  after(async function () {
    await stopSession(session);
    model?.stop();
  });
  saveArtifactsOnFailure(() => session);

  const shot = (name: string): Promise<void> => session!.workbench.screenshot(join(REPO_ROOT, "test-results", "multiFileRefactor", `${name}.png`));
  const disk = (path: string): string => readFileSync(join(session!.workspace.dir, path), "utf8");
  const notificationTexts = (): Promise<string[]> => session!.workbench.page.locator(SELECTORS.notificationToasts).allInnerTexts();
  /** The target function's text on disk: its header line through the closing brace. */
  const functionText = (): string => {
    const lines = disk(TARGET).split("\n");
    const start = lines.findIndex((line) => line.startsWith(`export function ${OLD_NAME}`));
    const end = lines.findIndex((line, index) => index > start && line === "}");
    return lines.slice(start, end + 1).join("\n");
  };
  const callLine = (): string => disk(CALLER).split("\n").find((line) => line.includes(`${OLD_NAME}({`)) ?? assert.fail("the caller has no call line");

  /** Opens the target, puts the cursor inside the function and runs Refactor with the rename instruction. */
  async function refactorFromPalette(): Promise<void> {
    const { workbench, workspace } = session!;
    await workbench.runCommand("View: Close All Editor Groups");
    await workbench.openFile(TARGET);
    await workbench.goToLine(workspace.lineOf(TARGET, "const dLon"));
    await workbench.runCommand("Vibe Coder: Refactor…");
    await workbench.typeInQuickInput(INSTRUCTION);
    await workbench.page.keyboard.press("Enter");
  }

  it("a caller edit that does not locate ends with a message naming the file, and both files stay as they were", async function () {
    const targetBefore = disk(TARGET);
    const callerBefore = disk(CALLER);
    // The model misquotes the call (other coordinates), so the server cannot find the lines to replace.
    await model!.setScript({ fallback: { text: renameReply(functionText(), callLine().replace("48.85", "40.71")) } });
    await refactorFromPalette();
    const message = await waitFor(async () => (await notificationTexts()).find((t) => t.includes(CALLER)), "the refusal naming the caller", 120_000);
    await shot("1-caller-not-located");
    assert.match(message, /nothing was changed/);
    assert.match(message, /is not in the file as it is now/);
    const panels = await Promise.all(session!.workbench.page.frames().map((f) => f.locator(".monaco-diff-editor").count().catch(() => 0)));
    assert.equal(panels.reduce((a, b) => a + b, 0), 0, "no diff-apply panel opened");
    assert.equal(disk(TARGET), targetBefore);
    assert.equal(disk(CALLER), callerBefore);
    assert.equal(await session!.workbench.page.locator(`${SELECTORS.activeTab}.dirty`).count(), 0, "the target's buffer is unchanged");
  });

  it("lists both files in the diff-apply panel; Accept All, Apply and saving write exactly the proposed change to both", async function () {
    const { workbench } = session!;
    const targetBefore = disk(TARGET);
    const callerBefore = disk(CALLER);
    await model!.setScript({ fallback: { text: renameReply(functionText(), callLine()) } });
    await refactorFromPalette();
    const panel = await DiffApplyPanel.find(workbench.page);
    assert.deepEqual(await panel.filePaths(), [TARGET, CALLER]);
    await panel.waitForProposal((text) => text.includes(`export function ${NEW_NAME}`), "the renamed function");
    await shot("2-two-files-listed");
    await panel.click("Accept every change in every file");
    // One hunk in the target (the function's first line), two in the caller (its import and its call).
    await panel.click("Apply the 3 accepted changes");
    await waitFor(async () => ((await panel.frame.locator(".applied").count()) > 0 ? true : undefined), "the applied message");
    await shot("3-applied");
    // Both files say they were applied; neither is taken for "changed since the proposal" by its own result.
    await waitFor(async () => ((await panel.frame.locator(".file-list .applied").count()) === 2 ? true : undefined), "both files marked applied");
    assert.ok(!/changed since the proposal/.test(await panel.frame.locator("body").innerText()), "an applied file is not reported as changed since the proposal");
    // Existing files are edited in their buffers (one Undo takes the proposal back); saving each writes it.
    for (const path of [TARGET, CALLER]) {
      // Each edited file has a dirty tab; its own tab is clicked (closing a dirty editor would ask to save).
      await workbench.page.locator(".tabs-container .tab", { hasText: path.split("/").pop() }).first().click();
      await workbench.saveActiveEditor();
    }
    assert.equal(disk(TARGET), targetBefore.replace(`export function ${OLD_NAME}`, `export function ${NEW_NAME}`));
    assert.equal(disk(CALLER), callerBefore.replace(`import { ${OLD_NAME} }`, `import { ${NEW_NAME} }`).replace(`${OLD_NAME}({`, `${NEW_NAME}({`));
    assert.ok(!disk(CALLER).includes(OLD_NAME) && !disk(TARGET).includes(OLD_NAME));
  });
});
