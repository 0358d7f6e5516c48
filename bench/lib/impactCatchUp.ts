/**
 * Catch-me-up replay: an author returns after at least `gapDays` without committing; rank the commits others made
 * meanwhile and score nDCG@5 against the files the author edits in the next 30 days, next to chronological order.
 */
import type { MinedCommit } from "../../server/src/git/types";
import { commitsByOthers, rankCatchUpCommits } from "../../server/src/catchup/catchUp";
import { buildUserProfile, type RelevanceOptions } from "../../server/src/catchup/catchUpRanking";
import { CoChangeIndex } from "../../server/src/impact/cochange";
import { ndcgAt } from "./impactMetrics";

export interface CatchUpFigures {
  episodes: number;
  gapDays: number;
  lookaheadDays: number;
  ndcg5: { product: number; chronological: number; random: number };
  meanCandidates: number;
}

const DAY = 86_400;

export function runCatchUpBench(options: {
  commitsOldestFirst: MinedCommit[];
  log: (line: string) => void;
  gapDays?: number;
  lookaheadDays?: number;
  maxEpisodes?: number;
  relevance?: RelevanceOptions;
  profileHalfLifeDays?: number;
}): CatchUpFigures {
  const commits = options.commitsOldestFirst;
  const gap = (options.gapDays ?? 7) * DAY;
  const lookahead = (options.lookaheadDays ?? 30) * DAY;
  const byAuthor = new Map<string, number[]>();
  commits.forEach((commit, index) => byAuthor.set(commit.authorEmail, [...(byAuthor.get(commit.authorEmail) ?? []), index]));
  const episodes: Array<{ author: string; previous: number; returned: number }> = [];
  for (const [author, indices] of byAuthor) {
    if (indices.length < 5) continue;
    for (let k = 1; k < indices.length; k += 1) {
      const previous = commits[indices[k - 1]];
      const returned = commits[indices[k]];
      if (returned.authorTime - previous.authorTime >= gap && returned.authorTime - previous.authorTime <= 120 * DAY) {
        episodes.push({ author, previous: indices[k - 1], returned: indices[k] });
      }
    }
  }
  episodes.sort((a, b) => a.returned - b.returned);
  const selected = episodes.slice(-(options.maxEpisodes ?? 300));
  const coChange = new CoChangeIndex();
  let added = 0;
  const scores = { product: [] as number[], chronological: [] as number[], random: [] as number[] };
  let candidateTotal = 0;
  let seed = 42;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (const episode of selected) {
    const returnTime = commits[episode.returned].authorTime;
    while (added < episode.returned) coChange.addCommit(commits[added++]);
    const candidates = commitsByOthers(commits.slice(episode.previous + 1, episode.returned), episode.author);
    if (candidates.length < 5) continue;
    const next = new Set<string>();
    for (let i = episode.returned; i < commits.length && commits[i].authorTime <= returnTime + lookahead; i += 1) {
      if (commits[i].authorEmail === episode.author) for (const file of commits[i].files) next.add(file.path);
    }
    const gain = (commit: MinedCommit): number => Math.min(3, commit.files.filter((file) => next.has(file.path)).length);
    if (!candidates.some((commit) => gain(commit) > 0)) continue;
    const profile = buildUserProfile(commits.slice(0, episode.returned), episode.author, returnTime, options.profileHalfLifeDays);
    const ranked = rankCatchUpCommits(candidates, profile, { coChange }, options.relevance).map((entry) => entry.commit);
    const chronological = [...candidates].sort((a, b) => b.commitTime - a.commitTime);
    const shuffled = [...candidates].sort(() => random() - 0.5);
    scores.product.push(ndcgAt(5, ranked.map(gain)));
    scores.chronological.push(ndcgAt(5, chronological.map(gain)));
    scores.random.push(ndcgAt(5, shuffled.map(gain)));
    candidateTotal += candidates.length;
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const figures: CatchUpFigures = {
    episodes: scores.product.length,
    gapDays: gap / DAY,
    lookaheadDays: lookahead / DAY,
    ndcg5: { product: mean(scores.product), chronological: mean(scores.chronological), random: mean(scores.random) },
    meanCandidates: candidateTotal / Math.max(1, scores.product.length),
  };
  options.log(`catch-up: ${figures.episodes} episodes, nDCG@5 ${figures.ndcg5.product.toFixed(3)} vs chronological ${figures.ndcg5.chronological.toFixed(3)}`);
  return figures;
}
