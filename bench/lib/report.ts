/** Writes a benchmark's figures as JSON (for machines) and Markdown (for people) under bench/results/. */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";

export const RESULTS_DIR = resolve(__dirname, "../results");

/** Facts about the run that a reader needs before trusting a figure. */
export function runEnvironment(): Record<string, string | number> {
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: resolve(__dirname, "../.."), encoding: "utf8" }).trim();
  } catch {
    // Not a git checkout; the figure is still useful.
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    productCommit: commit,
  };
}

export function writeReport(name: string, json: unknown, markdown: string): { jsonPath: string; markdownPath: string } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const jsonPath = join(RESULTS_DIR, `${name}.json`);
  const markdownPath = join(RESULTS_DIR, `${name}.md`);
  writeFileSync(jsonPath, JSON.stringify(json, null, 2) + "\n");
  writeFileSync(markdownPath, markdown.endsWith("\n") ? markdown : markdown + "\n");
  return { jsonPath, markdownPath };
}

/** A Markdown table; it also reads well on a terminal. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((row) => row.map((cell) => String(cell)))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) => "| " + row.map((cell, column) => cell.padEnd(widths[column])).join(" | ") + " |";
  return [line(cells[0]), "| " + widths.map((w) => "-".repeat(w)).join(" | ") + " |", ...cells.slice(1).map(line)].join("\n");
}

export function fixed(value: number | undefined, digits = 1): string {
  return value === undefined || Number.isNaN(value) ? "n/a" : value.toFixed(digits);
}

export function megabytes(bytes: number | undefined): string {
  return bytes === undefined || Number.isNaN(bytes) ? "n/a" : `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

export function ratio(product: number, baseline: number, digits = 2): string {
  return baseline === 0 || Number.isNaN(baseline) || Number.isNaN(product) ? "n/a" : `${(product / baseline).toFixed(digits)}×`;
}

/** Goal check rendered as a word, so a Markdown reader sees at a glance which goals hold. */
export function verdict(ok: boolean | undefined): string {
  return ok === undefined ? "n/a" : ok ? "met" : "MISSED";
}
