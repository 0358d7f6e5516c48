import { randomUUID } from "node:crypto";
import { promises as fs, unlinkSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/**
 * One writer per storage directory across processes (two VS Code windows on one folder, or the CLI next to VS Code).
 *
 * Why not `proper-lockfile`: it judges a lock stale only by the age of its mtime, so after a crash (kill -9, a
 * reloaded window) the next server would wait out the whole stale period in read-only mode; and its default
 * "compromised" handler throws from a timer, which would take the language server down. Here a lock whose owner
 * pid is dead on this host is taken over at once, and a heartbeat that stops (a hung process, another host, a
 * recycled pid) makes it stale after `staleAfterMs`. Creation is atomic: the content is written to a private file
 * that is then hard-linked into place, so nobody ever reads a half-written lock.
 */

export const WRITER_LOCK_FILE = "writer.lock";

export interface WriterLock {
  /** Absolute path of the lock file. */
  readonly path: string;
  /** False once released, or once another process took the lock over (after a missed heartbeat). */
  isHeld(): boolean;
  release(): Promise<void>;
}

export interface WriterLockOptions {
  /** A lock whose heartbeat is older than this is stale even when its pid looks alive. Default 30 s. */
  staleAfterMs?: number;
  /** How often the owner touches the lock file. Default 5 s. */
  heartbeatMs?: number;
  /** Called when the heartbeat finds the lock was taken over by another process. */
  onLost?: () => void;
}

interface LockContent {
  pid: number;
  hostname: string;
  token: string;
  acquiredAt: number;
}

/** Takes the writer lock of `storagePath`, or returns null when another live process holds it. */
export async function tryAcquireWriterLock(storagePath: string, options: WriterLockOptions = {}): Promise<WriterLock | null> {
  const staleAfterMs = options.staleAfterMs ?? 30_000;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  await fs.mkdir(storagePath, { recursive: true });
  const lockPath = join(storagePath, WRITER_LOCK_FILE);
  const content: LockContent = { pid: process.pid, hostname: hostname(), token: randomUUID(), acquiredAt: Date.now() };
  const draftPath = `${lockPath}.${content.token}.draft`;
  await fs.writeFile(draftPath, JSON.stringify(content));
  try {
    if (await linkExclusive(draftPath, lockPath)) return startHolding(lockPath, content.token, heartbeatMs, options.onLost);
    const current = await readLock(lockPath);
    if (!isStale(current, staleAfterMs)) return null;
    if (await takeOver(lockPath, draftPath, current, staleAfterMs)) return startHolding(lockPath, content.token, heartbeatMs, options.onLost);
    return null;
  } finally {
    await fs.rm(draftPath, { force: true });
  }
}

async function linkExclusive(from: string, to: string): Promise<boolean> {
  try {
    await fs.link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

interface ObservedLock {
  content: LockContent | null;
  mtimeMs: number;
}

async function readLock(lockPath: string): Promise<ObservedLock | null> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(lockPath, "utf8"), fs.stat(lockPath)]);
    return { content: parseLock(text), mtimeMs: stat.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function parseLock(text: string): LockContent | null {
  try {
    const value = JSON.parse(text) as Partial<LockContent>;
    if (typeof value.pid === "number" && typeof value.token === "string" && typeof value.hostname === "string") {
      return { pid: value.pid, token: value.token, hostname: value.hostname, acquiredAt: Number(value.acquiredAt) };
    }
  } catch {
    // Garbage in the lock file: treated as an unowned lock below.
  }
  return null;
}

function isStale(observed: ObservedLock | null, staleAfterMs: number): boolean {
  if (observed === null) return true; // Released between our attempt and the read.
  if (Date.now() - observed.mtimeMs > staleAfterMs) return true;
  const owner = observed.content;
  if (owner === null) return true;
  return owner.hostname === hostname() && !isProcessAlive(owner.pid);
}

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Replaces a stale lock. Two processes may judge the same lock stale at once; a takeover guard directory (mkdir is
 * atomic) lets only one of them replace it, and the winner re-checks that the lock is still the stale one it saw.
 */
async function takeOver(lockPath: string, draftPath: string, seen: ObservedLock | null, staleAfterMs: number): Promise<boolean> {
  const guard = `${lockPath}.takeover`;
  try {
    await fs.mkdir(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // A guard left by a process killed mid-takeover expires like a lock does.
    const stat = await fs.stat(guard).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs <= staleAfterMs) return false;
    await fs.rm(guard, { recursive: true, force: true });
    try {
      await fs.mkdir(guard);
    } catch {
      return false;
    }
  }
  try {
    const now = await readLock(lockPath);
    const sameAsSeen = now === null || seen === null || now.content?.token === seen.content?.token;
    if (!sameAsSeen || !isStale(now, staleAfterMs)) return false;
    await fs.rm(lockPath, { force: true });
    return await linkExclusive(draftPath, lockPath);
  } finally {
    await fs.rm(guard, { recursive: true, force: true });
  }
}

function startHolding(lockPath: string, token: string, heartbeatMs: number, onLost: (() => void) | undefined): WriterLock {
  let held = true;
  const ownsLockFile = (): boolean => {
    try {
      return parseLock(readFileSync(lockPath, "utf8"))?.token === token;
    } catch {
      return false;
    }
  };
  const releaseOnExit = (): void => {
    // Best effort on a normal exit; a crash is covered by the dead-pid check of the next process.
    if (held && ownsLockFile()) {
      try {
        unlinkSync(lockPath);
      } catch {
        // Nothing more can be done while the process exits.
      }
    }
  };
  process.once("exit", releaseOnExit);
  const timer = setInterval(() => {
    if (!held) return;
    if (!ownsLockFile()) {
      held = false;
      clearInterval(timer);
      onLost?.();
      return;
    }
    const now = new Date();
    void fs.utimes(lockPath, now, now).catch(() => undefined);
  }, heartbeatMs);
  timer.unref();
  return {
    path: lockPath,
    isHeld: () => held,
    release: async () => {
      if (!held) return;
      held = false;
      clearInterval(timer);
      process.removeListener("exit", releaseOnExit);
      if (ownsLockFile()) await fs.rm(lockPath, { force: true });
    },
  };
}
