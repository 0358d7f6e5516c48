import { join } from "node:path";
import type { HistoryCoverage } from "../../../shared/protocol/impact";
import type { HistoryCache } from "../git/historyCache";
import { HeadFingerprint } from "../git/headFingerprint";
import { loadHistory } from "../git/historyStore";
import { followRenames } from "../git/renames";
import type { MinedCommit, MinedHistory } from "../git/types";
import { currentUserEmail, gitBlobId, headBlobIds, listGitFiles } from "../git/workingTree";
import { LanceHistoryCache } from "../store/historyTable";
import { silentLogger, type Logger } from "../util/logger";
import { AuthorActivity } from "./authorActivity";
import { CoChangeIndex, DEFAULT_COCHANGE_OPTIONS, type CoChangeOptions } from "./cochange";
import { FileHistoryIndex } from "./fileHistory";
import type { IdentifierIndex } from "./identifierIndex";
import { ImportGraphBuilder, type ImportExtractor, type ImportGraph } from "./importGraph";
import { ImportRecordCache } from "./importRecordCache";
import { loadSourceParser, type SourceParser } from "./parsers";
import { DEFAULT_RANK_WEIGHTS, type RankWeights } from "./rankAffected";
import { DEFAULT_RISK_MODEL, type RiskModel } from "./risk";
import { TestPairing, readLcov, type LcovFile } from "./testPairing";
import { DEFAULT_WARNING_THRESHOLDS, type WarningThresholds } from "./warnings";
import { walkWorkspaceFiles } from "./workspaceFiles";

export interface ImpactWorkspaceOptions {
  /** Absolute path of the workspace folder. */
  root: string;
  /** Where mined history is cached (the extension's storage); no cache when omitted. */
  storageDir?: string;
  /** Or a cache of your own (e.g. backed by the store). */
  cache?: HistoryCache;
  /** Folders holding web-tree-sitter.wasm and the grammar .wasm files (dist/grammars/ in the bundle). */
  grammarDirs?: string[];
  /** A parser to share with the indexer; loaded from grammarDirs when omitted. */
  parser?: SourceParser;
  logger?: Logger;
  /** Workspace files (relative); default: git's tracked + untracked-not-ignored files, or a folder walk. */
  listFiles?: () => Promise<string[]>;
  coChange?: CoChangeOptions;
  rankWeights?: RankWeights;
  warningThresholds?: WarningThresholds;
  riskModel?: RiskModel;
  firstParent?: boolean;
  /** Cap on commits for a cold mine (default: everything). */
  maxCommits?: number;
  /**
   * Starts worker threads that parse files for the first graph build (the server passes a `ParsePool`); they are
   * disposed when the build ends. Without it the build parses on the calling thread.
   */
  openImportWorkers?: () => ImportWorkers;
}

/** Parsers on other threads, for as long as one build needs them. */
export interface ImportWorkers extends ImportExtractor {
  dispose(): Promise<void>;
}

/**
 * The long-lived impact state of one workspace folder: mined history (cached, updated incrementally as HEAD moves),
 * the co-change and per-file history indexes built from it, and the import graph. `refresh()` is cheap when nothing
 * moved; calls are serialised so concurrent requests never build twice.
 */
export class ImpactWorkspace {
  readonly logger: Logger;
  history: MinedHistory | undefined;
  coChange: CoChangeIndex;
  fileHistory = new FileHistoryIndex();
  authorActivity = new AuthorActivity();
  graph: ImportGraph | undefined;
  pairing: TestPairing | undefined;
  files = new Set<string>();
  lcov: Map<string, LcovFile> | undefined;
  userEmail: string | undefined;
  /** Sentences about what this workspace could not do (listing truncated, parser missing, ...). */
  readonly notes: string[] = [];
  private builder: ImportGraphBuilder | undefined;
  private parser: SourceParser | undefined;
  private readonly cache: HistoryCache | undefined;
  private queue: Promise<void> = Promise.resolve();
  private indexedHead: string | undefined;
  private headWatch: HeadFingerprint | undefined;
  /** The HEAD fingerprint read just before the last full refresh (undefined: always ask git). */
  private refreshedAt: string | undefined;
  private headBlobs: { head: string; ids: Promise<Map<string, string>> } | undefined;

  constructor(readonly options: ImpactWorkspaceOptions) {
    this.logger = options.logger ?? silentLogger;
    this.cache = options.cache ?? (options.storageDir ? new LanceHistoryCache(options.storageDir) : undefined);
    this.coChange = new CoChangeIndex(options.coChange ?? DEFAULT_COCHANGE_OPTIONS);
    this.parser = options.parser;
  }

  /**
   * The import graph as far as it is known: the finished graph, or while the first build runs the part read so far
   * (other features use it without waiting for the build; see `ImportGraphView`).
   */
  get importGraphSoFar(): ImportGraph | undefined {
    return this.graph ?? this.builder?.graph;
  }

  /** Identifiers per file, read together with the import graph (undefined until the first build starts). */
  get identifiers(): IdentifierIndex | undefined {
    return this.builder?.identifiers;
  }

  /** The parser the graph was built with, for callers that parse one more file (exports of a target). */
  get parserForReuse(): SourceParser | undefined {
    return this.parser;
  }

  get rankWeights(): RankWeights {
    return this.options.rankWeights ?? DEFAULT_RANK_WEIGHTS;
  }

  get warningThresholds(): WarningThresholds {
    return this.options.warningThresholds ?? DEFAULT_WARNING_THRESHOLDS;
  }

  get riskModel(): RiskModel {
    return this.options.riskModel ?? DEFAULT_RISK_MODEL;
  }

  /** Brings history, indexes and (on first use) the import graph up to date. */
  refresh(): Promise<void> {
    const next = this.queue.then(() => this.doRefresh());
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Re-reads one file for the import graph after it changed, was created or was deleted. */
  fileChanged(relativePath: string, exists: boolean): Promise<void> {
    const next = this.queue.then(async () => {
      if (exists) this.files.add(relativePath);
      else this.files.delete(relativePath);
      await this.builder?.refreshFile(relativePath);
      this.pairing = this.graph ? new TestPairing(this.files, this.graph) : this.pairing;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * True when `text` is exactly the file's content at HEAD, decided by hashing it like git does against the HEAD tree
   * listed once per HEAD, so an unchanged file costs no git process. False means "changed, or could not tell".
   */
  async matchesHead(relativePath: string, text: string): Promise<boolean> {
    const head = this.history?.head;
    if (!head) return false;
    if (this.headBlobs?.head !== head) this.headBlobs = { head, ids: headBlobIds(this.options.root) };
    const id = (await this.headBlobs.ids).get(relativePath);
    return id !== undefined && gitBlobId(text, id.length) === id;
  }

  coverage(): HistoryCoverage {
    const history = this.history;
    if (!history || history.state.kind !== "git") {
      const reason = history?.state.kind === "not-git" ? history.state.reason : "history not loaded";
      return { kind: "none", commits: 0, ignoredBulkCommits: 0, message: `No git history (${reason}): impact comes from the import graph alone.` };
    }
    const shallow = history.state.shallow;
    return {
      kind: history.partial ? "partial" : "full",
      commits: history.commits.length,
      head: history.head,
      ignoredBulkCommits: this.coChange.ignoredBulkCommits,
      message: history.partial
        ? shallow
          ? "This is a shallow clone: only part of the history is available, so co-change and churn figures are partial."
          : `History was capped at ${history.commits.length} commits.`
        : undefined,
    };
  }

  private async doRefresh(): Promise<void> {
    // Per request, HEAD usually has not moved: checking a few files git rewrites is far cheaper than spawning git.
    this.headWatch ??= await HeadFingerprint.open(this.options.root);
    const fingerprint = this.headWatch?.read();
    if (this.history && this.graph && fingerprint !== undefined && fingerprint === this.refreshedAt) return;
    const loaded = await loadHistory(this.options.root, {
      known: this.history,
      cache: this.cache,
      firstParent: this.options.firstParent,
      maxCommits: this.options.maxCommits,
      logger: this.logger,
    });
    const history = loaded.history;
    const canAppend = this.indexedHead !== undefined && loaded.source === "incremental" && history.commits[loaded.minedCommits]?.hash === this.indexedHead;
    if (history.head !== this.indexedHead || !this.history) {
      if (canAppend) this.addToIndexes(history.commits.slice(0, loaded.minedCommits));
      else this.rebuildIndexes(history.commits);
      this.indexedHead = history.head;
    }
    this.history = history;
    if (history.state.kind === "git" && this.userEmail === undefined) this.userEmail = await currentUserEmail(this.options.root);
    if (!this.graph) await this.buildGraph(history.state.kind === "git");
    // Read before this refresh began, so a HEAD move during it shows up next time.
    this.refreshedAt = fingerprint;
  }

  private rebuildIndexes(commitsNewestFirst: MinedCommit[]): void {
    this.coChange = new CoChangeIndex(this.options.coChange ?? DEFAULT_COCHANGE_OPTIONS);
    this.fileHistory = new FileHistoryIndex();
    this.authorActivity = new AuthorActivity();
    this.addToIndexes(commitsNewestFirst);
  }

  private addToIndexes(commitsNewestFirst: MinedCommit[]): void {
    for (let i = commitsNewestFirst.length - 1; i >= 0; i -= 1) {
      this.coChange.addCommit(commitsNewestFirst[i]);
      this.fileHistory.addCommit(commitsNewestFirst[i]);
      this.authorActivity.addCommit(commitsNewestFirst[i]);
    }
  }

  private async buildGraph(isGit: boolean): Promise<void> {
    let files: string[];
    if (this.options.listFiles) files = await this.options.listFiles();
    else files = isGit ? await listGitFiles(this.options.root) : [];
    // git lists nothing for a folder its repository ignores (a scratch or generated folder opened on its own); its
    // imports are still worth reading, so the folder is walked as if it were not a repository.
    if (files.length === 0 && !this.options.listFiles) {
      const walked = await walkWorkspaceFiles(this.options.root);
      if (walked.truncated) this.notes.push(`Only the first ${walked.files.length} files of this folder were read.`);
      if (isGit && walked.files.length > 0) this.notes.push("Git ignores this folder, so its files were read from disk for the import graph.");
      files = walked.files;
    }
    this.files = new Set(files);
    try {
      this.parser ??= await loadSourceParser(this.options.grammarDirs ?? []);
    } catch (error) {
      this.notes.push(`Imports could not be read (tree-sitter failed to load: ${String(error)}).`);
      this.logger.error(`Impact: tree-sitter failed to load: ${String(error)}`);
      return;
    }
    const started = Date.now();
    const recordCache = this.options.storageDir
      ? await ImportRecordCache.open(join(this.options.storageDir, "import-records.json"), (problem) => this.logger.warn(`Impact: ${problem}`))
      : undefined;
    const workers = this.options.openImportWorkers?.();
    this.builder = new ImportGraphBuilder({ root: this.options.root, files, parser: this.parser, logger: this.logger, recordCache, extractor: workers });
    try {
      this.graph = await this.builder.build();
    } finally {
      // Their grammars cost memory; later single-file updates are cheap enough for this thread.
      await workers?.dispose();
    }
    this.pairing = new TestPairing(this.files, this.graph);
    this.lcov = await readLcov(this.options.root);
    const reused = recordCache ? `, ${recordCache.stats.hits} files' imports reused, ${recordCache.stats.misses} parsed` : "";
    if (this.builder.workerFailures > 0) this.logger.warn(`Impact: ${this.builder.workerFailures} files were parsed on the main thread because a parse worker failed`);
    this.logger.info(`Impact: import graph of ${this.graph.fileCount} files, ${this.graph.edgeCount} edges in ${Date.now() - started} ms${reused}`);
    // Losing the cache only costs parsing time on the next start, so a full disk is logged, not raised.
    await recordCache?.save().catch((error: Error) => this.logger.warn(`Impact: could not save the import cache: ${error.message}`));
  }
}

/** Commits newest first with today's file names, for views that show a file's whole history. */
export function commitsWithCurrentNames(history: MinedHistory): MinedCommit[] {
  return followRenames(history.commits);
}
