import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import ignore, { type Ignore } from "ignore";
import type { SkipReason } from "../../../shared/protocol/indexing";
import { DEFAULT_EXCLUDE_PATTERNS, isBinaryFileName, isSecretFileName } from "./defaultExcludes";

export interface WorkspaceFilterOptions {
  /** Extra patterns in gitignore syntax, relative to the workspace root (`vibeCoder.index.exclude`). */
  exclude: string[];
  /** Files larger than this many bytes are skipped as "too-large". */
  maxFileSize: number;
  /** Respect `.gitignore` files (and `.git/info/exclude`). `.vibeignore` files are always respected. */
  useGitignore: boolean;
}

/** Names of the files whose change must be followed by `invalidate(<their directory>)`. */
export const IGNORE_FILE_NAMES: readonly string[] = [".gitignore", ".vibeignore"];

/** One set of gitignore rules and the directory its patterns are relative to ("" for the root). */
interface RuleLayer {
  base: string;
  rules: Ignore;
  reason: SkipReason;
}

/** Git on Linux compares names case-sensitively; on macOS and Windows it folds case like the file system. */
const IGNORE_CASE = process.platform === "darwin" || process.platform === "win32";

/**
 * Decides, for a workspace-relative path, whether the indexer skips it and why. Discovery and the file watcher both
 * ask this one object, so a saved or created file is judged exactly as the full scan judged it.
 *
 * Rules, as git applies them: each directory's `.gitignore` and `.vibeignore` apply to its own subtree, a deeper file
 * overrides a shallower one, and the last matching pattern wins, so `!pattern` re-includes. From lowest to highest
 * priority the layers are: built-in default excludes, `.git/info/exclude`, then per directory from the root down its
 * `.gitignore` and `.vibeignore`, and last the `exclude` setting. A path inside an excluded directory is excluded (git
 * never looks inside it). Secrets and binary extensions are fixed checks that no pattern re-includes.
 *
 * One imprecision, documented rather than hidden: when a layer excluded a directory that a higher layer re-included,
 * that layer's patterns are not applied below the directory (the `ignore` package cannot tell a pattern's own match
 * from its parent directory's).
 */
export class WorkspaceFilter {
  private readonly defaults: RuleLayer;
  private readonly settings: RuleLayer | undefined;
  private gitInfoExclude: RuleLayer | undefined | null = null;
  /** Layers defined by the ignore files of each directory, loaded on first use. */
  private readonly directoryLayers = new Map<string, RuleLayer[]>();
  /** Verdicts for directories already judged; cleared whenever rules change. */
  private readonly directoryVerdicts = new Map<string, SkipReason | null>();

  constructor(
    readonly root: string,
    readonly options: WorkspaceFilterOptions,
  ) {
    this.defaults = { base: "", rules: createRules(DEFAULT_EXCLUDE_PATTERNS), reason: "default-exclude" };
    const exclude = options.exclude.map((pattern) => pattern.trim()).filter((pattern) => pattern.length > 0);
    this.settings = exclude.length > 0 ? { base: "", rules: createRules(exclude), reason: "ignored" } : undefined;
  }

  /**
   * Why `relPath` (workspace-relative, "/" separators) is skipped, or null when it is indexed. Checks every
   * ancestor directory too, so it answers correctly for a single path reported by a file watcher.
   */
  classify(relPath: string, isDirectory: boolean): SkipReason | null {
    const parts = relPath.split("/").filter((part) => part.length > 0 && part !== ".");
    if (parts.length === 0) return null;
    let ancestor = "";
    for (let index = 0; index < parts.length - 1; index++) {
      ancestor = ancestor ? `${ancestor}/${parts[index]}` : parts[index];
      const verdict = this.classifyEntry(ancestor, true);
      if (verdict) return verdict;
    }
    return this.classifyEntry(parts.join("/"), isDirectory);
  }

  /**
   * Like `classify`, but assumes every ancestor directory has already been accepted; discovery calls this for each
   * entry of a directory it is walking, which keeps the cost per file constant.
   */
  classifyEntry(relPath: string, isDirectory: boolean): SkipReason | null {
    if (isDirectory) {
      const cached = this.directoryVerdicts.get(relPath);
      if (cached !== undefined) return cached;
    }
    const verdict = this.judge(relPath, isDirectory);
    if (isDirectory) this.directoryVerdicts.set(relPath, verdict);
    return verdict;
  }

  /** True when `size` bytes is over the configured cap. */
  exceedsSizeCap(size: number): boolean {
    return size > this.options.maxFileSize;
  }

  /** True when `relPath` is a `.gitignore` or `.vibeignore` file whose change calls for `invalidate`. */
  isIgnoreFile(relPath: string): boolean {
    return IGNORE_FILE_NAMES.includes(path.posix.basename(relPath));
  }

  /** Loads the ignore files of one directory without blocking; discovery calls it before judging its entries. */
  async loadDirectoryRules(dirRelPath: string): Promise<void> {
    if (this.directoryLayers.has(dirRelPath)) return;
    const names = this.ignoreFileNames();
    const contents = await Promise.all(
      names.map((name) => readFile(path.join(this.root, dirRelPath, name), "utf8").catch(() => undefined)),
    );
    if (!this.directoryLayers.has(dirRelPath)) this.directoryLayers.set(dirRelPath, buildLayers(dirRelPath, contents));
  }

  /** Forgets the rules of one directory (its `.gitignore` or `.vibeignore` changed) and every cached verdict. */
  invalidate(dirRelPath: string): void {
    this.directoryLayers.delete(dirRelPath === "." ? "" : dirRelPath);
    if (dirRelPath === "" || dirRelPath === ".") this.gitInfoExclude = null;
    this.directoryVerdicts.clear();
  }

  /** Forgets every loaded rule and verdict; the next question reads the ignore files again. */
  reload(): void {
    this.directoryLayers.clear();
    this.directoryVerdicts.clear();
    this.gitInfoExclude = null;
  }

  private judge(relPath: string, isDirectory: boolean): SkipReason | null {
    const baseName = path.posix.basename(relPath);
    if (!isDirectory && isSecretFileName(baseName)) return "secret";
    const verdict = this.layeredVerdict(relPath, isDirectory);
    if (verdict) return verdict;
    if (!isDirectory && isBinaryFileName(baseName)) return "binary";
    return null;
  }

  /** Runs every layer that applies to `relPath` in priority order; the last one with an opinion wins. */
  private layeredVerdict(relPath: string, isDirectory: boolean): SkipReason | null {
    let verdict: SkipReason | null = null;
    const apply = (layer: RuleLayer): void => {
      const outcome = testLayer(layer, relPath, isDirectory);
      if (outcome === "ignored") verdict = layer.reason;
      else if (outcome === "unignored") verdict = null;
    };
    apply(this.defaults);
    const infoExclude = this.loadGitInfoExclude();
    if (infoExclude) apply(infoExclude);
    const parts = relPath.split("/");
    let directory = "";
    for (let index = 0; index < parts.length; index++) {
      for (const layer of this.layersOf(directory)) apply(layer);
      if (index === parts.length - 1) break;
      directory = directory ? `${directory}/${parts[index]}` : parts[index];
    }
    if (this.settings) apply(this.settings);
    return verdict;
  }

  private layersOf(dirRelPath: string): RuleLayer[] {
    let layers = this.directoryLayers.get(dirRelPath);
    if (!layers) {
      // A watcher event can arrive for a directory discovery never loaded; a synchronous read of two tiny files is
      // cheaper than making every caller async.
      const contents = this.ignoreFileNames().map((name) => readTextSync(path.join(this.root, dirRelPath, name)));
      layers = buildLayers(dirRelPath, contents);
      this.directoryLayers.set(dirRelPath, layers);
    }
    return layers;
  }

  private loadGitInfoExclude(): RuleLayer | undefined {
    if (this.gitInfoExclude === null) {
      const text = this.options.useGitignore ? readTextSync(path.join(this.root, ".git", "info", "exclude")) : undefined;
      this.gitInfoExclude = text ? { base: "", rules: createRules(text), reason: "ignored" } : undefined;
    }
    return this.gitInfoExclude;
  }

  /** In priority order: a directory's `.vibeignore` overrides its `.gitignore`. */
  private ignoreFileNames(): string[] {
    return this.options.useGitignore ? [".gitignore", ".vibeignore"] : [".vibeignore"];
  }
}

function createRules(patterns: string | readonly string[]): Ignore {
  return ignore({ ignoreCase: IGNORE_CASE }).add(patterns);
}

function buildLayers(base: string, contents: (string | undefined)[]): RuleLayer[] {
  return contents
    .filter((text): text is string => text !== undefined && text.trim().length > 0)
    .map((text) => ({ base, rules: createRules(text), reason: "ignored" as const }));
}

function readTextSync(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * What one layer says about a path: "ignored", "unignored" (a `!pattern` matched) or "none". A match that only
 * comes from an ancestor directory this layer excludes is not the layer's opinion about this path: the caller
 * already accepted that ancestor, so a higher layer re-included it.
 */
function testLayer(layer: RuleLayer, relPath: string, isDirectory: boolean): "ignored" | "unignored" | "none" {
  if (layer.base && !relPath.startsWith(`${layer.base}/`)) return "none";
  const local = layer.base ? relPath.slice(layer.base.length + 1) : relPath;
  const result = layer.rules.test(isDirectory ? `${local}/` : local);
  if (result.unignored) return "unignored";
  if (!result.ignored) return "none";
  const parent = path.posix.dirname(local);
  if (parent !== "." && layer.rules.test(`${parent}/`).ignored) return "none";
  return "ignored";
}
