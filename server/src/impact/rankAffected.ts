import type { AffectedFile, AffectedReason } from "../../../shared/protocol/impact";
import type { CoChangeIndex, CoChangePartner } from "./cochange";
import type { ImportGraph } from "./importGraph";
import type { TestPairing } from "./testPairing";

/** How much each signal adds to a candidate's score. Calibrated on the vuejs/core replay (bench/impact.ts). */
export interface RankWeights {
  /** Multiplies the smoothed, recency-weighted confidence P(candidate | target). */
  coChange: number;
  /** Pseudo-count added to the target's weighted commits, so 1-of-1 co-changes do not look certain. */
  coChangePrior: number;
  /** The candidate imports the target. */
  importsIt: number;
  /** The target imports the candidate. */
  importedByIt: number;
  /** The candidate is the target's test by name (or the target is the candidate's test). */
  testByName: number;
  /** The candidate is a test that imports the target. */
  testByImport: number;
  /** Importers two hops away. */
  transitiveImporter: number;
}

export const DEFAULT_RANK_WEIGHTS: RankWeights = {
  coChange: 1,
  coChangePrior: 0.5,
  importsIt: 0.12,
  importedByIt: 0.06,
  testByName: 0.35,
  testByImport: 0.05,
  transitiveImporter: 0.01,
};

export interface RankSignals {
  coChange?: CoChangeIndex;
  graph?: ImportGraph;
  pairing?: TestPairing;
  /** Time (seconds) recency is measured from. */
  now?: number;
  /** Candidates failing this are dropped (deleted files, files outside the workspace, non-code). */
  isCandidate?: (path: string) => boolean;
}

interface Candidate {
  score: number;
  reasons: AffectedReason[];
}

/** Smoothed recency-weighted confidence: how often the partner changed when the target did, recent commits first. */
export function coChangeStrength(partner: CoChangePartner, targetWeightedCommits: number, prior: number): number {
  return partner.weightedSupport / (targetWeightedCommits + prior);
}

export function coChangeReason(partner: CoChangePartner): AffectedReason {
  return {
    kind: "co-change",
    text: `co-changed ${partner.shared} of ${partner.queriedCommits} times`,
    shared: partner.shared,
    total: partner.queriedCommits,
    confidence: partner.confidence,
    degree: partner.degree,
    commits: partner.evidence,
  };
}

/** Ranks the files most likely to need a change when `target` changes, each with the reasons behind its score. */
export function rankAffected(target: string, signals: RankSignals, weights: RankWeights = DEFAULT_RANK_WEIGHTS, limit = 20): AffectedFile[] {
  const candidates = new Map<string, Candidate>();
  const add = (path: string, score: number, reason: AffectedReason): void => {
    if (path === target || (signals.isCandidate && !signals.isCandidate(path))) return;
    const entry = candidates.get(path) ?? { score: 0, reasons: [] };
    entry.score += score;
    entry.reasons.push(reason);
    candidates.set(path, entry);
  };

  if (signals.coChange) {
    const now = signals.now ?? signals.coChange.latestTime;
    const stats = signals.coChange.fileStats(target, now);
    for (const partner of signals.coChange.partners(target, now)) {
      const strength = coChangeStrength(partner, stats?.weightedCommits ?? 0, weights.coChangePrior);
      add(partner.path, weights.coChange * strength, coChangeReason(partner));
    }
  }
  if (signals.graph) {
    for (const edge of signals.graph.importersOf(target)) {
      add(edge.from, weights.importsIt, { kind: "imports-it", text: `imports it (line ${edge.line})`, line: edge.line, specifier: edge.specifier });
    }
    for (const edge of signals.graph.importsOf(target)) {
      add(edge.to, weights.importedByIt, { kind: "imported-by-it", text: `imported by it (line ${edge.line})`, line: edge.line, specifier: edge.specifier });
    }
    if (weights.transitiveImporter > 0) {
      for (const dependent of signals.graph.dependents(target, 2, 500)) {
        if (dependent.depth < 2) continue;
        add(dependent.path, weights.transitiveImporter, {
          kind: "transitive-importer",
          text: `imports it through ${dependent.via.to}`,
          depth: dependent.depth,
          via: dependent.via.to,
        });
      }
    }
  }
  if (signals.pairing) {
    for (const link of signals.pairing.testsOf(target)) {
      const weight = link.reason === "name" ? weights.testByName : weights.testByImport;
      add(link.test, weight, { kind: "test", text: link.reason === "name" ? "its test" : "a test that imports it", how: link.reason });
    }
    for (const link of signals.pairing.sourcesOf(target)) {
      if (link.reason !== "name") continue;
      add(link.source, weights.testByName, { kind: "test", text: "the source this test covers", how: "name" });
    }
  }
  return [...candidates.entries()]
    .map(([path, candidate]) => ({ path, score: candidate.score, relatedTo: target, reasons: candidate.reasons }))
    .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path))
    .slice(0, limit);
}
