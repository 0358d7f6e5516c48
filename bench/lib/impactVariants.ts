/** Ranking variants and warning thresholds tried when calibrating (`npm run bench:impact -- --tune`). */
import type { CoChangeOptions } from "../../server/src/impact/cochange";
import { DEFAULT_RANK_WEIGHTS, type RankWeights } from "../../server/src/impact/rankAffected";
import type { WarningThresholds } from "../../server/src/impact/warnings";
import type { RankVariant } from "./impactReplay";

const base = DEFAULT_RANK_WEIGHTS;
const cochangeOnly: RankWeights = { ...base, importsIt: 0, importedByIt: 0, testByName: 0, testByImport: 0, transitiveImporter: 0, viaPairedFile: 0, sameDirectory: 0 };

/** The history-only baseline: recency-weighted co-change with the README's usual 120-day half-life. */
export const BASELINE_COCHANGE: CoChangeOptions = { halfLifeDays: 120 };

export const TUNING_COCHANGE: Record<string, CoChangeOptions> = {
  "hl30": { halfLifeDays: 30 },
  "hl60": { halfLifeDays: 60 },
  "hl365": { halfLifeDays: 365 },
  "size0.5": { halfLifeDays: 120, commitSizeExponent: 0.5 },
  "size1": { halfLifeDays: 120, commitSizeExponent: 1 },
  "hl60-size0.5": { halfLifeDays: 60, commitSizeExponent: 0.5 },
};

export const TUNING_VARIANTS: Record<string, RankVariant> = {
  "cc-hl30": { weights: cochangeOnly, coChange: "hl30" },
  "cc-hl60": { weights: cochangeOnly, coChange: "hl60" },
  "cc-hl365": { weights: cochangeOnly, coChange: "hl365" },
  "cc-size0.5": { weights: cochangeOnly, coChange: "size0.5" },
  "cc-size1": { weights: cochangeOnly, coChange: "size1" },
  "cc-hl60-size0.5": { weights: cochangeOnly, coChange: "hl60-size0.5" },
  "base-size0.5": { weights: base, coChange: "size0.5" },
  "via-0.3": { weights: { ...base, viaPairedFile: 0.3 }, coChange: "baseline" },
  "via-0.6": { weights: { ...base, viaPairedFile: 0.6 }, coChange: "baseline" },
  "dir-0.05": { weights: { ...base, sameDirectory: 0.05 }, coChange: "baseline" },
  "dir-0.15": { weights: { ...base, sameDirectory: 0.15 }, coChange: "baseline" },
  "test-x2": { weights: { ...base, testByName: base.testByName * 2 }, coChange: "baseline" },
  "imports-x0.5": { weights: { ...base, importsIt: base.importsIt / 2, importedByIt: base.importedByIt / 2 }, coChange: "baseline" },
};

export const WARNING_GRID: WarningThresholds[] = [
  { minConfidence: 0.6, minShared: 5 },
  { minConfidence: 0.7, minShared: 5 },
  { minConfidence: 0.8, minShared: 5 },
  { minConfidence: 0.8, minShared: 8 },
  { minConfidence: 0.9, minShared: 5 },
  { minConfidence: 0.9, minShared: 8 },
];
