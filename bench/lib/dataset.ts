/** The retrieval dataset: bug-fix commits of vuejs/core with the files each fix modified. */
import { readFileSync } from "node:fs";

export const DATASET_PATH =
  process.env.VIBE_BENCH_DATASET ?? "/work/shared/bench/retrieval/vuejs-core-fix-commits.jsonl";

export interface RetrievalRow {
  id: string;
  base_commit: string;
  commit: string;
  date: string;
  query: string;
  gold_files: string[];
  query_mentions_gold_basename: boolean;
}

/** Rows oldest first (the file lists them newest first); equal dates keep the file's reverse order. */
export function loadRowsOldestFirst(path = DATASET_PATH): RetrievalRow[] {
  const lines = readFileSync(path, "utf8").split("\n").filter((line) => line.trim().length > 0);
  const rows = lines.map((line, index) => {
    const row = JSON.parse(line) as RetrievalRow;
    if (typeof row.query !== "string" || !Array.isArray(row.gold_files) || typeof row.base_commit !== "string") {
      throw new Error(`${path}:${index + 1}: not a retrieval row`);
    }
    return { row, index, time: parseGitDate(row.date) };
  });
  rows.sort((a, b) => a.time - b.time || b.index - a.index);
  return rows.map((entry) => entry.row);
}

/** Parses git's "2025-06-05 09:36:47 +0800" form. */
function parseGitDate(date: string): number {
  const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-]\d\d)(\d\d)$/.exec(date.trim());
  const time = match ? Date.parse(`${match[1]}T${match[2]}${match[3]}:${match[4]}`) : Date.parse(date);
  if (Number.isNaN(time)) throw new Error(`unreadable date: ${date}`);
  return time;
}
