import { join } from "node:path";
import type { Context } from "mocha";
import { REPO_ROOT, findVsix, startCodeServer, type CodeServer } from "./codeServer";
import { copyFixtureWorkspace, type FixtureWorkspace } from "./fixtureWorkspace";
import { Workbench } from "./workbench";

/** Absolute path of the random-weight fixture embedding model shared by the team (see its SOURCE.md). */
export const FIXTURE_MODEL_DIR = join(REPO_ROOT, "..", "shared", "models", "fixture", "minilm-random");

export interface E2eSession {
  readonly workspace: FixtureWorkspace;
  readonly codeServer: CodeServer;
  readonly workbench: Workbench;
  /** Milliseconds from the start of startSession until the workbench was on screen. */
  readonly startupMs: number;
}

/** The packaged extension in a fresh code-server profile, a temp copy of the fixture workspace, and a browser on it. */
export async function startSession(settings: Record<string, unknown>, fixture = "e2e-workspace"): Promise<E2eSession> {
  const started = Date.now();
  const workspace = copyFixtureWorkspace(fixture);
  let codeServer: CodeServer | undefined;
  try {
    codeServer = await startCodeServer({ vsixPath: findVsix(), workspaceDir: workspace.dir, settings });
    const workbench = await Workbench.open(codeServer.workbenchUrl);
    return { workspace, codeServer, workbench, startupMs: Date.now() - started };
  } catch (error) {
    await codeServer?.stop();
    workspace.cleanup();
    throw error;
  }
}

export async function stopSession(session: E2eSession | undefined): Promise<void> {
  if (!session) return;
  await session.workbench.close().catch(() => undefined);
  await session.codeServer.stop();
  session.workspace.cleanup();
}

function fileNameFor(title: string): string {
  return title.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 120);
}

/**
 * Registers an afterEach hook in the calling suite: when a test fails, saves a screenshot to
 * test-results/<test>.png and code-server's and VS Code's logs to test-results/<test>/.
 */
export function saveArtifactsOnFailure(getSession: () => E2eSession | undefined): void {
  afterEach(async function (this: Context) {
    const test = this.currentTest;
    const session = getSession();
    if (!test || test.state !== "failed" || !session) return;
    const base = join(REPO_ROOT, "test-results", fileNameFor(test.fullTitle()));
    try {
      await session.workbench.screenshot(`${base}.png`);
    } catch (error) {
      process.stderr.write(`could not take a screenshot: ${String(error)}\n`);
    }
    session.codeServer.collectLogs(base);
    process.stderr.write(`    failure artifacts: ${base}.png, ${base}/\n`);
  });
}
