import type { CatchUpParams, CatchUpResult } from "../../../shared/protocol/impact";
import { isExpandedMerge } from "../git/mineHistory";
import { runGit } from "../git/runGit";
import type { MinedCommit } from "../git/types";
import { ImpactWorkspace, type ImpactWorkspaceOptions } from "../impact/impactWorkspace";
import {
  DEFAULT_RELEVANCE_OPTIONS,
  buildUserProfile,
  commitRelevance,
  criticalFlags,
  groupByArea,
  toCatchUpCommit,
  type RelevanceOptions,
  type UserProfile,
} from "./catchUpRanking";

const DAY = 86_400;
const DEFAULT_WINDOW_DAYS = 14;
const DEFAULT_LIMIT = 200;

type Since = CatchUpResult["since"];

const APPROXIDATE_WORDS = /^(\s*(\d+|an?|ago|yesterday|today|now|noon|midnight|last|(second|minute|hour|day|week|month|year)s?|[.,:/-]))+\s*$/i;

/** Turns `since` into a point in time: a revision's commit time, or a date git understands ("2 weeks ago", ISO). */
async function resolveSince(root: string, since: string): Promise<Since | undefined> {
  const rev = await runGit(root, ["rev-parse", "--verify", "--quiet", `${since}^{commit}`], { okExitCodes: [1, 128] }).catch(() => undefined);
  if (rev && rev.exitCode === 0) {
    const hash = rev.stdout.trim();
    const time = await runGit(root, ["show", "-s", "--format=%ct", hash]);
    return { kind: "rev", value: hash, time: Number(time.stdout.trim()) };
  }
  const time = Date.parse(since);
  if (!Number.isNaN(time)) return { kind: "date", value: since, time: Math.floor(time / 1000) };
  // git's approxidate ("2 weeks ago", "yesterday") maps any text to some date, so only date-like text is given to it.
  if (!APPROXIDATE_WORDS.test(since)) return undefined;
  // `git rev-parse --since=<date>` prints `--max-age=<seconds>`.
  const parsed = await runGit(root, ["rev-parse", `--since=${since}`]).catch(() => undefined);
  const match = parsed ? /--max-age=(\d+)/.exec(parsed.stdout) : null;
  return match ? { kind: "date", value: since, time: Number(match[1]) } : undefined;
}

/** Runs Catch Me Up on an open workspace (the server keeps one per folder). */
export async function catchUpWithWorkspace(workspace: ImpactWorkspace, params: CatchUpParams = {}): Promise<CatchUpResult> {
  await workspace.refresh();
  const root = workspace.options.root;
  const history = workspace.coverage();
  const notes: string[] = history.message ? [history.message] : [];
  const email = (params.userEmail ?? workspace.userEmail)?.toLowerCase();
  const commits = workspace.history?.commits ?? [];
  if (workspace.history?.state.kind !== "git") {
    return { since: { kind: "default-window", value: "", time: 0 }, userEmail: email, totalCommits: 0, groups: [], history, notes };
  }
  if (!email) notes.push("No git user.email is set: every commit is treated as someone else's and nothing is ranked for you.");
  const newest = commits[0]?.commitTime ?? Date.now() / 1000;
  const ownCommit = email ? commits.find((commit) => commit.authorEmail === email) : undefined;
  let since: Since | undefined;
  if (params.since) {
    since = await resolveSince(root, params.since);
    if (!since) notes.push(`"${params.since}" is neither a revision nor a date; showing what happened since your last activity instead.`);
  }
  if (!since) {
    const lastRun = params.lastRunTime !== undefined ? Math.floor(params.lastRunTime / 1000) : undefined;
    const ownTime = ownCommit?.commitTime;
    if (lastRun !== undefined && (ownTime === undefined || lastRun > ownTime)) since = { kind: "last-run", value: new Date(lastRun * 1000).toISOString(), time: lastRun };
    else if (ownCommit && ownTime !== undefined) since = { kind: "own-commit", value: ownCommit.hash, time: ownTime };
    else since = { kind: "default-window", value: `${DEFAULT_WINDOW_DAYS} days`, time: newest - DEFAULT_WINDOW_DAYS * DAY };
  }
  const sinceTime = since.time;
  const afterRev = since.kind === "rev" || since.kind === "own-commit" ? commits.findIndex((commit) => commit.hash === since?.value) : -1;
  const recent = commitsByOthers(afterRev >= 0 ? commits.slice(0, afterRev) : commits.filter((commit) => commit.commitTime > sinceTime), email);
  const profile = email ? buildUserProfile(commits, email, sinceTime + 1) : undefined;
  const limit = params.limit ?? DEFAULT_LIMIT;
  const ranked = rankCatchUpCommits(recent, profile, workspace).slice(0, limit);
  if (recent.length > limit) notes.push(`Showing the ${limit} most relevant of ${recent.length} commits.`);
  const parents = new Map(recent.map((commit) => [commit.hash, commit.parents[0]]));
  const related = new Map(ranked.map((entry) => [entry.commit.hash, entry.related]));
  const groups = groupByArea(ranked.map((entry) => entry.view), parents, related);
  return { since, userEmail: email, totalCommits: recent.length, groups, history, notes };
}

/**
 * The commits Catch Me Up shows: others' work. An expanded bulk merge is left out, since the commits it brought are
 * listed and say who changed what.
 */
export function commitsByOthers(commits: readonly MinedCommit[], email: string | undefined): MinedCommit[] {
  return commits.filter((commit) => commit.authorEmail !== email && !isExpandedMerge(commit));
}

/** Scores and orders commits for a user; exported for the benchmark, which replays returning authors. */
export function rankCatchUpCommits(
  commits: readonly MinedCommit[],
  profile: UserProfile | undefined,
  workspace?: Pick<ImpactWorkspace, "coChange">,
  options: RelevanceOptions = DEFAULT_RELEVANCE_OPTIONS,
) {
  return commits
    .map((commit) => {
      const flags = criticalFlags(commit, profile);
      const { score, related } = commitRelevance(commit, profile, workspace?.coChange, flags, options);
      return { commit, related, view: toCatchUpCommit(commit, flags, score) };
    })
    .sort((a, b) => b.view.relevance - a.view.relevance || b.commit.commitTime - a.commit.commitTime);
}

/** One-shot Catch Me Up (CLI, tests). A server should keep an `ImpactWorkspace` and call `catchUpWithWorkspace`. */
export async function catchUp(options: ImpactWorkspaceOptions & CatchUpParams): Promise<CatchUpResult> {
  return catchUpWithWorkspace(new ImpactWorkspace(options), options);
}
