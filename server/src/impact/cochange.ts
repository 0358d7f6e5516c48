import type { MinedCommit } from "../git/types";

export interface CoChangeOptions {
  /** Recency weighting: a commit this many days older than another counts half as much. Default 120. */
  halfLifeDays?: number;
  /** Commits touching more files are bulk edits (formatting, renames, releases) and say nothing about coupling. */
  maxFilesPerCommit?: number;
  /** Most recent commit hashes kept per pair as evidence. */
  evidenceLimit?: number;
  /** Which paths take part (e.g. code only, no lockfiles); all by default. */
  include?: (path: string) => boolean;
  /**
   * A shared commit of n files adds (1/(n-1))^exponent to a pair, so a 2-file commit says more about coupling than a
   * 25-file one. 0 (default) counts every commit alike.
   */
  commitSizeExponent?: number;
}

/** The settings the product uses, calibrated on the vuejs/core replay (bench/impact.ts). */
export const DEFAULT_COCHANGE_OPTIONS: CoChangeOptions = { halfLifeDays: 120, maxFilesPerCommit: 30, commitSizeExponent: 0 };

/** How strongly `path` changes together with the queried file, with the commits that show it. */
export interface CoChangePartner {
  path: string;
  /** Commits that changed both files. */
  shared: number;
  /** Commits that changed the queried file / the partner (after the bulk-commit filter). */
  queriedCommits: number;
  partnerCommits: number;
  /** P(partner changes | queried file changes) = shared / queriedCommits. */
  confidence: number;
  /** The same ratio with every commit weighted by recency. */
  weightedConfidence: number;
  /** Recency-weighted number of shared commits, in units of "one commit made now". */
  weightedSupport: number;
  /** code-maat's coupling degree: shared / average commits of the pair. */
  degree: number;
  /** Of the queried file's newest commits (up to RECENT_COMMITS), how many also changed the partner. */
  recentShared: number;
  /** How many newest commits that looked at (fewer when the file is young). */
  recentCommits: number;
  /** Author time of the newest shared commit (seconds). */
  lastShared: number;
  /** Newest shared commit hashes, newest first. */
  evidence: string[];
}

interface PairStats {
  shared: number;
  weighted: number;
  last: number;
  evidence: string[];
}

interface FileStats {
  commits: number;
  weighted: number;
  last: number;
  /** Hashes of the newest commits, oldest first, at most RECENT_COMMITS: "changed together lately". */
  recent: string[];
}

/**
 * How many of a file's newest commits "co-changed lately" looks at. Coupling drifts (a file splits, a test moves),
 * and on the vuejs/core calibration window the share of the last 10 commits ranked better than any longer decay.
 */
export const RECENT_COMMITS = 10;

const DAY = 86_400;
/** Rebase the stored weights before 2^exponent can overflow a double. */
const MAX_EXPONENT = 600;

/**
 * Change-coupling index built incrementally from commits given oldest first. Weights are stored as 2^((t - t0)/h)
 * so adding a commit never touches older entries; ratios (weighted confidence) do not depend on t0, and absolute
 * support is brought to "now" at query time. Renames move a file's stats to its new name, so coupling survives moves.
 */
export class CoChangeIndex {
  private readonly pairs = new Map<string, Map<string, PairStats>>();
  private readonly files = new Map<string, FileStats>();
  private readonly halfLife: number;
  private readonly maxFiles: number;
  private readonly evidenceLimit: number;
  private readonly include: (path: string) => boolean;
  private readonly sizeExponent: number;
  private origin: number | undefined;
  private latest = 0;
  private skippedBulk = 0;

  constructor(options: CoChangeOptions = {}) {
    this.halfLife = (options.halfLifeDays ?? 120) * DAY;
    this.maxFiles = options.maxFilesPerCommit ?? 30;
    this.evidenceLimit = Math.max(RECENT_COMMITS, options.evidenceLimit ?? 12);
    this.include = options.include ?? (() => true);
    this.sizeExponent = options.commitSizeExponent ?? 0;
  }

  /** Bulk commits ignored so far (shown in reports so the filter is not a silent surprise). */
  get ignoredBulkCommits(): number {
    return this.skippedBulk;
  }

  /** Newest commit time seen (seconds). */
  get latestTime(): number {
    return this.latest;
  }

  addCommit(commit: MinedCommit): void {
    for (const file of commit.files) {
      if (file.status === "R" && file.previousPath && file.previousPath !== file.path) this.rename(file.previousPath, file.path);
    }
    const paths = [...new Set(commit.files.filter((file) => this.include(file.path)).map((file) => file.path))];
    if (paths.length === 0) return;
    if (paths.length > this.maxFiles) {
      this.skippedBulk += 1;
      return;
    }
    const time = commit.authorTime;
    this.latest = Math.max(this.latest, time);
    const weight = this.weightOf(time);
    for (const path of paths) {
      const stats = this.files.get(path) ?? { commits: 0, weighted: 0, last: 0, recent: [] };
      stats.commits += 1;
      stats.weighted += weight;
      stats.last = Math.max(stats.last, time);
      stats.recent.push(commit.hash);
      if (stats.recent.length > RECENT_COMMITS) stats.recent.shift();
      this.files.set(path, stats);
    }
    const pairWeight = paths.length > 1 ? weight * (1 / (paths.length - 1)) ** this.sizeExponent : weight;
    for (let i = 0; i < paths.length; i += 1) {
      for (let j = i + 1; j < paths.length; j += 1) {
        this.bump(paths[i], paths[j], pairWeight, time, commit.hash);
        this.bump(paths[j], paths[i], pairWeight, time, commit.hash);
      }
    }
  }

  /** Commits (after the bulk filter) that touched `path`, raw and recency-weighted to `now`. */
  fileStats(path: string, now = this.latest): { commits: number; weightedCommits: number; last: number } | undefined {
    const stats = this.files.get(path);
    if (!stats) return undefined;
    return { commits: stats.commits, weightedCommits: stats.weighted * this.scaleTo(now), last: stats.last };
  }

  /** Files that changed together with `path`, strongest first by recency-weighted support. */
  partners(path: string, now = this.latest): CoChangePartner[] {
    const mine = this.files.get(path);
    const pairs = this.pairs.get(path);
    if (!mine || !pairs) return [];
    const scale = this.scaleTo(now);
    const result: CoChangePartner[] = [];
    const recent = new Set(mine.recent);
    for (const [other, pair] of pairs) {
      const theirs = this.files.get(other);
      const partnerCommits = theirs?.commits ?? pair.shared;
      // Evidence keeps the newest shared commits, at least RECENT_COMMITS of them, so this count is exact.
      let recentShared = 0;
      for (const hash of pair.evidence) if (recent.has(hash)) recentShared += 1;
      result.push({
        path: other,
        shared: pair.shared,
        queriedCommits: mine.commits,
        partnerCommits,
        confidence: pair.shared / mine.commits,
        weightedConfidence: mine.weighted > 0 ? pair.weighted / mine.weighted : 0,
        weightedSupport: pair.weighted * scale,
        degree: pair.shared / ((mine.commits + partnerCommits) / 2),
        recentShared,
        recentCommits: mine.recent.length,
        lastShared: pair.last,
        evidence: [...pair.evidence].reverse(),
      });
    }
    return result.sort((a, b) => b.weightedSupport - a.weightedSupport || b.shared - a.shared || a.path.localeCompare(b.path));
  }

  private bump(a: string, b: string, weight: number, time: number, hash: string): void {
    let row = this.pairs.get(a);
    if (!row) this.pairs.set(a, (row = new Map()));
    const pair = row.get(b) ?? { shared: 0, weighted: 0, last: 0, evidence: [] };
    pair.shared += 1;
    pair.weighted += weight;
    pair.last = Math.max(pair.last, time);
    pair.evidence.push(hash);
    if (pair.evidence.length > this.evidenceLimit) pair.evidence.shift();
    row.set(b, pair);
  }

  private weightOf(time: number): number {
    if (this.origin === undefined) this.origin = time;
    let exponent = (time - this.origin) / this.halfLife;
    if (exponent > MAX_EXPONENT) {
      this.rebase(time);
      exponent = 0;
    }
    return 2 ** exponent;
  }

  /** Factor that turns stored weights into weights relative to `now` (a commit made at `now` weighs 1). */
  private scaleTo(now: number): number {
    return this.origin === undefined ? 1 : 2 ** ((this.origin - now) / this.halfLife);
  }

  private rebase(newOrigin: number): void {
    const factor = 2 ** (((this.origin ?? newOrigin) - newOrigin) / this.halfLife);
    for (const stats of this.files.values()) stats.weighted *= factor;
    for (const row of this.pairs.values()) for (const pair of row.values()) pair.weighted *= factor;
    this.origin = newOrigin;
  }

  /** Moves everything known about `from` to `to` (merging if `to` already has history). */
  private rename(from: string, to: string): void {
    const stats = this.files.get(from);
    if (stats) {
      const existing = this.files.get(to);
      const merged = existing
        ? {
            commits: existing.commits + stats.commits,
            weighted: existing.weighted + stats.weighted,
            last: Math.max(existing.last, stats.last),
            recent: [...stats.recent, ...existing.recent].slice(-RECENT_COMMITS),
          }
        : stats;
      this.files.set(to, merged);
      this.files.delete(from);
    }
    const row = this.pairs.get(from);
    if (!row) return;
    this.pairs.delete(from);
    const target = this.pairs.get(to) ?? new Map<string, PairStats>();
    for (const [other, pair] of row) {
      const back = this.pairs.get(other);
      back?.delete(from);
      if (other === to) continue;
      const merged = mergePair(target.get(other), pair, this.evidenceLimit);
      target.set(other, merged);
      back?.set(to, { ...merged, evidence: [...merged.evidence] });
    }
    this.pairs.set(to, target);
  }
}

function mergePair(a: PairStats | undefined, b: PairStats, limit: number): PairStats {
  if (!a) return b;
  return { shared: a.shared + b.shared, weighted: a.weighted + b.weighted, last: Math.max(a.last, b.last), evidence: [...a.evidence, ...b.evidence].slice(-limit) };
}
