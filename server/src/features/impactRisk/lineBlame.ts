import { runGit } from "../../git/runGit";
import type { Logger } from "../../util/logger";

/** Commit hash per 1-based line of the working-tree file (all zeros for lines not committed yet). */
export type LineCommits = readonly string[];

const HEADER = /^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$/;
/** Blame of a file larger than this says little per function and costs seconds; the file's history is used instead. */
const MAX_BLAME_BYTES = 8 * 1024 * 1024;

/**
 * Which commit last touched each line of `file` as it is in the work tree (`git blame --porcelain`), or undefined
 * when git cannot say (untracked file, not a repository, git missing). Whitespace-only changes are ignored so a
 * reformat does not make every function look freshly churned.
 */
export async function blameLines(root: string, file: string, logger: Logger): Promise<LineCommits | undefined> {
  try {
    const result = await runGit(root, ["blame", "--porcelain", "-w", "--", file], { okExitCodes: [128], maxOutputBytes: MAX_BLAME_BYTES });
    if (result.exitCode !== 0) return undefined;
    const lines: string[] = [];
    for (const line of result.stdout.split("\n")) {
      const match = HEADER.exec(line);
      if (match) lines[Number(match[2]) - 1] = match[1];
    }
    return lines;
  } catch (error) {
    logger.warn(`Impact: git blame of ${file} failed; function risk falls back to the file's history (${String(error)}).`);
    return undefined;
  }
}

/** The distinct commits that own at least one line in the inclusive 1-based range. */
export function commitsInRange(lines: LineCommits, startLine: number, endLine: number): Set<string> {
  const hashes = new Set<string>();
  for (let line = startLine; line <= endLine && line <= lines.length; line += 1) {
    const hash = lines[line - 1];
    if (hash) hashes.add(hash);
  }
  return hashes;
}
