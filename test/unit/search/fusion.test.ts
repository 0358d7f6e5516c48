import { strict as assert } from "node:assert";
import {
  BOOST,
  type CandidateFacts,
  dedupeOverlaps,
  fuseRankings,
  mentionsTests,
  PENALTY,
  type QueryFacts,
  RRF_K,
  scoreCandidate,
} from "../../../server/src/search/fusion";

function facts(id: string, overrides: Partial<CandidateFacts> = {}): CandidateFacts {
  const [path = "src/a.ts", line = "1"] = id.split("#");
  const start = Number(line) * 10 + 1;
  return { id, path, startLine: start, endLine: start + 5, definitions: [], isTest: false, isGenerated: false, pathTerms: ["src", path.split("/").pop()!.replace(/\..*$/, "")], mentions: () => false, ...overrides };
}

const plainQuery: QueryFacts = { names: new Set(), terms: ["retry"], includeTests: false, includeGenerated: false, definedNames: new Set() };

describe("fusion: weighted reciprocal-rank fusion", () => {
  it("sums weight / (k + rank) over the lists and keeps each signal's rank and detail", () => {
    const fused = fuseRankings([
      { signal: "fulltext", weight: 1, items: [{ id: "a", terms: ["x"] }, { id: "b" }] },
      { signal: "semantic", weight: 0.5, items: [{ id: "b", similarity: 0.9 }, { id: "c" }] },
    ]);
    const byId = new Map(fused.map((entry) => [entry.id, entry]));
    assert.equal(byId.get("a")!.score, 1 / (RRF_K + 1));
    assert.equal(byId.get("b")!.score, 1 / (RRF_K + 2) + 0.5 / (RRF_K + 1));
    assert.deepEqual(byId.get("b")!.evidence, { fulltext: { rank: 2 }, semantic: { rank: 1, similarity: 0.9 } });
    assert.deepEqual(byId.get("a")!.evidence.fulltext, { rank: 1, terms: ["x"] });
    assert.deepEqual(fused.map((entry) => entry.id), ["b", "a", "c"], "a hit in two lists beats a single first place");
  });

  it("counts an id listed twice in one list once, at its best rank", () => {
    const [only] = fuseRankings([{ signal: "symbol", weight: 2, items: [{ id: "a", symbol: "run" }, { id: "a", symbol: "other" }] }]);
    assert.equal(only!.score, 2 / (RRF_K + 1));
    assert.equal(only!.evidence.symbol?.symbol, "run");
  });
});

describe("fusion: structural boosts and penalties", () => {
  const base = fuseRankings([{ signal: "fulltext", weight: 1, items: [{ id: "src/a.ts#1", terms: ["retry"] }] }])[0]!;

  it("boosts an exact symbol match and a definition of the queried name, and says so", () => {
    const fused = { ...base, evidence: { ...base.evidence, symbol: { rank: 1, symbol: "retryRequest", exact: true } } };
    const query = { ...plainQuery, names: new Set(["retryrequest"]) };
    const scored = scoreCandidate(fused, facts("src/a.ts#1", { definitions: ["retryRequest"] }), query);
    assert.equal(scored.score, base.score * BOOST.exactSymbol * BOOST.definition);
    assert.deepEqual(scored.reasons.map((reason) => reason.kind), ["fulltext", "symbol", "definition"]);
    assert.deepEqual(scored.reasons[1], { kind: "symbol", symbol: "retryRequest", exact: true });
  });

  it("down-weights a usage when the definition of the queried name is among the candidates", () => {
    const query = { ...plainQuery, names: new Set(["retryrequest"]), definedNames: new Set(["retryrequest"]) };
    const usage = scoreCandidate(base, facts("src/a.ts#1", { mentions: (name) => name === "retryrequest" }), query);
    assert.equal(usage.score, base.score * PENALTY.usageOnly);
    assert.deepEqual(usage.reasons.at(-1), { kind: "penalty", why: "usage-only" });
    const unrelated = scoreCandidate(base, facts("src/a.ts#1"), query);
    assert.equal(unrelated.score, base.score, "a chunk that does not use the name is not called a usage");
  });

  it("boosts by the share of query terms found in the path", () => {
    const query = { ...plainQuery, terms: ["retry", "policy"] };
    const scored = scoreCandidate(base, facts("src/retry.ts#1", { pathTerms: ["src", "retry"] }), query);
    assert.equal(scored.score, base.score * (1 + BOOST.pathTerms * 0.5));
    assert.deepEqual(scored.reasons.at(-1), { kind: "path", terms: ["retry"] });
  });

  it("down-weights tests and generated code unless they are asked for", () => {
    const testFacts = facts("test/a.test.ts#1", { isTest: true });
    const penalized = scoreCandidate(base, testFacts, plainQuery);
    assert.equal(penalized.score, base.score * PENALTY.test);
    assert.deepEqual(penalized.reasons.at(-1), { kind: "penalty", why: "test" });
    assert.equal(scoreCandidate(base, testFacts, { ...plainQuery, includeTests: true }).score, base.score);
    const generated = scoreCandidate(base, facts("dist/a.js#1", { isGenerated: true }), plainQuery);
    assert.equal(generated.score, base.score * PENALTY.generated);
    assert.equal(scoreCandidate(base, facts("dist/a.js#1", { isGenerated: true }), { ...plainQuery, includeGenerated: true }).score, base.score);
  });

  it("recognises queries about tests", () => {
    assert.equal(mentionsTests("where is retry tested"), true);
    assert.equal(mentionsTests("parser spec"), true);
    assert.equal(mentionsTests("RetryPolicyTest"), true);
    assert.equal(mentionsTests("retry policy"), false);
    assert.equal(mentionsTests("latest attestation"), false);
  });
});

describe("fusion: overlap de-duplication", () => {
  it("keeps the better of two overlapping hits in one file and merges their reasons, without the weaker one's penalty", () => {
    const better = { facts: facts("src/a.ts#1", { startLine: 10, endLine: 30 }), score: 2, reasons: [{ kind: "fulltext" as const, rank: 1, terms: ["x"] }] };
    const worse = {
      facts: facts("src/a.ts#2", { startLine: 25, endLine: 40 }),
      score: 1,
      reasons: [{ kind: "symbol" as const, symbol: "x", exact: true }, { kind: "fulltext" as const, rank: 7, terms: [] }, { kind: "penalty" as const, why: "test" as const }],
    };
    const separate = { facts: facts("src/a.ts#3", { startLine: 41, endLine: 50 }), score: 1.5, reasons: [] };
    const otherFile = { facts: facts("src/b.ts#1", { startLine: 10, endLine: 30 }), score: 0.5, reasons: [] };
    const result = dedupeOverlaps([worse, otherFile, better, separate]);
    assert.deepEqual(result.map((candidate) => candidate.facts.id), ["src/a.ts#1", "src/a.ts#3", "src/b.ts#1"]);
    assert.deepEqual(result[0]!.reasons, [{ kind: "fulltext", rank: 1, terms: ["x"] }, { kind: "symbol", symbol: "x", exact: true }]);
    assert.equal(result[0]!.score, 2);
  });
});
