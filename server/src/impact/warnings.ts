import type { AlsoChangeWarning } from "../../../shared/protocol/impact";
import type { CoChangeIndex } from "./cochange";

/** When a missing co-change partner is worth a "you usually also change X" warning. */
export interface WarningThresholds {
  /** Minimum recency-weighted confidence P(partner | changed file). */
  minConfidence: number;
  /** Minimum number of shared commits (support). */
  minShared: number;
}

/**
 * Chosen on the vuejs/core replay (bench/impact.ts) as the loosest setting whose precision stays ≥ 0.70; see
 * bench/results/impact.md for the precision/coverage trade-off of the neighbouring settings.
 */
export const DEFAULT_WARNING_THRESHOLDS: WarningThresholds = { minConfidence: 0.6, minShared: 4 };

/**
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
  const best = new Map<string, AlsoChangeWarning>();
  for (const file of changed) {
    for (const partner of coChange.partners(file, now)) {
      if (inDiff.has(partner.path)) continue;
      if (partner.shared < thresholds.minShared || partner.weightedConfidence < thresholds.minConfidence) continue;
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
