import type { AffectedFile, AffectedReason } from "../../../shared/protocol/impact";
import type { AuthorActivity } from "./authorActivity";
import type { CoChangeIndex, CoChangePartner } from "./cochange";
import type { IdentifierIndex, IdentifierOverlap } from "./identifierIndex";
import type { ImportGraph } from "./importGraph";
import { nameSimilarity } from "./nameSimilarity";
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
  /** 1 when the candidate imports, or is imported by, the target's paired test/source (linkThroughPairedImports). */
  pairedImportLink: number;
  sameDirectory: number;
  /** 1 when exactly one of target and candidate is a test. */
  crossesTestBoundary: number;
  /** log(1 + the asking user's recency-weighted touches of the candidate, half-life 14 days). */
  userInvolvement: number;
  /** Word overlap of the two file names (0–1), e.g. compileScript.ts ↔ compileScriptPropsTransform.spec.ts. */
  nameSimilarity: number;
  /** 1 when the asking user's newest commit changed the candidate. */
  inUsersLastCommit: number;
  /** Share of the target's last RECENT_COMMITS commits that also changed the candidate. */
  recentShared: number;
  /** sqrt of the share of the target's identifier weight (IDF) the candidate also uses (identifierIndex.ts). */
  sharedIdentifiers: number;
}

export type RankWeights = Record<keyof CandidateFeatures, number>;

/**
 * Linear ranking weights fitted on the vuejs/core replay (`npm run bench:impact -- --only replay --fit --offset 1000`):
 * a listwise softmax model of "the candidate changed in the same commit", trained on the 1,000 qualifying commits
 * before the 1,000 that are reported, so the reported figures are out of sample. Which features to keep was decided on
 * that window too (forward selection on its older 60 %, checked on its newer 40 %). Every feature comes with a reason;
 * the one negative weight (a test that only imports the target, and shares no name) lowers such tests a little below
 * what their import and co-change would give them. Shared rare identifiers carry the largest weight per unit; adding
 * them moved weight away from raw co-change strength, which they partly duplicate. The newest feature, a link through
 * the paired file's imports, took some weight from co-change through the paired file. Last refitted when history
 * began counting a bulk merge as the commits it brought (`mineHistory`); the weights moved by at most 0.05.
 */
export const DEFAULT_RANK_WEIGHTS: RankWeights = {
  coChange: 0.181,
  sharedLog: 0.386,
  reverseConfidence: 0.942,
  sharedRecency: 0.653,
  inLastCommit: 0.125,
  candidateRecency: 0.497,
  importsIt: 0.188,
  importedByIt: 0.232,
  testByName: 0.169,
  testByImport: -0.085,
  transitiveImporter: 0.03,
  viaPairedFile: 0.309,
  pairedImportLink: 0.319,
  sameDirectory: 0.092,
  crossesTestBoundary: 0.429,
  userInvolvement: 0.278,
  nameSimilarity: 1.378,
  inUsersLastCommit: 0.589,
  recentShared: 0.677,
  sharedIdentifiers: 3.272,
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
  /** Identifiers per file, read with the import graph: "uses the same rare names". */
  identifiers?: IdentifierIndex;
}

interface Candidate {
  features: CandidateFeatures;
  reasons: AffectedReason[];
}

const DAY = 86_400;
const SHRINK_PRIOR = 0.5;
/** candidateRecency decays with a 30-day scale; past about two of those it adds too little to be worth a reason. */
const RECENT_CHANGE_DAYS = 60;
/**
 * Below this many files, rarity means nothing (in an 8-file project `Math` and `string` look rare), so shared names
 * are neither scored nor shown.
 */
const MIN_FILES_FOR_SHARED_NAMES = 30;
/** Files a workspace needs before shared-name evidence counts half (see corpusReliability). */
const IDF_CORPUS_PRIOR = 20;
/** How many files found only through shared rare names join the candidates, and the least share they need. */
const VOCABULARY_CANDIDATES = 5;
const MIN_VOCABULARY_SHARE = 0.15;

/** Recency-weighted confidence shrunk toward zero for thin evidence; unitless, so it does not fade with history age. */
export function coChangeStrength(partner: CoChangePartner, prior = SHRINK_PRIOR): number {
  return partner.weightedConfidence * (partner.shared / (partner.shared + prior));
}

/** A commit time as a calendar date (UTC): exact, and true whatever "now" the report is read at. */
function dateOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** "co-changed 7 of 9 times (3 of its last 10 commits, last together 2024-05-02)": the parts the ranker uses. */
export function coChangeReason(partner: CoChangePartner): AffectedReason {
  const details: string[] = [];
  if (partner.recentShared > 0 && partner.recentCommits < partner.queriedCommits) details.push(`${partner.recentShared} of its last ${partner.recentCommits} commits`);
  if (partner.lastShared > 0) details.push(`last together ${dateOf(partner.lastShared)}`);
  return {
    kind: "co-change",
    text: `co-changed ${partner.shared} of ${partner.queriedCommits} times${details.length > 0 ? ` (${details.join(", ")})` : ""}`,
    shared: partner.shared,
    total: partner.queriedCommits,
    confidence: partner.confidence,
    degree: partner.degree,
    commits: partner.evidence,
    recentShared: partner.recentShared,
    recentCommits: partner.recentCommits,
    lastShared: partner.lastShared,
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
      candidate.features.recentShared = partner.recentCommits > 0 ? partner.recentShared / partner.recentCommits : 0;
      candidate.reasons.push(coChangeReason(partner));
    }
  }
  if (signals.graph) {
    for (const edge of signals.graph.importersOf(target)) {
      const candidate = entry(edge.from);
      if (!candidate) continue;
      candidate.features.importsIt = 1;
      addImportReason(candidate.reasons, "imports-it", edge);
    }
    for (const edge of signals.graph.importsOf(target)) {
      const candidate = entry(edge.to);
      if (!candidate) continue;
      candidate.features.importedByIt = 1;
      addImportReason(candidate.reasons, "imported-by-it", edge);
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
    const paired: PairedFile[] = [];
    for (const link of signals.pairing.testsOf(target)) {
      const candidate = entry(link.test);
      if (link.reason === "name") paired.push({ file: link.test, role: "its test" });
      if (!candidate) continue;
      if (link.reason === "name") candidate.features.testByName = 1;
      else candidate.features.testByImport = 1;
      candidate.reasons.push({ kind: "test", text: link.reason === "name" ? "its test" : "a test that imports it", how: link.reason });
    }
    for (const link of signals.pairing.sourcesOf(target)) {
      if (link.reason !== "name") continue;
      paired.push({ file: link.source, role: "the source this test covers" });
      const candidate = entry(link.source);
      if (!candidate) continue;
      candidate.features.testByName = 1;
      candidate.reasons.push({ kind: "test", text: "the source this test covers", how: "name" });
    }
    if (signals.graph) linkThroughPairedImports(paired, signals.graph, entry);
    const via = new Map<Candidate, { file: string; partner: CoChangePartner }>();
    for (const { file } of coChange ? paired : []) {
      for (const partner of coChange?.partners(file, now) ?? []) {
        const candidate = candidates.get(partner.path);
        if (!candidate || partner.path === target) continue;
        const strength = coChangeStrength(partner);
        if (strength <= candidate.features.viaPairedFile) continue;
        candidate.features.viaPairedFile = strength;
        via.set(candidate, { file, partner });
      }
    }
    for (const [candidate, link] of via) {
      const { shared, queriedCommits: total } = link.partner;
      candidate.reasons.push({ kind: "co-change-via", text: `changed with ${link.file} in ${shared} of its ${total} commits`, via: link.file, shared, total, commits: link.partner.evidence });
    }
  }
  const targetIsTest = isTestFile(target);
  const directory = directoryOf(target);
  const identifierFiles = signals.identifiers?.fileCount ?? 0;
  const overlapWith = identifierFiles >= MIN_FILES_FOR_SHARED_NAMES ? signals.identifiers?.overlapWith(target) : undefined;
  if (overlapWith) {
    // Files no history, import or test link reaches, that use much of the same rare vocabulary (a file too new to
    // have history, a folder without git): candidates of their own, scored by the same features below.
    for (const similar of signals.identifiers?.similarFiles(target, VOCABULARY_CANDIDATES, MIN_VOCABULARY_SHARE) ?? []) entry(similar.path);
  }
  const reliability = corpusReliability(identifierFiles);
  for (const [path, candidate] of candidates) {
    const features = candidate.features;
    features.sameDirectory = directoryOf(path) === directory ? 1 : 0;
    features.crossesTestBoundary = isTestFile(path) !== targetIsTest ? 1 : 0;
    const names = nameSimilarity(target, path);
    features.nameSimilarity = names.score;
    const last = coChange?.fileStats(path, now)?.last;
    features.candidateRecency = last === undefined ? 0 : recency(last);
    features.userInvolvement = Math.log1p(signals.authorActivity?.involvement(signals.userEmail, path, now) ?? 0);
    features.inUsersLastCommit = signals.authorActivity?.inLastCommitOf(signals.userEmail, path) ? 1 : 0;
    const yours = features.userInvolvement > 0 ? signals.authorActivity?.lastTouch(signals.userEmail, path) : undefined;
    candidate.reasons.push(...contextReasons(features, names.sharedWords, last, yours, now));
    const overlap = overlapWith?.(path);
    if (overlap && overlap.examples.length > 0) {
      features.sharedIdentifiers = Math.sqrt(overlap.share) * reliability;
      candidate.reasons.push(sharedNamesReason(overlap));
    }
  }
  return candidates;
}

/** The target's test (found by name) or the source a test target covers. */
interface PairedFile {
  file: string;
  role: "its test" | "the source this test covers";
}

type ImportReason = Extract<AffectedReason, { kind: "imports-it" | "imported-by-it" }>;

/**
 * One reason per file pair and direction: a file that imports the target twice (an `import` and an `export … from`)
 * reads "imports it (lines 10, 33)" rather than two reasons. `line` and `specifier` stay those of the first import.
 */
function addImportReason(reasons: AffectedReason[], kind: ImportReason["kind"], edge: { line: number; specifier: string }): void {
  const verb = kind === "imports-it" ? "imports it" : "imported by it";
  const existing = reasons.find((reason): reason is ImportReason => reason.kind === kind);
  if (!existing) {
    reasons.push({ kind, text: `${verb} (line ${edge.line})`, line: edge.line, lines: [edge.line], specifier: edge.specifier });
    return;
  }
  if (existing.lines.includes(edge.line)) return;
  existing.lines = [...existing.lines, edge.line].sort((a, b) => a - b);
  existing.text = `${verb} (lines ${existing.lines.join(", ")})`;
}

/**
 * Files one import away from the target's paired file: what the source under test imports (reactive.spec.ts →
 * reactive.ts → baseHandlers.ts) or what imports it. A fix found by a test often lands there.
 */
function linkThroughPairedImports(paired: PairedFile[], graph: ImportGraph, entry: (path: string) => Candidate | undefined): void {
  for (const { file, role } of paired) {
    const links = [
      ...graph.importsOf(file).map((edge) => ({ path: edge.to, direction: "imported-by" as const })),
      ...graph.importersOf(file).map((edge) => ({ path: edge.from, direction: "imports" as const })),
    ];
    for (const link of links) {
      const candidate = entry(link.path);
      if (!candidate || candidate.features.pairedImportLink) continue;
      candidate.features.pairedImportLink = 1;
      const verb = link.direction === "imports" ? "imports" : "imported by";
      candidate.reasons.push({ kind: "paired-import", text: `${verb} ${file} (${role})`, via: file, direction: link.direction });
    }
  }
}

/** Reasons for the features that are not links of their own: names, the asking user's work, recent activity. */
function contextReasons(features: CandidateFeatures, sharedWords: string[], lastChange: number | undefined, yourLastChange: number | undefined, now: number): AffectedReason[] {
  const reasons: AffectedReason[] = [];
  const nameParts = [features.sameDirectory ? "same folder" : "", sharedWords.length > 0 ? `name shares ${sharedWords.map((word) => `“${word}”`).join(", ")}` : ""].filter(Boolean);
  if (nameParts.length > 0) reasons.push({ kind: "name", text: nameParts.join("; "), sameFolder: features.sameDirectory === 1, sharedWords });
  if (features.inUsersLastCommit) reasons.push({ kind: "your-work", text: "you changed it in your last commit", lastCommit: true });
  else if (yourLastChange !== undefined) reasons.push({ kind: "your-work", text: `you last changed it ${dateOf(yourLastChange)}`, lastCommit: false });
  if (lastChange !== undefined && now - lastChange <= RECENT_CHANGE_DAYS * DAY) {
    reasons.push({ kind: "recent-change", text: `last changed ${dateOf(lastChange)}`, time: lastChange });
  }
  return reasons;
}

/**
 * How far rarity can be trusted: in a workspace of a handful of files every name looks rare, so a shared name there
 * must not outweigh real co-change. Near 1 from a few hundred files up (vuejs/core, where the weight was fitted: 0.97).
 */
function corpusReliability(fileCount: number): number {
  return fileCount / (fileCount + IDF_CORPUS_PRIOR);
}

function sharedNamesReason(overlap: IdentifierOverlap): AffectedReason {
  const percent = Math.round(overlap.share * 100);
  return {
    kind: "shared-identifiers",
    text: `uses the same rare names (${overlap.examples.join(", ")}): ${percent} % of the changed file's vocabulary, weighted by rarity`,
    share: overlap.share,
    examples: overlap.examples,
  };
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
