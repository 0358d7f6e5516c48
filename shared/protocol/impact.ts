import { ProtocolRequestType } from "vscode-languageserver-protocol";

/** What to assess: a whole file, the lines of a function (1-based, inclusive), or every file changed in the work tree. */
export type ImpactTarget =
  | { kind: "file"; path: string }
  | { kind: "range"; path: string; startLine: number; endLine: number }
  | { kind: "diff" };

/** Where a number in the report comes from; each one can be opened or looked up by the user. */
export type ImpactEvidence =
  | { kind: "commits"; hashes: string[] }
  | { kind: "import"; from: string; to: string; line: number; specifier: string }
  | { kind: "test-name"; test: string; source: string }
  | { kind: "lcov"; path: string; linesFound: number; linesHit: number }
  | { kind: "call-site"; path: string; line: number; text: string }
  | { kind: "file-metrics"; path: string; lines: number; branches: number };

export type RiskFactorId = "churn" | "size" | "dependents" | "coverage" | "bugfixes" | "familiarity";

/** One reason the risk is what it is: its raw value, its 0–1 strength, and the points it adds to the score. */
export interface RiskFactor {
  id: RiskFactorId;
  label: string;
  /** The measured quantity (e.g. recency-weighted commits, direct + transitive importers, covered share). */
  value: number;
  /** 0 (no risk) to 1 (high risk). */
  normalized: number;
  /** Points of the 0–100 score this factor can add at most. */
  weight: number;
  /** Points it adds: normalized × weight. */
  contribution: number;
  /** One sentence for the user, with the numbers. */
  explanation: string;
  evidence: ImpactEvidence[];
}

export interface FileRisk {
  path: string;
  /** 0–100. */
  score: number;
  level: "low" | "medium" | "high";
  factors: RiskFactor[];
}

/** Why a file is listed as likely affected; `text` is the sentence shown ("co-changed 7 of 9 times"). */
export type AffectedReason =
  | {
      kind: "co-change";
      text: string;
      shared: number;
      total: number;
      confidence: number;
      degree: number;
      commits: string[];
      /** Of the target's newest `recentCommits` commits, how many also changed this file. */
      recentShared?: number;
      recentCommits?: number;
      /** Author time (seconds) of their newest shared commit. */
      lastShared?: number;
    }
  /** It changes together with the target's paired test (or the test's source). */
  | { kind: "co-change-via"; text: string; via: string; shared: number; total: number; commits: string[] }
  /** Same folder and/or words shared by the two file names. */
  | { kind: "name"; text: string; sameFolder: boolean; sharedWords: string[] }
  /** The asking user (git user.email) changed it lately; `lastCommit` when in their newest commit. */
  | { kind: "your-work"; text: string; lastCommit: boolean }
  /** It changed recently at all (any author); `time` is that commit's author time (seconds). */
  | { kind: "recent-change"; text: string; time: number }
  /** `line` is the first import statement that links the two files, `lines` every one of them. */
  | { kind: "imports-it"; text: string; line: number; lines: number[]; specifier: string }
  | { kind: "imported-by-it"; text: string; line: number; lines: number[]; specifier: string }
  | { kind: "transitive-importer"; text: string; depth: number; via: string }
  | { kind: "test"; text: string; how: "name" | "import" }
  /** It imports (`imports`) or is imported by (`imported-by`) the target's paired test or source, `via`. */
  | { kind: "paired-import"; text: string; via: string; direction: "imports" | "imported-by" }
  | { kind: "calls-symbol"; text: string; symbol: string; lines: number[] }
  /** Both files use the same rare identifiers; `share` of the changed file's IDF weight, `examples` rarest first. */
  | { kind: "shared-identifiers"; text: string; share: number; examples: string[] };

export interface AffectedFile {
  path: string;
  /** Ranking score; only its order matters. */
  score: number;
  /** The target file this one is linked to (for a diff, one of the changed files). */
  relatedTo: string;
  reasons: AffectedReason[];
}

/** An exported symbol changed in the work tree, with the places that use it. */
export interface BreakingChangeHint {
  path: string;
  symbol: string;
  change: "removed" | "signature" | "body" | "added";
  oldSignature?: string;
  newSignature?: string;
  callSites: Array<{ path: string; line: number; text: string }>;
}

/** "You usually also change X": a high-confidence co-change partner missing from the work-tree diff. */
export interface AlsoChangeWarning {
  path: string;
  because: string;
  shared: number;
  total: number;
  confidence: number;
  commits: string[];
  text: string;
}

export interface HistoryCoverage {
  /** "full", "partial" (shallow clone or capped), or "none" (not a git repository: import graph only). */
  kind: "full" | "partial" | "none";
  commits: number;
  head?: string;
  /** Commits over the bulk-commit size limit, left out of co-change. */
  ignoredBulkCommits: number;
  /** Said to the user when history is partial or missing. */
  message?: string;
}

export interface AssessImpactParams {
  target: ImpactTarget;
  /** Most likely-affected files to return (default 20). */
  limit?: number;
}

export interface AssessImpactResult {
  target: ImpactTarget;
  /** The workspace-relative files assessed (one for file/range targets, the changed files for a diff). */
  files: string[];
  /** For a range target: the exported symbols the range covers. */
  symbols: string[];
  risk: FileRisk[];
  affected: AffectedFile[];
  breakingChanges: BreakingChangeHint[];
  warnings: AlsoChangeWarning[];
  history: HistoryCoverage;
  /** Plain sentences about limits of this answer (files outside the workspace, unparsable files, ...). */
  notes: string[];
  tookMs: number;
}

/** Client/CLI → server: risk, likely-affected files, breaking-change hints and missing co-changes for a target. */
export namespace AssessImpactRequest {
  export const method = "vibe/assessImpact" as const;
  export const type = new ProtocolRequestType<AssessImpactParams, AssessImpactResult, never, void, void>(method);
}

export type CriticalKind = "breaking" | "security" | "dependency" | "migration" | "owned-file";

export interface CriticalFlag {
  kind: CriticalKind;
  text: string;
  files?: string[];
}

export interface CatchUpCommit {
  hash: string;
  authorName: string;
  authorEmail: string;
  /** ISO 8601 author date. */
  date: string;
  subject: string;
  /** Conventional-commit type ("feat", "fix", ...) and scope, when the subject follows the convention. */
  type?: string;
  scope?: string;
  files: string[];
  flags: CriticalFlag[];
  /** How much this commit concerns the files the user works on (higher first). */
  relevance: number;
}

export interface CatchUpGroup {
  /** The area: a package or top directory ("packages/runtime-core", "docs", "(root)"). */
  area: string;
  commits: CatchUpCommit[];
  /** Commit counts per conventional-commit type ("other" when none). */
  types: Record<string, number>;
  files: string[];
  /** Files in this group the user recently worked on or often changes together with theirs. */
  relatedFiles: string[];
  relevance: number;
  flags: CriticalFlag[];
  /** Diff range covering the group: `git diff base..head -- files`. */
  diff: { base: string; head: string };
}

export interface CatchUpParams {
  /** A revision or a date (ISO or anything `git log --since` takes); default: the user's last own commit. */
  since?: string;
  /** The last time (ms since epoch) the user ran Catch Me Up, as remembered by the client; used when newer. */
  lastRunTime?: number;
  /** Whose catch-up this is; default: `git config user.email`. */
  userEmail?: string;
  /** Most commits to list (default 200). */
  limit?: number;
}

export interface CatchUpResult {
  since: { kind: "rev" | "date" | "own-commit" | "last-run" | "default-window"; value: string; time: number };
  userEmail?: string;
  totalCommits: number;
  groups: CatchUpGroup[];
  history: HistoryCoverage;
  notes: string[];
}

/** Client/CLI → server: what others committed since the user's last activity, grouped and ranked for them. */
export namespace CatchUpRequest {
  export const method = "vibe/catchUp" as const;
  export const type = new ProtocolRequestType<CatchUpParams, CatchUpResult, never, void, void>(method);
}

/** The factor that adds the most points to a score, for a one-line summary ("Risk 62 · Recent churn"). */
export interface TopRiskFactor {
  id: RiskFactorId;
  label: string;
  /** Points it adds to the score. */
  contribution: number;
  /** The factor's sentence with its numbers, for a tooltip. */
  explanation: string;
}

/** Risk of one function (or class/method) in a file: the file's history and dependents, its own size and callers. */
export interface FunctionRiskSummary {
  name: string;
  /** Declaration lines, 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** 0–100. */
  score: number;
  level: "low" | "medium" | "high";
  /** Undefined only when every factor adds zero points. */
  topFactor?: TopRiskFactor;
  exported: boolean;
}

export interface FileRiskParams {
  /** Workspace-relative or absolute path. */
  path: string;
}

export interface FileRiskResult {
  /** Workspace-relative path (as given when it lies outside the workspace). */
  path: string;
  fileRisk: { score: number; level: "low" | "medium" | "high"; topFactor?: TopRiskFactor };
  /** Functions, methods and classes in line order; empty for files tree-sitter does not parse. */
  functions: FunctionRiskSummary[];
  history: HistoryCoverage;
  notes: string[];
}

/** Client/CLI → server: the file's risk and a per-function risk summary (CodeLens/hover; the CLI's file:line lookup). */
export namespace FileRiskRequest {
  export const method = "vibe/fileRisk" as const;
  export const type = new ProtocolRequestType<FileRiskParams, FileRiskResult, never, void, void>(method);
}
