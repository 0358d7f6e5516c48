import { strict as assert } from "node:assert";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "mocha";
import type { FrameLocator, Locator, Page } from "playwright-core";
import { REPO_ROOT, findVsix, startCodeServer, type CodeServer } from "./harness/codeServer";
import { SELECTORS } from "./harness/selectors";
import { Workbench } from "./harness/workbench";
import { OTHER, OTHER_COMMITS, USER, createImpactFixture, type ImpactFixture } from "./impactFixture";

const SETTINGS = { "vibeCoder.embeddings.provider": "none" };
const RESULTS_DIR = join(REPO_ROOT, "test-results");
const REPORT_TIMEOUT_MS = 180_000;

/** The report's document inside code-server's two webview iframes (the outer host frame, then the active content frame). */
function reportFrame(page: Page): FrameLocator {
  return page.frameLocator("iframe.webview.ready").last().frameLocator("iframe#active-frame");
}

/** Picks a colour theme with "Preferences: Color Theme", as a user does, and waits until the workbench wears it. */
async function setColorTheme(workbench: Workbench, theme: "Dark Modern" | "Light Modern"): Promise<void> {
  await workbench.runCommand("Preferences: Color Theme");
  await workbench.typeInQuickInput(theme);
  await workbench.acceptQuickPickRow(new RegExp(`^(Default )?${theme}\\b`));
  await workbench.page.locator(theme === "Dark Modern" ? ".monaco-workbench.vs-dark" : ".monaco-workbench.vs").waitFor({ timeout: 30_000 });
  // The webview receives the new --vscode-* variables a moment after the workbench repaints.
  await workbench.page.waitForTimeout(1_000);
}

/**
 * Screenshots of the report in the dark and the light theme (kept in test-results/ to look at): the top of the report,
 * and, when `lowerSection` is given, the report scrolled to that section.
 */
async function screenshotBothThemes(workbench: Workbench, name: string, lowerSection?: string): Promise<string[]> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const paths: string[] = [];
  const report = reportFrame(workbench.page);
  for (const [theme, suffix] of [["Dark Modern", "dark"], ["Light Modern", "light"]] as const) {
    await setColorTheme(workbench, theme);
    await report.locator("h1").first().scrollIntoViewIfNeeded();
    paths.push(join(RESULTS_DIR, `${name}-${suffix}.png`));
    await workbench.page.screenshot({ path: paths.at(-1) });
    if (lowerSection) {
      await report.locator(lowerSection).evaluate((element) => element.scrollIntoView({ block: "start" }));
      paths.push(join(RESULTS_DIR, `${name}-${suffix}-lower.png`));
      await workbench.page.screenshot({ path: paths.at(-1) });
    }
  }
  return paths;
}

/** Waits until the active editor tab's accessible label starts with `name` (VS Code appends ", preview", the group, ...). */
async function waitForActiveTab(page: Page, name: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const label = (await page.locator(SELECTORS.activeTab).first().getAttribute("aria-label").catch(() => null)) ?? "";
    if (label === name || label.startsWith(`${name},`)) return;
    if (Date.now() > deadline) throw new Error(`the active editor is ${JSON.stringify(label)}, not ${name}`);
    await page.waitForTimeout(250);
  }
}

/** Polls `check` until it holds; fails with `message` after timeoutMs (a UI update has no event the test can await). */
async function untilTrue(check: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Rests the mouse on `target` until `hover` shows. A single hover can be lost: CodeLenses arriving after the move shift
 * the line under the mouse, and Monaco only opens a hover on a mouse move, so the test moves away and back again.
 */
async function hoverUntilShown(page: Page, target: Locator, hover: Locator, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.mouse.move(0, 0);
    await target.hover();
    const shown = await hover.waitFor({ state: "visible", timeout: 5_000 }).then(() => true, () => false);
    if (shown) return;
    if (Date.now() > deadline) throw new Error(`no hover appeared over ${String(target)}`);
    await page.keyboard.press("Escape");
  }
}

async function texts(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((elements) => elements.map((element) => element.textContent ?? ""));
}

describe("e2e: Assess Impact and Catch Me Up in code-server", function () {
  let fixture: ImpactFixture | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;

  before(async function () {
    fixture = createImpactFixture();
    server = await startCodeServer({ vsixPath: findVsix(), workspaceDir: fixture.dir, settings: SETTINGS });
    workbench = await Workbench.open(server.workbenchUrl);
  });
  after(async function () {
    await workbench?.close().catch(() => undefined);
    await server?.stop();
    fixture?.cleanup();
  });
  afterEach(async function (this: Context) {
    if (this.currentTest?.state !== "failed" || !workbench || !server) return;
    const base = join(RESULTS_DIR, this.currentTest.fullTitle().replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 120));
    await workbench.screenshot(`${base}.png`).catch(() => undefined);
    server.collectLogs(base);
    process.stderr.write(`    failure artifacts: ${base}.png, ${base}/\n`);
  });

  it("risk CodeLenses show in the editor; Assess Impact on a function shows its dependents and the file it is usually changed with", async function () {
    const page = workbench!.page;
    await workbench!.openFile("src/pricing/discount.ts");
    const line = fixture!.lineOf("src/pricing/discount.ts", "const bounded");
    // The harness's Go to Line waits for the "Go to line N" row before Enter (pressing it sooner did nothing on CI).
    await workbench!.goToLine(line);
    // The risk CodeLens appears above the file and the exported function without any command (setting on by default).
    const lenses = page.locator(`${SELECTORS.activeEditorInput.replace(" textarea", "")} .codelens-decoration`);
    await lenses.filter({ hasText: /^File risk \d+/ }).first().waitFor({ timeout: REPORT_TIMEOUT_MS });
    await lenses.filter({ hasText: /^Risk \d+/ }).first().waitFor({ timeout: REPORT_TIMEOUT_MS });
    await workbench!.runCommand("Vibe Coder: Assess Impact");

    const report = reportFrame(page);
    await report.locator("h1", { hasText: "Impact: applyDiscount (discount.ts)" }).waitFor({ timeout: REPORT_TIMEOUT_MS });
    await report.locator(".section-affected").waitFor({ timeout: REPORT_TIMEOUT_MS });

    const score = Number(await report.locator("[data-testid=risk-score]").first().textContent());
    assert.ok(score >= 0 && score <= 100, `risk score ${score} is not in 0–100`);
    const factors = await report.locator("table.factors tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-factor")));
    for (const id of ["churn", "dependents", "coverage"]) assert.ok(factors.includes(id), `factor ${id} missing: ${factors.join(", ")}`);

    const affected = await report.locator("li.affected").evaluateAll((items) => items.map((item) => ({ path: item.getAttribute("data-path"), text: item.textContent ?? "" })));
    const paths = affected.map((item) => item.path);
    for (const dependent of ["src/cart/cart.ts", "src/checkout/checkout.ts"]) assert.ok(paths.includes(dependent), `dependent ${dependent} missing: ${paths.join(", ")}`);
    const taxRules = affected.find((item) => item.path === "src/pricing/taxRules.ts");
    assert.ok(taxRules, `co-changed src/pricing/taxRules.ts missing: ${paths.join(", ")}`);
    assert.match(taxRules.text, /co-changed \d+ of \d+/i);
    assert.match(affected.find((item) => item.path === "src/cart/cart.ts")!.text, /import|applyDiscount/);

    // A link in the report opens the file in the editor (the view posts a message; the host opens it).
    await report.locator('li.affected[data-path="src/cart/cart.ts"] a').first().click();
    await waitForActiveTab(page, "cart.ts");
  });

  it("the impact report is readable in the dark and the light theme", async function () {
    const shots = await screenshotBothThemes(workbench!, "impact-report", ".section-affected");
    process.stderr.write(`    screenshots: ${shots.join(", ")}\n`);
  });

  it("Catch Me Up lists the other author's commits, grouped by area, and links each group to its diff", async function () {
    const page = workbench!.page;
    await workbench!.runCommand("Vibe Coder: Catch Me Up");
    const report = reportFrame(page);
    await report.locator(".catch-up-report").waitFor({ timeout: REPORT_TIMEOUT_MS });

    const areas = await report.locator("vscode-collapsible.group").evaluateAll((groups) => groups.map((group) => group.getAttribute("data-area")));
    assert.deepEqual([...new Set(areas)].sort(), [...new Set(OTHER_COMMITS.map((commit) => commit.area))].sort(), "one group per area");
    const listed = await report.locator("li.commit").evaluateAll((items) => items.map((item) => item.getAttribute("data-hash")));
    assert.deepEqual([...listed].sort(), [...fixture!.otherHashes].sort(), "exactly Bob's commits are listed");
    for (const commit of OTHER_COMMITS) {
      const group = report.locator(`vscode-collapsible.group[data-area="${commit.area}"]`);
      assert.match((await texts(group.locator("li.commit .subject"))).join("\n"), new RegExp(commit.subject.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    }
    const meta = (await texts(report.locator("li.commit .commit-meta"))).join("\n");
    assert.match(meta, new RegExp(OTHER.name));
    assert.doesNotMatch(meta, new RegExp(USER.name));
    assert.match((await report.locator(".summary").textContent()) ?? "", /3 commits by 1 author/);

    const shots = await screenshotBothThemes(workbench!, "catch-up-report");
    process.stderr.write(`    screenshots: ${shots.join(", ")}\n`);

    // "Show the diff" opens the group's changes as a read-only diff document.
    await report.locator('vscode-collapsible.group[data-area="src"] .group-actions a').click();
    await waitForActiveTab(page, `src ${fixture!.otherHashes[1]!.slice(0, 8)}.diff`);
    const diffText = page.locator(`${SELECTORS.activeEditorInput.replace(" textarea", "")} .view-lines`).first();
    await diffText.filter({ hasText: /diff\s--git\sa\/src\/cart\/cart\.ts/ }).waitFor({ timeout: 30_000 });
  });

  it("Assess Impact of Working-Tree Changes hints at broken call sites and the file usually changed too", async function () {
    const page = workbench!.page;
    // Changing applyDiscount's signature without touching taxRules.ts, which changed with it in every commit so far.
    const file = join(fixture!.dir, "src/pricing/discount.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace("percent: number): number {", "percent: number, roundToCents = false): number {"));
    await workbench!.runCommand("Vibe Coder: Assess Impact of Working-Tree Changes");
    const report = reportFrame(page);
    await report.locator("h1", { hasText: "Impact: working-tree changes" }).waitFor({ timeout: REPORT_TIMEOUT_MS });
    await report.locator(".section-breaking").waitFor({ timeout: REPORT_TIMEOUT_MS });

    const hint = report.locator("li.breaking", { hasText: "applyDiscount" });
    assert.match((await hint.textContent()) ?? "", /signature changed/);
    const callSites = (await texts(hint.locator(".call-sites a"))).join("\n");
    for (const caller of ["src/cart/cart.ts", "src/checkout/checkout.ts"]) assert.match(callSites, new RegExp(caller.replace(/[.]/g, "\\.")));
    const warnings = await report.locator("li.also-change").evaluateAll((items) => items.map((item) => item.getAttribute("data-path")));
    assert.ok(warnings.includes("src/pricing/taxRules.ts"), `no "you usually also change" warning for taxRules.ts: ${warnings.join(", ")}`);

    const shots = await screenshotBothThemes(workbench!, "working-tree-report", ".section-breaking");
    process.stderr.write(`    screenshots: ${shots.join(", ")}\n`);
  });

  it("hovering a function's first line shows its risk with an Assess Impact link; turning vibeCoder.impact.codeLens off removes lenses and hover", async function () {
    const page = workbench!.page;
    // Back to one editor group (the reports of earlier tests sit beside the editor), as the harness expects.
    await workbench!.runCommand("View: Close All Editor Groups");
    await workbench!.openFile("src/pricing/discount.ts");
    const lenses = page.locator(`${SELECTORS.activeEditorInput.replace(" textarea", "")} .codelens-decoration`);
    await lenses.filter({ hasText: /^Risk \d+/ }).first().waitFor({ timeout: REPORT_TIMEOUT_MS });
    // The mouse rests on the function's name, where a developer looks.
    const name = page.locator(".view-lines .view-line", { hasText: "export function applyDiscount" }).locator("span", { hasText: /^applyDiscount$/ });
    const riskHover = page.locator(".monaco-hover .hover-contents", { hasText: /Risk \d+ \((low|medium|high)\) for applyDiscount/ });
    await hoverUntilShown(page, name.first(), riskHover.first(), 30_000);
    assert.equal(await riskHover.first().locator("a", { hasText: "Assess impact" }).count(), 1, "the hover offers Assess Impact");
    await page.keyboard.press("Escape");

    // The user turns the setting off in the Settings editor; it applies live, without a reload.
    const toggleSetting = async (): Promise<void> => {
      await workbench!.runCommand("Preferences: Open Settings (UI)");
      await page.locator(".settings-editor .settings-header .suggest-input-container").waitFor({ timeout: 30_000 });
      await page.keyboard.type("vibeCoder.impact.codeLens");
      const item = page.locator(".settings-editor .setting-item-bool", { hasText: "Impact: Code Lens" });
      const checkbox = item.locator(".setting-value-checkbox");
      await checkbox.waitFor({ timeout: 30_000 });
      const before = await checkbox.getAttribute("aria-checked");
      await checkbox.click();
      await untilTrue(async () => (await checkbox.getAttribute("aria-checked")) !== before, 10_000, "the Code Lens checkbox did not toggle");
      await workbench!.runCommand("View: Close Editor");
      await workbench!.waitForActiveEditor("discount.ts");
    };
    await toggleSetting();
    try {
      await untilTrue(async () => (await lenses.filter({ hasText: /Risk \d+/ }).count()) === 0, 30_000, "risk CodeLenses are still shown with the setting off");
      // TypeScript's own hover still appears (our provider answers at once, so it would be in the same widget): ours must not.
      const visibleHover = page.locator(".monaco-hover:visible .hover-contents");
      await hoverUntilShown(page, name.first(), visibleHover.filter({ hasText: "applyDiscount(price" }).first(), 60_000);
      assert.deepEqual(await texts(visibleHover.filter({ hasText: /Risk \d+ \(/ })), [], "the risk hover is gone too");
      await page.keyboard.press("Escape");
    } finally {
      await toggleSetting();
    }
    await lenses.filter({ hasText: /^File risk \d+/ }).first().waitFor({ timeout: 60_000 });
  });
});
