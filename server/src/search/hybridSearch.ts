import type { FindSimilarParams, SearchHit, SearchParams, SearchResult } from "../../../shared/protocol/search";
import type { Embedder } from "../embeddings/types";
import type { IndexStore, StoredChunk } from "../store/indexStore";
import { pathTerms, tokenizeForSearch } from "../text/identifiers";
import type { Logger } from "../util/logger";
import { type CandidateFacts, dedupeOverlaps, fuseRankings, mentionsGenerated, mentionsTests, type QueryFacts, type RankedList, scoreCandidate, type Signal } from "./fusion";
import { buildPreview, matchedTerms, queryIdentifiers, queryNames, reportEmbedderFailure, reportEmbedderRecovered, textNames } from "./searchText";
import type { FileTermIndex } from "./fileTermIndex";
import { normalizedName, type SymbolIndex } from "./symbolIndex";

export interface SearchDeps {
  store: IndexStore;
  symbols: SymbolIndex;
  /** Whole-file BM25; without it (or while it loads) files are judged from the full-text chunk pool. */
  fileTerms?: FileTermIndex;
  /** Null when semantic search is off or the embedder is not ready. */
  embedder: Embedder | null;
  logger: Logger;
}

export interface SearchDefaults {
  limit: number;
  includeTests: boolean;
}

/** How many candidates each retriever contributes before fusion. */
const CANDIDATES_PER_SIGNAL = 100;
/**
 * Full-text chunks pulled to judge whole files: a file whose many chunks each match part of the query is often the
 * one a task needs even when no single chunk matches it all (what whole-file BM25 gets right and chunk BM25 misses).
 */
const FILE_EVIDENCE_CHUNKS = 400;
/** Weight of a file's 2nd, 3rd, ... matching chunk in its file score: more matches help, with diminishing returns. */
const FILE_SCORE_DECAY = 0.7;
/**
 * RRF constant for search. The textbook 60 makes rank 1 and rank 10 differ by ~13%, less than one structural boost,
 * so the boosts decided the order and the retrievers' own ranking was lost; a small k keeps the ranking meaningful.
 */
const FUSION_K = 5;
const MAX_LIMIT = 200;
/** Semantic similarity is a softer signal than an exact term or name; symbols are the strongest for code. */
const WEIGHTS: Record<Signal, number> = { fulltext: 1, file: 3, semantic: 0.8, symbol: 1.5, path: 0.5 };

function clampLimit(limit: number | undefined, fallback: number): number {
  const value = Number.isFinite(limit) ? Math.floor(limit as number) : fallback;
  return Math.max(1, Math.min(MAX_LIMIT, value));
}

function withinPrefixes(path: string, prefixes: string[] | undefined): boolean {
  const usable = (prefixes ?? []).map((prefix) => prefix.replace(/^\.?\//, "")).filter((prefix) => prefix.length > 0);
  return usable.length === 0 || usable.some((prefix) => path.startsWith(prefix));
}

async function embedOnce(embedder: Embedder, text: string, purpose: "document" | "query", logger: Logger): Promise<Float32Array | null> {
  try {
    const [vector] = await embedder.embed([text], purpose);
    reportEmbedderRecovered(embedder);
    return vector ?? null;
  } catch (error) {
    reportEmbedderFailure(embedder, error, logger);
    return null;
  }
}

function toFacts(chunk: StoredChunk): CandidateFacts {
  let names: Set<string> | undefined;
  const facts: CandidateFacts = {
    id: chunk.id,
    path: chunk.path,
    startLine: chunk.startLine,
    endLine: chunk.endLine,
    definitions: chunk.definitions,
    isTest: chunk.isTest,
    isGenerated: chunk.isGenerated,
    pathTerms: pathTerms(chunk.path),
    mentions: (name) => {
      // Tokenizing every candidate's text costs ~0.1 ms each; only usage checks need it, so it is done on demand.
      names ??= textNames(chunk.text);
      return names.has(name);
    },
  };
  if (chunk.symbol !== undefined) facts.symbol = chunk.symbol;
  return facts;
}

function toHit(chunk: StoredChunk, score: number, reasons: SearchHit["reasons"]): SearchHit {
  const hit: SearchHit = {
    path: chunk.path,
    startLine: chunk.startLine,
    endLine: chunk.endLine,
    score: Math.round(score * 1e6) / 1e6,
    language: chunk.language,
    kind: chunk.kind,
    preview: buildPreview(chunk.text),
    reasons,
  };
  if (chunk.symbol !== undefined) hit.symbol = chunk.symbol;
  return hit;
}

/**
 * Files ranked by the sum of their matching chunks' BM25 scores (best first, each further chunk counting less);
 * returns the id of each file's best chunk, which stands for the file in fusion.
 */
export function rankFilesByChunks(pool: Array<{ id: string; path: string; score: number }>): string[] {
  const byFile = new Map<string, { best: string; scores: number[] }>();
  for (const chunk of pool) {
    const entry = byFile.get(chunk.path);
    if (entry) entry.scores.push(chunk.score);
    else byFile.set(chunk.path, { best: chunk.id, scores: [chunk.score] });
  }
  const scored = [...byFile.values()].map(({ best, scores }) => {
    const sorted = scores.sort((a, b) => b - a);
    return { best, score: sorted.reduce((sum, value, i) => sum + value * FILE_SCORE_DECAY ** i, 0) };
  });
  return scored.sort((a, b) => b.score - a.score).map((entry) => entry.best);
}

/** For each ranked file, the id of its best full-text chunk, else its first chunk. */
function representFiles(files: Array<{ path: string }>, pool: Array<{ id: string; path: string }>): string[] {
  const best = new Map<string, string>();
  for (const chunk of pool) if (!best.has(chunk.path)) best.set(chunk.path, chunk.id);
  return files.map((file) => best.get(file.path) ?? `${file.path}#0`);
}

/** Hybrid code search: full-text, semantic, symbol and path candidates, fused and explained. */
export async function hybridSearch(deps: SearchDeps, params: SearchParams, defaults: SearchDefaults): Promise<SearchResult> {
  const started = performance.now();
  const limit = clampLimit(params.limit, defaults.limit);
  const query = (params.query ?? "").trim();
  const terms = [...new Set(tokenizeForSearch(query))];
  const identifiers = queryIdentifiers(query);
  const filter = params.pathPrefixes && params.pathPrefixes.length > 0 ? { pathPrefixes: params.pathPrefixes } : undefined;
  if (terms.length === 0 && identifiers.length === 0) return { hits: [], tookMs: Math.round(performance.now() - started), signals: [], partial: false };

  const semanticSearch = async (): Promise<Array<StoredChunk & { distance: number }> | null> => {
    if (!deps.embedder) return null;
    const vector = await embedOnce(deps.embedder, query, "query", deps.logger);
    return vector ? deps.store.vectorSearch(vector, CANDIDATES_PER_SIGNAL, filter) : null;
  };
  // The in-memory lookups come first so their chunks are read in parallel with the two index searches.
  const symbolMatches = deps.symbols.lookup(identifiers).filter((match) => withinPrefixes(match.ref.path, params.pathPrefixes)).slice(0, CANDIDATES_PER_SIGNAL);
  const pathMatches = deps.symbols.lookupPaths(terms).filter((match) => withinPrefixes(match.path, params.pathPrefixes));
  const pathItems = pathMatches.flatMap((match) => match.refs.slice(0, 3).map((ref) => ({ id: ref.id, terms: match.terms })));
  const referenced = [...symbolMatches.map((match) => match.ref.id), ...pathItems.map((item) => item.id)];
  const rankedFiles = deps.fileTerms && deps.fileTerms.size > 0 ? deps.fileTerms.search(terms, CANDIDATES_PER_SIGNAL, (path) => withinPrefixes(path, params.pathPrefixes)) : null;
  // A file found by whole-file BM25 is represented by its first chunk unless a better one is in the pool.
  const fileHeads = (rankedFiles ?? []).map((file) => `${file.path}#0`);
  const [fulltextPool, semantic, referencedChunks] = await Promise.all([
    deps.store.fullTextSearch(terms, rankedFiles ? CANDIDATES_PER_SIGNAL * 2 : FILE_EVIDENCE_CHUNKS, filter),
    semanticSearch(),
    deps.store.getChunks([...referenced, ...fileHeads]),
  ]);

  const fulltext = fulltextPool.slice(0, CANDIDATES_PER_SIGNAL);
  const chunks = new Map<string, StoredChunk>();
  for (const chunk of [...referencedChunks, ...fulltextPool, ...(semantic ?? [])]) chunks.set(chunk.id, chunk);

  const lists: RankedList[] = [
    // Matched terms are filled in for the returned hits only (see below): tokenizing 100 texts would cost ~10 ms.
    { signal: "fulltext", weight: WEIGHTS.fulltext, items: fulltext.map((chunk) => ({ id: chunk.id })) },
    { signal: "file", weight: WEIGHTS.file, items: (rankedFiles ? representFiles(rankedFiles, fulltextPool) : rankFilesByChunks(fulltextPool)).map((id) => ({ id })) },
    { signal: "symbol", weight: WEIGHTS.symbol, items: symbolMatches.map((match) => ({ id: match.ref.id, symbol: match.name, exact: match.exact })) },
    { signal: "path", weight: WEIGHTS.path, items: pathItems },
  ];
  if (semantic) lists.push({ signal: "semantic", weight: WEIGHTS.semantic, items: semantic.map((chunk) => ({ id: chunk.id, similarity: 1 - chunk.distance })) });

  const facts: QueryFacts = {
    names: queryNames(identifiers),
    terms,
    // Asking about tests in the query beats the setting: "where is retry tested" wants the tests.
    includeTests: (params.includeTests ?? defaults.includeTests) || mentionsTests(query),
    includeGenerated: mentionsGenerated(query),
    definedNames: new Set(symbolMatches.filter((match) => match.strength >= 0.75).map((match) => normalizedName(match.name))),
  };
  const scored = fuseRankings(lists, FUSION_K)
    .filter((fused) => chunks.has(fused.id))
    .map((fused) => scoreCandidate(fused, toFacts(chunks.get(fused.id) as StoredChunk), facts));
  const hits = dedupeOverlaps(scored)
    .slice(0, limit)
    .map((candidate) => {
      const chunk = chunks.get(candidate.facts.id) as StoredChunk;
      const reasons = candidate.reasons.map((reason) => (reason.kind === "fulltext" ? { ...reason, terms: matchedTerms(chunk, terms) } : reason));
      return toHit(chunk, candidate.score, reasons);
    });

  const signals: SearchResult["signals"] = ["fulltext"];
  if (semantic) signals.push("semantic");
  if (deps.symbols.size > 0) signals.push("symbol", "path");
  return { hits, tookMs: Math.round(performance.now() - started), signals, partial: false };
}

/** How many distinct terms of a selection go into a lexical "find similar" query. */
const SIMILAR_TERMS = 40;

/** Code that resembles a selection: vector neighbours when an embedder is on, else the selection's own terms. */
export async function findSimilar(deps: SearchDeps, params: FindSimilarParams, defaults: { limit: number }): Promise<SearchResult> {
  const started = performance.now();
  const limit = clampLimit(params.limit, defaults.limit);
  const isSelection = (chunk: StoredChunk): boolean =>
    chunk.path === params.path && chunk.startLine <= params.endLine && params.startLine <= chunk.endLine;
  const text = params.text ?? "";
  if (text.trim().length === 0) return { hits: [], tookMs: Math.round(performance.now() - started), signals: [], partial: false };

  if (deps.embedder) {
    const vector = await embedOnce(deps.embedder, text, "document", deps.logger);
    if (vector) {
      const neighbours = (await deps.store.vectorSearch(vector, limit + 20)).filter((chunk) => !isSelection(chunk)).slice(0, limit);
      const hits = neighbours.map((chunk, index) => toHit(chunk, 1 - chunk.distance, [{ kind: "semantic", rank: index + 1, similarity: 1 - chunk.distance }]));
      return { hits, tookMs: Math.round(performance.now() - started), signals: ["semantic"], partial: false };
    }
  }

  // Lexical fallback: the selection's most frequent terms; BM25 then favours chunks sharing its rarer ones.
  const counts = new Map<string, number>();
  for (const term of tokenizeForSearch(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  const terms = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length).slice(0, SIMILAR_TERMS).map(([term]) => term);
  const found = (await deps.store.fullTextSearch(terms, limit + 20)).filter((chunk) => !isSelection(chunk)).slice(0, limit);
  const hits = found.map((chunk, index) => toHit(chunk, chunk.score, [{ kind: "fulltext", rank: index + 1, terms: matchedTerms(chunk, terms) }]));
  return { hits, tookMs: Math.round(performance.now() - started), signals: ["fulltext"], partial: false };
}
