import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";

/** A git invocation that failed; `stderr` holds git's own explanation, trimmed. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = "GitError";
  }
}

export interface RunGitOptions {
  /** Output beyond this many bytes is an error rather than a silent truncation (default 32 MiB). */
  maxOutputBytes?: number;
  /** Exit codes other than 0 that are answers rather than failures (e.g. 1 for `merge-base --is-ancestor`). */
  okExitCodes?: number[];
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Written to git's stdin, which is then closed (for `--batch` and `--stdin` modes). */
  input?: string;
  /**
   * "latin1" keeps one character per byte, for output that counts bytes (`cat-file --batch`); the caller decodes the
   * pieces it cuts. Default "utf8".
   */
  encoding?: "utf8" | "latin1";
}

export interface GitResult {
  stdout: string;
  exitCode: number;
}

const DEFAULT_MAX_OUTPUT = 32 * 1024 * 1024;
const STDERR_KEEP = 4096;

/**
 * Git must never page, prompt for credentials, or localise its messages: the server parses its output and cannot
 * answer a prompt.
 */
function gitEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, ...extra, GIT_PAGER: "cat", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", GIT_OPTIONAL_LOCKS: "0" };
}

function describe(args: readonly string[]): string {
  return `git ${args.join(" ")}`.slice(0, 200);
}

/** Runs `git` in `cwd` without a shell and returns its whole stdout, bounded by `maxOutputBytes`. */
export function runGit(cwd: string, args: readonly string[], options: RunGitOptions = {}): Promise<GitResult> {
  const chunks: string[] = [];
  return streamGit(cwd, args, (text) => chunks.push(text), options).then((exitCode) => ({
    stdout: chunks.join(""),
    exitCode,
  }));
}

/**
 * Runs `git` in `cwd` and hands its stdout to `onText` piece by piece (decoded as UTF-8 across chunk boundaries), so
 * a 100k-commit log is parsed as it arrives instead of being held in one string. Resolves with the exit code.
 */
export function streamGit(
  cwd: string,
  args: readonly string[],
  onText: (text: string) => void,
  options: RunGitOptions = {},
): Promise<number> {
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const okCodes = new Set([0, ...(options.okExitCodes ?? [])]);
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      child.kill("SIGKILL");
      reject(error);
    };
    const child = spawn("git", [...args], {
      cwd,
      env: gitEnv(options.env),
      stdio: ["pipe", "pipe", "pipe"],
      signal: options.signal,
      windowsHide: true,
    });
    // git exits (and closes stdin) early on a bad request; the close handler reports that, not the write error.
    child.stdin.on("error", () => undefined);
    // Without input, stdin is closed at once: git never waits for a terminal.
    child.stdin.end(options.input ?? "");
    const decoder = new StringDecoder(options.encoding ?? "utf8");
    let stdoutBytes = 0;
    let stderr = "";
    child.stdout.on("data", (data: Buffer) => {
      if (settled) return;
      stdoutBytes += data.length;
      if (stdoutBytes > maxBytes) {
        fail(new GitError(`${describe(args)} produced more than ${maxBytes} bytes`, args, null, stderr));
        return;
      }
      try {
        onText(decoder.write(data));
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.stderr.on("data", (data: Buffer) => {
      if (stderr.length < STDERR_KEEP) stderr += data.toString("utf8").slice(0, STDERR_KEEP - stderr.length);
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      const message =
        error.code === "ENOENT" && error.path === "git"
          ? "git is not installed or not on PATH"
          : `${describe(args)} could not run: ${error.message}`;
      fail(new GitError(message, args, null, stderr));
    });
    child.on("close", (code) => {
      if (settled) return;
      try {
        const rest = decoder.end();
        if (rest) onText(rest);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      settled = true;
      if (code !== null && okCodes.has(code)) resolve(code);
      else reject(new GitError(`${describe(args)} failed (exit ${code}): ${stderr.trim()}`, args, code, stderr.trim()));
    });
  });
}
