import type { Dirent, Stats } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import * as path from "node:path";
import type { Logger } from "../util/logger";
import type { SkippedEntry } from "./types";
import type { WorkspaceFilter } from "./workspaceFilter";

/** A file discovery accepted; its content has not been read yet. */
export interface DiscoveredFile {
  /** Workspace-relative, "/" separators. */
  path: string;
  absPath: string;
  size: number;
  mtimeMs: number;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  skipped: SkippedEntry[];
}

/**
 * File-system calls in flight at once. Enough to hide latency on a network or virtualized disk; more only adds
 * contention with the other work of the language server (libuv has 4 threads by default).
 */
const MAX_CONCURRENT_FS_CALLS = 32;

/** Symbolic links nested deeper than this are treated as a loop even when no real path repeats. */
const MAX_SYMLINK_DEPTH = 40;

/**
 * Walks the workspace and returns the files to index plus every entry it left out, with its reason. An excluded
 * directory is one skipped entry (it is never opened). Symbolic links are followed when they stay inside the
 * workspace; a link back to one of its own ancestors is a "symlink-loop". Results are sorted by path so two runs
 * over the same tree agree.
 */
export async function discoverFiles(root: string, filter: WorkspaceFilter, logger: Logger): Promise<DiscoveryResult> {
  const walker = new Walker(root, filter, logger);
  await walker.run();
  walker.files.sort((a, b) => compareText(a.path, b.path));
  walker.skipped.sort((a, b) => compareText(a.path, b.path));
  return { files: walker.files, skipped: walker.skipped };
}

/** A directory being walked: where it is in the workspace and the real paths of the directories above it. */
interface DirectoryVisit {
  relPath: string;
  absPath: string;
  realPath: string;
  ancestors: ReadonlySet<string>;
  symlinkDepth: number;
}

class Walker {
  readonly files: DiscoveredFile[] = [];
  readonly skipped: SkippedEntry[] = [];
  private readonly limit = createLimiter(MAX_CONCURRENT_FS_CALLS);
  private rootReal = "";

  constructor(
    private readonly root: string,
    private readonly filter: WorkspaceFilter,
    private readonly logger: Logger,
  ) {}

  async run(): Promise<void> {
    this.rootReal = await realpath(this.root);
    await this.walk({ relPath: "", absPath: this.root, realPath: this.rootReal, ancestors: new Set(), symlinkDepth: 0 });
  }

  private async walk(visit: DirectoryVisit): Promise<void> {
    let entries: Dirent[];
    try {
      [entries] = await Promise.all([
        this.limit(() => readdir(visit.absPath, { withFileTypes: true })),
        this.filter.loadDirectoryRules(visit.relPath),
      ]);
    } catch (error) {
      this.skip(visit.relPath || ".", "unreadable", describeError(error));
      return;
    }
    const ancestors = new Set(visit.ancestors).add(visit.realPath);
    await Promise.all(entries.map((entry) => this.visitEntry(visit, ancestors, entry)));
  }

  private async visitEntry(parent: DirectoryVisit, ancestors: ReadonlySet<string>, entry: Dirent): Promise<void> {
    const relPath = parent.relPath ? `${parent.relPath}/${entry.name}` : entry.name;
    const absPath = path.join(parent.absPath, entry.name);
    if (entry.isSymbolicLink()) {
      await this.visitSymlink(parent, ancestors, relPath, absPath);
      return;
    }
    if (entry.isDirectory()) {
      const reason = this.filter.classifyEntry(relPath, true);
      if (reason) return this.skip(relPath, reason);
      const realPath = path.join(parent.realPath, entry.name);
      await this.walk({ relPath, absPath, realPath, ancestors, symlinkDepth: parent.symlinkDepth });
      return;
    }
    const reason = this.filter.classifyEntry(relPath, false);
    if (reason) return this.skip(relPath, reason);
    if (!entry.isFile()) return this.skip(relPath, "unreadable", "not a regular file");
    await this.acceptFile(relPath, absPath);
  }

  private async visitSymlink(
    parent: DirectoryVisit,
    ancestors: ReadonlySet<string>,
    relPath: string,
    absPath: string,
  ): Promise<void> {
    let target: Stats;
    let targetReal: string;
    try {
      [target, targetReal] = await this.limit(() => Promise.all([stat(absPath), realpath(absPath)]));
    } catch (error) {
      const code = errorCode(error);
      if (code === "ELOOP") return this.skip(relPath, "symlink-loop", "the link resolves to itself");
      if (code === "ENOENT") return this.skip(relPath, "unreadable", "broken symbolic link");
      return this.skip(relPath, "unreadable", describeError(error));
    }
    const isDirectory = target.isDirectory();
    const reason = this.filter.classifyEntry(relPath, isDirectory);
    if (reason) return this.skip(relPath, reason);
    if (!isInside(this.rootReal, targetReal)) return this.skip(relPath, "ignored", "outside the workspace");
    if (isDirectory) {
      if (ancestors.has(targetReal) || targetReal === this.rootReal) {
        return this.skip(relPath, "symlink-loop", "the link points to a folder that contains it");
      }
      if (parent.symlinkDepth >= MAX_SYMLINK_DEPTH) {
        return this.skip(relPath, "symlink-loop", `more than ${MAX_SYMLINK_DEPTH} nested symbolic links`);
      }
      const visit = { relPath, absPath, realPath: targetReal, ancestors, symlinkDepth: parent.symlinkDepth + 1 };
      await this.walk(visit);
      return;
    }
    if (!target.isFile()) return this.skip(relPath, "unreadable", "not a regular file");
    this.addFile(relPath, absPath, target);
  }

  private async acceptFile(relPath: string, absPath: string): Promise<void> {
    let stats: Stats;
    try {
      stats = await this.limit(() => stat(absPath));
    } catch (error) {
      // The file was deleted between listing and stat; the watcher will report it if it comes back.
      if (errorCode(error) === "ENOENT") return this.skip(relPath, "vanished");
      return this.skip(relPath, "unreadable", describeError(error));
    }
    this.addFile(relPath, absPath, stats);
  }

  private addFile(relPath: string, absPath: string, stats: Stats): void {
    if (this.filter.exceedsSizeCap(stats.size)) {
      return this.skip(relPath, "too-large", `${stats.size} bytes (limit ${this.filter.options.maxFileSize})`);
    }
    this.files.push({ path: relPath, absPath, size: stats.size, mtimeMs: stats.mtimeMs });
  }

  private skip(relPath: string, reason: SkippedEntry["reason"], detail?: string): void {
    if (reason === "unreadable" || reason === "symlink-loop") {
      this.logger.debug(`Skipped ${relPath}: ${reason}${detail ? ` (${detail})` : ""}`);
    }
    this.skipped.push(detail ? { path: relPath, reason, detail } : { path: relPath, reason });
  }
}

/** Runs at most `max` of the given async calls at a time, in call order. */
function createLimiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so a new caller can never squeeze in between.
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

function isInside(rootReal: string, candidate: string): boolean {
  const relative = path.relative(rootReal, candidate);
  return relative === "" || (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
