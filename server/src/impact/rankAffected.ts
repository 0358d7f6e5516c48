import type { AffectedFile, AffectedReason } from "../../../shared/protocol/impact";
import type { CoChangeIndex, CoChangePartner } from "./cochange";
import type { ImportGraph } from "./importGraph";
import type { TestPairing } from "./testPairing";

/** How much each signal adds to a candidate's score. Calibrated on the vuejs/core replay (bench/impact.ts). */
export interface RankWeights {
  /** Multiplies the smoothed, recency-weighted confidence P(candidate | target). */
  coChange: number;
  /** Shrinks confidence by shared / (shared + prior), so 1-of-1 co-changes do not look certain. */
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
  /** Co-change partners of the target's test (for a source) or of its source (for a test), scaled like co-change. */
  viaPairedFile: number;
  /** Bonus for a candidate (already linked by another signal) in the target's directory. */
  sameDirectory: number;
}

export const DEFAULT_RANK_WEIGHTS: RankWeights = {
  coChange: 1,
  coChangePrior: 0.5,
  importsIt: 0.12,
  importedByIt: 0.06,
  testByName: 0.35,
  testByImport: 0.05,
  transitiveImporter: 0.01,
  viaPairedFile: 0,
  sameDirectory: 0,
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

/**
 * Recency-weighted confidence shrunk toward zero for thin evidence: how often the partner changed when the target
 * did (recent commits counting more), times shared / (shared + prior). Unitless, so it does not fade with the age
 * of the whole history, only with the age of the commits relative to each other.
 */
export function coChangeStrength(partner: CoChangePartner, prior: number): number {
  return partner.weightedConfidence * (partner.shared / (partner.shared + prior));
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

  const coChange = signals.coChange;
  const now = signals.now ?? coChange?.latestTime;
  const coChangeOf = (file: string, weight: number, reason: (partner: CoChangePartner) => AffectedReason): void => {
    if (!coChange || weight === 0) return;
    for (const partner of coChange.partners(file, now)) {
      add(partner.path, weight * coChangeStrength(partner, weights.coChangePrior), reason(partner));
    }
  };
  coChangeOf(target, weights.coChange, coChangeReason);
  if (signals.pairing && weights.viaPairedFile > 0) {
    const paired = [
      ...signals.pairing.testsOf(target).filter((link) => link.reason === "name").map((link) => link.test),
      ...signals.pairing.sourcesOf(target).filter((link) => link.reason === "name").map((link) => link.source),
    ];
    for (const file of paired) {
      coChangeOf(file, weights.viaPairedFile, (partner) => ({ ...coChangeReason(partner), text: `co-changed with ${file} ${partner.shared} of ${partner.queriedCommits} times` }));
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
  if (weights.sameDirectory > 0) {
    const directory = target.slice(0, target.lastIndexOf("/") + 1);
    for (const [path, candidate] of candidates) {
      if (path.slice(0, path.lastIndexOf("/") + 1) === directory) candidate.score += weights.sameDirectory;
    }
  }
  return [...candidates.entries()]
    .map(([path, candidate]) => ({ path, score: candidate.score, relatedTo: target, reasons: candidate.reasons }))
    .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path))
    .slice(0, limit);
}
