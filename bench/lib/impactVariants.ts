/** Ranking variants and warning thresholds tried when calibrating (`npm run bench:impact -- --tune`). */
import type { CoChangeOptions } from "../../server/src/impact/cochange";
import { DEFAULT_RANK_WEIGHTS, type RankWeights } from "../../server/src/impact/rankAffected";
import type { WarningThresholds } from "../../server/src/impact/warnings";
import type { RankVariant } from "./impactReplay";

const base = DEFAULT_RANK_WEIGHTS;
const cochangeOnly: RankWeights = Object.fromEntries(Object.keys(base).map((name) => [name, name === "coChange" ? 1 : 0])) as RankWeights;

/** The history-only baseline: recency-weighted co-change with the README's usual 120-day half-life. */
export const BASELINE_COCHANGE: CoChangeOptions = { halfLifeDays: 120 };

export const TUNING_COCHANGE: Record<string, CoChangeOptions> = {
  "hl60": { halfLifeDays: 60 },
  "hl365": { halfLifeDays: 365 },
  "size0.5": { halfLifeDays: 120, commitSizeExponent: 0.5 },
};

export const TUNING_VARIANTS: Record<string, RankVariant> = {
  "cc-only": { weights: cochangeOnly, coChange: "baseline" },
  "cc-hl60": { weights: cochangeOnly, coChange: "hl60" },
  "cc-hl365": { weights: cochangeOnly, coChange: "hl365" },
  "cc-size0.5": { weights: cochangeOnly, coChange: "size0.5" },
  "hand": { weights: base, coChange: "baseline" },
};

const grid = (minConfidence: number, minShared: number, minReverseConfidence: number, maxDaysSinceShared: number): WarningThresholds => ({
  minConfidence,
  minShared,
  minReverseConfidence,
  maxDaysSinceShared,
});

/** Neighbours of the product's warning thresholds, reported for the precision/coverage trade-off. */
export const WARNING_GRID: WarningThresholds[] = [
  grid(0.7, 5, 0, 100_000),
  grid(0.8, 5, 0, 100_000),
  grid(0.7, 8, 0.3, 100_000),
  grid(0.8, 5, 0.3, 100_000),
  grid(0.7, 5, 0.3, 69),
  grid(0.8, 5, 0.3, 36),
];
