/**
 * The impact replay protocol of shared/bench/README.md: walk first-parent history oldest first; for each qualifying
 * commit (2–30 source files) and each source file q it modified, rank likely-affected files from history strictly
 * before the commit plus the import graph of the code at its parent, and score against the commit's other files.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { MinedCommit } from "../../server/src/git/types";
import { AuthorActivity } from "../../server/src/impact/authorActivity";
import { CoChangeIndex, type CoChangeOptions } from "../../server/src/impact/cochange";
import { ImportGraphBuilder } from "../../server/src/impact/importGraph";
import type { SourceParser } from "../../server/src/impact/parsers";
import { collectCandidates, rankAffected, type CandidateFeatures, type RankSignals, type RankWeights } from "../../server/src/impact/rankAffected";
import { TestPairing, isTestFile } from "../../server/src/impact/testPairing";
import { selectWarnings, type WarningThresholds } from "../../server/src/impact/warnings";
import { IMPACT_SCRATCH, blobsAt, isGraphConfigPath, isSourcePath, listTree, materialize, writeFiles } from "./impactRepo";
import { addQuery, emptyTotals, figures, type RankingFigures, type RankingTotals } from "./impactMetrics";

export interface RankVariant {
  weights: RankWeights;
  coChange: string;
}

export type PairKind = "all" | "source-source" | "test-source";

export interface ReplayOptions {
  repo: string;
  commitsOldestFirst: MinedCommit[];
  parser: SourceParser;
  window: number;
  /** Leave out the newest `offset` qualifying commits (to calibrate on an earlier window than the one reported). */
  offset: number;
  /** Ranking variants of the product; "product" is the one reported as ours. */
  variants: Record<string, RankVariant>;
  /** Co-change index settings by name; variants refer to one, and the history-only baseline uses "baseline". */
  coChangeConfigs: Record<string, CoChangeOptions>;
  warningThresholds: WarningThresholds[];
  /** Receives every query's candidates with their features and whether they changed in the commit (for --fit). */
  onCandidates?: (rows: Array<{ path: string; features: CandidateFeatures; label: boolean; kind: Exclude<PairKind, "all"> | undefined }>, expectedCount: number, query: string, commit: string) => void;
  /**
   * The product's history counts a bulk merge as the commits it brought: those commits (oldest first) by merge. They
   * enter the history in place of the merge's own diff when the merge lands, after its queries, so a merge's own
   * commits never answer for it. Absent, history is the first-parent line as it is (`--history first-parent`).
   */
  mergedCommits?: Map<string, MinedCommit[]>;
  log: (line: string) => void;
}

export interface WarningFigures extends WarningThresholds {
  warnings: number;
  correct: number;
  precision: number;
  /** Share of queries that raised at least one warning. */
  coverage: number;
}

export interface ReplayFigures {
  commits: number;
  queries: number;
  firstCommit: string;
  lastCommit: string;
  firstDate: string;
  lastDate: string;
  methods: Record<string, Record<PairKind, RankingFigures>>;
  warnings: WarningFigures[];
  graph: { files: number; edges: number; buildMs: number; updateMs: number };
  replayMs: number;
}

function sourcePaths(commit: MinedCommit): string[] {
  return [...new Set(commit.files.filter((file) => isSourcePath(file.path)).map((file) => file.path))];
}

export function qualifies(commit: MinedCommit): boolean {
  const count = sourcePaths(commit).length;
  return count >= 2 && count <= 30;
}

function pairKindOf(query: string, other: string): Exclude<PairKind, "all"> | undefined {
  const a = isTestFile(query);
  const b = isTestFile(other);
  if (!a && !b) return "source-source";
  if (a !== b) return "test-source";
  return undefined;
}

export async function runImpactReplay(options: ReplayOptions): Promise<ReplayFigures> {
  const commits = options.commitsOldestFirst;
  const qualifying = commits.map((commit, index) => (qualifies(commit) ? index : -1)).filter((index) => index >= 0);
  const end = qualifying.length - options.offset;
  const selected = new Set(qualifying.slice(Math.max(0, end - options.window), end));
  const start = Math.min(...selected);
  const stop = Math.max(...selected);
  const indexes = new Map<string, CoChangeIndex>();
  for (const [name, config] of Object.entries(options.coChangeConfigs)) indexes.set(name, new CoChangeIndex({ ...config, include: isSourcePath }));
  const coChange = indexes.get("baseline");
  if (!coChange) throw new Error("coChangeConfigs needs a 'baseline' entry");
  const authorActivity = new AuthorActivity();
  const addToHistory = (commit: MinedCommit): void => {
    for (const landed of options.mergedCommits?.get(commit.hash) ?? [commit]) {
      for (const index of indexes.values()) index.addCommit(landed);
      authorActivity.addCommit(landed);
    }
  };
  for (let i = 0; i < start; i += 1) addToHistory(commits[i]);

  const parentOfStart = commits[start].parents[0] ?? commits[start - 1].hash;
  const treeDir = join(IMPACT_SCRATCH, "replay-tree");
  const initial = listTree(options.repo, parentOfStart, (path) => isSourcePath(path) || isGraphConfigPath(path));
  materialize(options.repo, treeDir, initial);
  const alive = new Set([...initial.keys()].filter(isSourcePath));
  const buildStart = performance.now();
  const builder = new ImportGraphBuilder({ root: treeDir, files: [...initial.keys()], parser: options.parser });
  const graph = await builder.build();
  const buildMs = performance.now() - buildStart;
  options.log(`import graph at ${parentOfStart.slice(0, 9)}: ${graph.fileCount} files, ${graph.edgeCount} edges, ${buildMs.toFixed(0)} ms`);

  const methodNames = [...Object.keys(options.variants), "cochange-weighted", "cochange-count", "imports-one-hop"];
  const totals: Record<string, Record<PairKind, RankingTotals>> = {};
  for (const name of methodNames) totals[name] = { all: emptyTotals(), "source-source": emptyTotals(), "test-source": emptyTotals() };
  const warningTotals = options.warningThresholds.map((threshold) => ({ ...threshold, warnings: 0, correct: 0, queriesWithWarning: 0 }));
  let queries = 0;
  let updateMs = 0;
  const replayStart = performance.now();
  for (let i = start; i <= stop; i += 1) {
    const commit = commits[i];
    if (selected.has(i)) {
      const files = sourcePaths(commit);
      const pairing = new TestPairing(alive, graph);
      const isCandidate = (path: string): boolean => alive.has(path);
      for (const file of commit.files) {
        if (file.status !== "M" || !isSourcePath(file.path) || !alive.has(file.path)) continue;
        const query = file.path;
        queries += 1;
        const expected = files.filter((path) => path !== query);
        const rankings: Record<string, string[]> = {};
        // Everything the product ranks from, as of this commit's parent; only the co-change settings vary by variant.
        const signalsWith = (coChangeName: string): RankSignals => ({
          coChange: indexes.get(coChangeName),
          graph,
          pairing,
          now: commit.authorTime,
          isCandidate,
          userEmail: commit.authorEmail,
          authorActivity,
          identifiers: builder.identifiers,
        });
        if (options.onCandidates) {
          const candidates = collectCandidates(query, signalsWith(options.variants.product?.coChange ?? "baseline"));
          options.onCandidates(
            [...candidates].map(([path, candidate]) => ({ path, features: candidate.features, label: expected.includes(path), kind: pairKindOf(query, path) })),
            expected.length,
            query,
            commit.hash,
          );
        }
        for (const [name, variant] of Object.entries(options.variants)) {
          rankings[name] = rankAffected(query, signalsWith(variant.coChange), variant.weights, 50).map((a) => a.path);
        }
        const partners = coChange.partners(query, commit.authorTime).filter((partner) => isCandidate(partner.path));
        rankings["cochange-weighted"] = partners.map((partner) => partner.path);
        rankings["cochange-count"] = [...partners].sort((a, b) => b.shared - a.shared || b.lastShared - a.lastShared).map((p) => p.path);
        const hop = [...graph.importersOf(query).map((edge) => edge.from), ...graph.importsOf(query).map((edge) => edge.to)];
        rankings["imports-one-hop"] = [...new Set(hop)].filter(isCandidate);
        for (const name of methodNames) {
          const ranked = rankings[name];
          addQuery(totals[name].all, ranked, new Set(expected));
          for (const kind of ["source-source", "test-source"] as const) {
            const expectedOfKind = new Set(expected.filter((path) => pairKindOf(query, path) === kind));
            if (expectedOfKind.size === 0) continue;
            addQuery(totals[name][kind], ranked.filter((path) => pairKindOf(query, path) === kind), expectedOfKind);
          }
        }
        for (const warning of warningTotals) {
          const raised = selectWarnings([query], coChange, warning, commit.authorTime).filter((w) => isCandidate(w.path));
          warning.warnings += raised.length;
          warning.correct += raised.filter((w) => expected.includes(w.path)).length;
          if (raised.length > 0) warning.queriesWithWarning += 1;
        }
      }
    }
    addToHistory(commit);
    const updateStart = performance.now();
    await applyCommitToTree(options.repo, treeDir, commit, builder, alive);
    updateMs += performance.now() - updateStart;
  }
  const methods: ReplayFigures["methods"] = {};
  for (const name of methodNames) {
    methods[name] = {
      all: figures(totals[name].all),
      "source-source": figures(totals[name]["source-source"]),
      "test-source": figures(totals[name]["test-source"]),
    };
  }
  const selectedCommits = [...selected].map((index) => commits[index]);
  return {
    commits: selected.size,
    queries,
    firstCommit: selectedCommits[0].hash,
    lastCommit: selectedCommits[selectedCommits.length - 1].hash,
    firstDate: new Date(selectedCommits[0].authorTime * 1000).toISOString().slice(0, 10),
    lastDate: new Date(selectedCommits[selectedCommits.length - 1].authorTime * 1000).toISOString().slice(0, 10),
    methods,
    warnings: warningTotals.map((warning) => ({
      minConfidence: warning.minConfidence,
      minShared: warning.minShared,
      minReverseConfidence: warning.minReverseConfidence,
      maxDaysSinceShared: warning.maxDaysSinceShared,
      warnings: warning.warnings,
      correct: warning.correct,
      precision: warning.warnings ? warning.correct / warning.warnings : 0,
      coverage: queries ? warning.queriesWithWarning / queries : 0,
    })),
    graph: { files: graph.fileCount, edges: graph.edgeCount, buildMs, updateMs },
    replayMs: performance.now() - replayStart,
  };
}

/** Moves the scratch tree and the import graph from a commit's parent to the commit itself. */
async function applyCommitToTree(repo: string, treeDir: string, commit: MinedCommit, builder: ImportGraphBuilder, alive: Set<string>): Promise<void> {
  const touched = new Set<string>();
  for (const file of commit.files) {
    touched.add(file.path);
    if (file.previousPath) touched.add(file.previousPath);
  }
  const relevant = [...touched].filter((path) => isSourcePath(path) || isGraphConfigPath(path));
  if (relevant.length === 0) return;
  const after = blobsAt(repo, commit.hash, relevant);
  writeFiles(repo, treeDir, after);
  for (const path of relevant) {
    if (!after.has(path)) rmSync(join(treeDir, path), { force: true });
    if (isSourcePath(path)) {
      if (after.has(path)) alive.add(path);
      else alive.delete(path);
    }
    await builder.refreshFile(path);
  }
}
