import type { AffectedFile, AffectedReason } from "../../../shared/protocol/impact";
import type { AuthorActivity } from "./authorActivity";
import type { CoChangeIndex, CoChangePartner } from "./cochange";
import type { ImportGraph } from "./importGraph";
import { isTestFile, type TestPairing } from "./testPairing";

/** What the ranker knows about one candidate; every feature comes from a reason shown to the user. */
export interface CandidateFeatures {
  /** Recency-weighted confidence P(candidate | target) shrunk by shared / (shared + 0.5). */
  coChange: number;
  /** log(1 + shared commits). */
  sharedLog: number;
  /** shared / the candidate's own commits: how tied the candidate is to the target. */
  reverseConfidence: number;
  /** exp(-days since the last shared commit / 30). */
  sharedRecency: number;
  /** 1 when the candidate changed in the target's most recent commit. */
  inLastCommit: number;
  /** exp(-days since the candidate last changed / 30). */
  candidateRecency: number;
  importsIt: number;
  importedByIt: number;
  testByName: number;
  testByImport: number;
  transitiveImporter: number;
  /** Co-change strength with the target's paired test/source. */
  viaPairedFile: number;
  sameDirectory: number;
  /** 1 when exactly one of target and candidate is a test. */
  crossesTestBoundary: number;
  /** log(1 + the asking user's recency-weighted touches of the candidate, half-life 14 days). */
  userInvolvement: number;
}

export type RankWeights = Record<keyof CandidateFeatures, number>;

/**
 * Linear ranking weights fitted on the vuejs/core replay (`npm run bench:impact -- --fit --offset 1000`): a listwise
 * softmax model of "the candidate changed in the same commit", trained on the 1,000 qualifying commits before the
 * 1,000 that are reported, so the reported figures are out of sample. Every feature is ≥ 0 and comes with a reason.
 */
export const DEFAULT_RANK_WEIGHTS: RankWeights = {
  coChange: 1.401,
  sharedLog: 0.639,
  reverseConfidence: 0.866,
  sharedRecency: 0.595,
  inLastCommit: 0.119,
  candidateRecency: 0.634,
  importsIt: 0.339,
  importedByIt: 0.307,
  testByName: 1.345,
  testByImport: -0.03,
  transitiveImporter: 0.082,
  viaPairedFile: 0.344,
  sameDirectory: 0.162,
  crossesTestBoundary: 0.353,
  userInvolvement: 0.423,
};

export const FEATURE_NAMES = Object.keys(DEFAULT_RANK_WEIGHTS) as Array<keyof CandidateFeatures>;

export interface RankSignals {
  coChange?: CoChangeIndex;
  graph?: ImportGraph;
  pairing?: TestPairing;
  /** Time (seconds) recency is measured from. */
  now?: number;
  /** Candidates failing this are dropped (deleted files, files outside the workspace, non-code). */
  isCandidate?: (path: string) => boolean;
  /** Who is asking (git user.email) and what they recently touched. */
  userEmail?: string;
  authorActivity?: AuthorActivity;
}

interface Candidate {
  features: CandidateFeatures;
  reasons: AffectedReason[];
}

const DAY = 86_400;
const SHRINK_PRIOR = 0.5;

/** Recency-weighted confidence shrunk toward zero for thin evidence; unitless, so it does not fade with history age. */
export function coChangeStrength(partner: CoChangePartner, prior = SHRINK_PRIOR): number {
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

function emptyFeatures(): CandidateFeatures {
  const features = {} as CandidateFeatures;
  for (const name of FEATURE_NAMES) features[name] = 0;
  return features;
}

function directoryOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/") + 1);
}

/** Every candidate linked to `target` by history, imports or test pairing, with its features and reasons. */
export function collectCandidates(target: string, signals: RankSignals): Map<string, Candidate> {
  const candidates = new Map<string, Candidate>();
  const entry = (path: string): Candidate | undefined => {
    if (path === target || (signals.isCandidate && !signals.isCandidate(path))) return undefined;
    let candidate = candidates.get(path);
    if (!candidate) candidates.set(path, (candidate = { features: emptyFeatures(), reasons: [] }));
    return candidate;
  };
  const coChange = signals.coChange;
  const now = signals.now ?? coChange?.latestTime ?? Date.now() / 1000;
  const recency = (time: number): number => Math.exp(-Math.max(0, now - time) / (30 * DAY));
  if (coChange) {
    const targetLast = coChange.fileStats(target, now)?.last;
    for (const partner of coChange.partners(target, now)) {
      const candidate = entry(partner.path);
      if (!candidate) continue;
      candidate.features.coChange = coChangeStrength(partner);
      candidate.features.sharedLog = Math.log1p(partner.shared);
      candidate.features.reverseConfidence = partner.partnerCommits > 0 ? partner.shared / partner.partnerCommits : 0;
      candidate.features.sharedRecency = recency(partner.lastShared);
      candidate.features.inLastCommit = partner.lastShared === targetLast ? 1 : 0;
      candidate.reasons.push(coChangeReason(partner));
    }
  }
  if (signals.graph) {
    for (const edge of signals.graph.importersOf(target)) {
      const candidate = entry(edge.from);
      if (!candidate) continue;
      candidate.features.importsIt = 1;
      candidate.reasons.push({ kind: "imports-it", text: `imports it (line ${edge.line})`, line: edge.line, specifier: edge.specifier });
    }
    for (const edge of signals.graph.importsOf(target)) {
      const candidate = entry(edge.to);
      if (!candidate) continue;
      candidate.features.importedByIt = 1;
      candidate.reasons.push({ kind: "imported-by-it", text: `imported by it (line ${edge.line})`, line: edge.line, specifier: edge.specifier });
    }
    for (const dependent of signals.graph.dependents(target, 2, 500)) {
      if (dependent.depth < 2 || candidates.get(dependent.path)?.features.importsIt) continue;
      const candidate = entry(dependent.path);
      if (!candidate) continue;
      candidate.features.transitiveImporter = 1;
      candidate.reasons.push({ kind: "transitive-importer", text: `imports it through ${dependent.via.to}`, depth: dependent.depth, via: dependent.via.to });
    }
  }
  if (signals.pairing) {
    const paired: string[] = [];
    for (const link of signals.pairing.testsOf(target)) {
      const candidate = entry(link.test);
      if (link.reason === "name") paired.push(link.test);
      if (!candidate) continue;
      if (link.reason === "name") candidate.features.testByName = 1;
      else candidate.features.testByImport = 1;
      candidate.reasons.push({ kind: "test", text: link.reason === "name" ? "its test" : "a test that imports it", how: link.reason });
    }
    for (const link of signals.pairing.sourcesOf(target)) {
      if (link.reason !== "name") continue;
      paired.push(link.source);
      const candidate = entry(link.source);
      if (!candidate) continue;
      candidate.features.testByName = 1;
      candidate.reasons.push({ kind: "test", text: "the source this test covers", how: "name" });
    }
    for (const file of coChange ? paired : []) {
      for (const partner of coChange?.partners(file, now) ?? []) {
        const candidate = candidates.get(partner.path);
        if (!candidate || partner.path === target) continue;
        candidate.features.viaPairedFile = Math.max(candidate.features.viaPairedFile, coChangeStrength(partner));
      }
    }
  }
  const targetIsTest = isTestFile(target);
  const directory = directoryOf(target);
  for (const [path, candidate] of candidates) {
    candidate.features.sameDirectory = directoryOf(path) === directory ? 1 : 0;
    candidate.features.crossesTestBoundary = isTestFile(path) !== targetIsTest ? 1 : 0;
    const last = coChange?.fileStats(path, now)?.last;
    candidate.features.candidateRecency = last === undefined ? 0 : recency(last);
    candidate.features.userInvolvement = Math.log1p(signals.authorActivity?.involvement(signals.userEmail, path, now) ?? 0);
  }
  return candidates;
}

export function scoreFeatures(features: CandidateFeatures, weights: RankWeights): number {
  let score = 0;
  for (const name of FEATURE_NAMES) score += features[name] * weights[name];
  return score;
}

/** Ranks the files most likely to need a change when `target` changes, each with the reasons behind its score. */
export function rankAffected(target: string, signals: RankSignals, weights: RankWeights = DEFAULT_RANK_WEIGHTS, limit = 20): AffectedFile[] {
  return [...collectCandidates(target, signals).entries()]
    .map(([path, candidate]) => ({ path, score: scoreFeatures(candidate.features, weights), relatedTo: target, reasons: candidate.reasons }))
    .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path))
    .slice(0, limit);
}
