import type { AlsoChangeWarning } from "../../../shared/protocol/impact";
import type { CoChangeIndex } from "./cochange";
import { coChangeStrength } from "./rankAffected";

/** When a missing co-change partner is worth a "you usually also change X" warning. */
export interface WarningThresholds {
  /** Minimum recency-weighted confidence P(partner | changed file), shrunk by shared / (shared + 0.5). */
  minConfidence: number;
  /** Minimum number of shared commits (support). */
  minShared: number;
  /** Minimum share of the partner's own commits that also changed the file: the coupling goes both ways. */
  minReverseConfidence: number;
  /** The pair must have changed together within this many days: old coupling goes stale. */
  maxDaysSinceShared: number;
}

/**
 * Chosen on the vuejs/core replay (bench/impact.ts) on the 1,000 qualifying commits before the reported ones: the
 * setting with the widest coverage whose precision there was ≥ 0.83, leaving room for drift so the reported window
 * stays ≥ 0.70. bench/results/impact.md lists the neighbouring settings.
 */
export const DEFAULT_WARNING_THRESHOLDS: WarningThresholds = { minConfidence: 0.7, minShared: 5, minReverseConfidence: 0.3, maxDaysSinceShared: 36 };

const DAY = 86_400;

/**
 * Staleness is measured from `now`, by default the newest commit, so a quiet repository still gets warnings about
 * the coupling it had when it was last active.
 *
 * Partners that usually change with a file in `changed` but are not in it, one warning per missing file (the
 * strongest reason kept), strongest first.
 */
export function selectWarnings(
  changed: readonly string[],
  coChange: CoChangeIndex,
  thresholds: WarningThresholds = DEFAULT_WARNING_THRESHOLDS,
  now?: number,
): AlsoChangeWarning[] {
  const inDiff = new Set(changed);
  const reference = now ?? coChange.latestTime;
  const best = new Map<string, AlsoChangeWarning>();
  for (const file of changed) {
    for (const partner of coChange.partners(file, now)) {
      if (inDiff.has(partner.path)) continue;
      const strength = coChangeStrength(partner);
      if (partner.shared < thresholds.minShared || strength < thresholds.minConfidence) continue;
      if (partner.shared / Math.max(1, partner.partnerCommits) < thresholds.minReverseConfidence) continue;
      if (reference - partner.lastShared > thresholds.maxDaysSinceShared * DAY) continue;
      const previous = best.get(partner.path);
      if (previous && previous.confidence >= partner.weightedConfidence) continue;
      best.set(partner.path, {
        path: partner.path,
        because: file,
        shared: partner.shared,
        total: partner.queriedCommits,
        confidence: partner.weightedConfidence,
        commits: partner.evidence,
        text: `you usually also change ${partner.path} when you change ${file} (${partner.shared} of ${partner.queriedCommits} commits)`,
      });
    }
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence || b.shared - a.shared);
}
