import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..", "..");

/** The settings every e2e run starts from: no trust dialog, no welcome page, no network, no editor auto-magic. */
export const BASE_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "git.openRepositoryInParentFolders": "never",
  "files.autoSave": "off",
  // Typed code must land in the file exactly as typed, so brackets, quotes and indentation are left alone.
  "editor.autoClosingBrackets": "never",
  "editor.autoClosingQuotes": "never",
  "editor.autoSurround": "never",
  "editor.autoIndent": "none",
  "editor.formatOnType": false,
  "editor.quickSuggestions": { other: false, comments: false, strings: false },
  "editor.suggestOnTriggerCharacters": false,
  "editor.acceptSuggestionOnEnter": "off",
  "editor.parameterHints.enabled": false,
  "editor.wordBasedSuggestions": "off",
};

export interface StartCodeServerOptions {
  /** The packaged extension to install. */
  vsixPath: string;
  /** The folder the workbench opens. */
  workspaceDir: string;
  /** User settings added on top of BASE_USER_SETTINGS (e.g. "vibeCoder.embeddings.provider": "none"). */
  settings?: Record<string, unknown>;
  /** Persistent profile folder; a fresh temp folder (removed by stop()) when left out. */
  profileDir?: string;
}

export interface CodeServer {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  /** The URL that opens the workspace folder in the workbench. */
  readonly workbenchUrl: string;
  readonly workspaceDir: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's own stdout/stderr. */
  readonly logFile: string;
  /** Copies code-server's log and VS Code's logs (extension host, output channels) into targetDir. */
  collectLogs(targetDir: string): void;
  /** Stops code-server and every process it started (extension host, language server); removes temp folders. */
  stop(): Promise<void>;
}

/** The code-server binary: $VIBE_CODE_SERVER, else what scripts/setup-code-server.sh installs (it is idempotent). */
export function findCodeServerBinary(): string {
  const fromEnv = process.env.VIBE_CODE_SERVER;
  if (fromEnv) return fromEnv;
  const setup = spawnSync("bash", [join(REPO_ROOT, "scripts", "setup-code-server.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const binary = setup.stdout.trim().split("\n").pop() ?? "";
  if (setup.status !== 0 || !existsSync(binary)) throw new Error(`scripts/setup-code-server.sh failed (exit ${setup.status}); cannot run e2e tests`);
  return binary;
}

/** The VSIX under test: $VIBE_VSIX, else dist/vibe-coder.vsix (made by `npm run package`). */
export function findVsix(): string {
  const vsix = resolve(process.env.VIBE_VSIX ?? join(REPO_ROOT, "dist", "vibe-coder.vsix"));
  if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first`);
  return vsix;
}

/** A TCP port that was free a moment ago. */
export function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * code-server's environment: without the variables of any VS Code this process may run inside, which would make
 * `code-server --install-extension` talk to that VS Code instead, and without PORT, which overrides --bind-addr.
 */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VSCODE_|CODE_SERVER_|ELECTRON_)/.test(key) || key === "PORT" || key === "PASSWORD" || key === "HASHED_PASSWORD") continue;
    env[key] = value;
  }
  return env;
}

/** Installs the VSIX into extensionsDir with code-server's own CLI (as a user would). */
export function installExtension(binary: string, vsixPath: string, extensionsDir: string, userDataDir: string, configFile: string): void {
  const result = spawnSync(
    binary,
    ["--config", configFile, "--user-data-dir", userDataDir, "--extensions-dir", extensionsDir, "--install-extension", vsixPath, "--force"],
    { encoding: "utf8", env: cleanEnvironment(), timeout: 300_000 },
  );
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${result.status}):\n${output.trim()}`);
  }
}

function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const userDir = join(userDataDir, "User");
  mkdirSync(userDir, { recursive: true });
  writeFileSync(join(userDir, "settings.json"), JSON.stringify({ ...BASE_USER_SETTINGS, ...settings }, null, 2));
}

async function waitForHttp(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before serving:\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs / 1000}s:\n${tail(logFile)}`);
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Process groups of the code-servers still running, so an interrupted test run does not leave them behind. */
const runningGroups = new Set<number>();
let exitHooksInstalled = false;

function killRunningGroupsNow(): void {
  for (const pid of runningGroups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  runningGroups.clear();
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.once("exit", killRunningGroupsNow);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killRunningGroupsNow();
      process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
    });
  }
}

/** Sends a signal to the whole process group that code-server leads (it was spawned detached). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs the VSIX into a fresh (or the given) profile and starts code-server on a free port, serving the workspace.
 * Resolves once code-server answers HTTP; the workbench itself loads when a browser opens `workbenchUrl`.
 */
export async function startCodeServer(options: StartCodeServerOptions): Promise<CodeServer> {
  const binary = findCodeServerBinary();
  const ownsProfile = options.profileDir === undefined;
  const root = options.profileDir ?? mkdtempSync(join(tmpdir(), "vibe-e2e-profile-"));
  const userDataDir = join(root, "user-data");
  const extensionsDir = join(root, "extensions");
  const configFile = join(root, "config.yaml");
  const logFile = join(root, "code-server.log");
  mkdirSync(extensionsDir, { recursive: true });
  // An explicit config file keeps code-server away from ~/.config/code-server (it writes a password there otherwise).
  writeFileSync(configFile, "auth: none\ncert: false\n");
  writeUserSettings(userDataDir, options.settings ?? {});
  installExtension(binary, options.vsixPath, extensionsDir, userDataDir, configFile);

  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFd = openSync(logFile, "a");
  const child = spawn(
    binary,
    [
      "--config", configFile,
      "--auth", "none",
      "--bind-addr", `127.0.0.1:${port}`,
      "--user-data-dir", userDataDir,
      "--extensions-dir", extensionsDir,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      "--ignore-last-opened",
      options.workspaceDir,
    ],
    { detached: true, stdio: ["ignore", logFd, logFd], env: cleanEnvironment() },
  );
  closeSync(logFd);
  if (child.pid !== undefined) runningGroups.add(child.pid);
  installExitHooks();
  const exited = new Promise<void>((r) => child.once("exit", () => r()));

  const stop = async (): Promise<void> => {
    if (child.pid !== undefined) {
      signalGroup(child, "SIGTERM");
      const deadline = Date.now() + 10_000;
      while (groupAlive(child.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      signalGroup(child, "SIGKILL");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
      runningGroups.delete(child.pid);
    }
    if (ownsProfile && !process.env.VIBE_E2E_KEEP) rmSync(root, { recursive: true, force: true });
  };

  try {
    await waitForHttp(`${baseUrl}/healthz`, child, logFile, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    port,
    baseUrl,
    workbenchUrl: `${baseUrl}/?folder=${encodeURIComponent(options.workspaceDir)}`,
    workspaceDir: options.workspaceDir,
    userDataDir,
    extensionsDir,
    logFile,
    collectLogs(targetDir: string): void {
      mkdirSync(targetDir, { recursive: true });
      if (existsSync(logFile)) cpSync(logFile, join(targetDir, "code-server.log"));
      const vscodeLogs = join(userDataDir, "logs");
      if (existsSync(vscodeLogs)) cpSync(vscodeLogs, join(targetDir, "vscode-logs"), { recursive: true });
    },
    stop,
  };
}
