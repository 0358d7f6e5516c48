import type { MatchReason } from "../../../shared/protocol/search";
import { normalizedName } from "./symbolIndex";

/**
 * Pure ranking math for hybrid search: weighted reciprocal-rank fusion that keeps every signal's evidence (so each
 * hit can say why it matched), structural boosts and penalties, and merging of overlapping hits.
 */

/** "file" ranks whole files by their matching chunks (see `rankFilesByChunks`); it explains itself as full-text. */
export type Signal = "fulltext" | "file" | "semantic" | "symbol" | "path";

/** What one signal knows about one candidate. Ranks are 1-based. */
export interface Evidence {
  rank: number;
  /** Full-text: the query terms the chunk holds. Path: the query terms in its path. */
  terms?: string[];
  /** Semantic: cosine similarity. */
  similarity?: number;
  /** Symbol: the matched name, and whether the match was exact. */
  symbol?: string;
  exact?: boolean;
}

export interface RankedList {
  signal: Signal;
  weight: number;
  /** Best first; an id listed twice keeps its first (best) position. */
  items: Array<{ id: string } & Omit<Evidence, "rank">>;
}

export interface Fused {
  id: string;
  score: number;
  evidence: Partial<Record<Signal, Evidence>>;
}

/** The usual RRF constant: it damps the difference between rank 1 and rank 2 so no single list dominates. */
export const RRF_K = 60;

/** score(id) = Σ weight_s / (k + rank_s), over the lists that hold the id. Sorted best first. */
export function fuseRankings(lists: RankedList[], k = RRF_K): Fused[] {
  const fused = new Map<string, Fused>();
  for (const list of lists) {
    const seen = new Set<string>();
    let rank = 0;
    for (const { id, ...detail } of list.items) {
      if (seen.has(id)) continue;
      seen.add(id);
      rank += 1;
      const entry = fused.get(id) ?? { id, score: 0, evidence: {} };
      entry.score += list.weight / (k + rank);
      entry.evidence[list.signal] = { rank, ...detail };
      fused.set(id, entry);
    }
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/** The facts about a chunk that structural scoring looks at. */
export interface CandidateFacts {
  id: string;
  path: string;
  startLine: number;
  endLine: number;
  symbol?: string;
  definitions: string[];
  isTest: boolean;
  isGenerated: boolean;
  /** The path's terms (see `pathTerms`). */
  pathTerms: string[];
  /** Whether the chunk's text uses this normalized name (see `normalizedName`); asked only when it matters. */
  mentions: (normalizedName: string) => boolean;
}

export interface QueryFacts {
  /** Normalized names the query may refer to (identifiers, and consecutive words joined). */
  names: Set<string>;
  /** Lower-case search terms (see `tokenizeForSearch`). */
  terms: string[];
  /** When false, tests are down-weighted. True when asked for or the query talks about tests. */
  includeTests: boolean;
  /** When false, generated code is down-weighted. */
  includeGenerated: boolean;
  /** Normalized names (see `normalizedName`) that some candidate defines: then mere usages rank lower. */
  definedNames: Set<string>;
}

export const BOOST = {
  exactSymbol: 1.5,
  looseSymbol: 1.2,
  definition: 1.3,
  /** Multiplied by the share of query terms found in the path. */
  pathTerms: 0.3,
} as const;

export const PENALTY = { test: 0.6, generated: 0.5, usageOnly: 0.8 } as const;

export interface ScoredCandidate {
  facts: CandidateFacts;
  score: number;
  reasons: MatchReason[];
}

/** Applies boosts and penalties to a fused candidate and explains the result. */
export function scoreCandidate(fused: Fused, facts: CandidateFacts, query: QueryFacts): ScoredCandidate {
  let score = fused.score;
  const reasons: MatchReason[] = [];
  const { semantic, symbol, path } = fused.evidence;
  const fulltext = fused.evidence.fulltext ?? fused.evidence.file;
  if (fulltext) reasons.push({ kind: "fulltext", rank: fulltext.rank, terms: fulltext.terms ?? [] });
  if (semantic) reasons.push({ kind: "semantic", rank: semantic.rank, similarity: semantic.similarity ?? 0 });
  if (symbol) {
    reasons.push({ kind: "symbol", symbol: symbol.symbol ?? facts.symbol ?? "", exact: symbol.exact === true });
    score *= symbol.exact ? BOOST.exactSymbol : BOOST.looseSymbol;
  }

  const wanted = query.names;
  const ownNames = [...facts.definitions, ...(facts.symbol ? [facts.symbol, facts.symbol.split(".").pop() ?? ""] : [])].map(normalizedName);
  const definesQueried = ownNames.some((name) => wanted.has(name));
  if (definesQueried) {
    reasons.push({ kind: "definition" });
    score *= BOOST.definition;
  } else if ([...wanted].some((name) => query.definedNames.has(name) && facts.mentions(name))) {
    // The chunk uses a name the query asks for, whose definition is among the candidates: the definition wins.
    reasons.push({ kind: "penalty", why: "usage-only" });
    score *= PENALTY.usageOnly;
  }

  const queryTerms = new Set(query.terms);
  const inPath = [...new Set(facts.pathTerms)].filter((term) => queryTerms.has(term));
  if (inPath.length > 0 && queryTerms.size > 0) {
    score *= 1 + BOOST.pathTerms * (inPath.length / queryTerms.size);
    reasons.push({ kind: "path", terms: path?.terms ?? inPath });
  } else if (path) {
    reasons.push({ kind: "path", terms: path.terms ?? [] });
  }

  if (facts.isTest && !query.includeTests) {
    score *= PENALTY.test;
    reasons.push({ kind: "penalty", why: "test" });
  }
  if (facts.isGenerated && !query.includeGenerated) {
    score *= PENALTY.generated;
    reasons.push({ kind: "penalty", why: "generated" });
  }
  return { facts, score, reasons };
}

function overlaps(a: CandidateFacts, b: CandidateFacts): boolean {
  return a.path === b.path && a.startLine <= b.endLine && b.startLine <= a.endLine;
}

function reasonKey(reason: MatchReason): string {
  return reason.kind === "penalty" ? `penalty:${reason.why}` : reason.kind;
}

/** Unions reasons, keeping the first of each kind (the better hit's), so nothing the user sees is repeated. */
export function mergeReasons(primary: MatchReason[], secondary: MatchReason[]): MatchReason[] {
  const merged = [...primary];
  const keys = new Set(primary.map(reasonKey));
  for (const reason of secondary) {
    if (keys.has(reasonKey(reason))) continue;
    // A penalty of the weaker hit does not apply to the better one.
    if (reason.kind === "penalty") continue;
    keys.add(reasonKey(reason));
    merged.push(reason);
  }
  return merged;
}

/** Sorts best first and folds hits whose line ranges overlap in the same file into the better one. */
export function dedupeOverlaps(candidates: ScoredCandidate[]): ScoredCandidate[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score || a.facts.id.localeCompare(b.facts.id));
  const kept: ScoredCandidate[] = [];
  for (const candidate of sorted) {
    const winner = kept.find((existing) => overlaps(existing.facts, candidate.facts));
    if (winner) winner.reasons = mergeReasons(winner.reasons, candidate.reasons);
    else kept.push({ ...candidate, reasons: [...candidate.reasons] });
  }
  return kept;
}

/** Whether the query itself asks about tests ("where is the parser tested", "spec for retry"). */
export function mentionsTests(query: string): boolean {
  return /\b(tests?|tested|testing|specs?|unittests?|e2e|fixtures?|mocks?)\b/i.test(query) || /[a-z](Test|Spec)s?\b/.test(query);
}

/** Whether the query asks about generated code or build output. */
export function mentionsGenerated(query: string): boolean {
  return /\b(generated|codegen|dist|build output|minified|vendor(ed)?)\b/i.test(query);
}
