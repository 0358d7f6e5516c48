import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { runGit } from "./runGit";

/**
 * A cheap "has HEAD possibly moved?" check for the per-request path. Asking git costs a process spawn (several ms in a
 * server with a large heap, ×3 for a full inspection), so between requests we compare the files git itself rewrites
 * whenever HEAD moves: HEAD (branch switch, detached checkout), the current branch's loose ref (commit, amend, reset,
 * rebase, pull) and packed-refs / the reftable list. Any difference, or anything unreadable, means "ask git again";
 * equal fingerprints mean HEAD is where it was.
 */
export class HeadFingerprint {
  private constructor(
    private readonly gitDir: string,
    private readonly commonDir: string,
  ) {}

  /** undefined when `root` is not in a git work tree (there is no HEAD to watch). */
  static async open(root: string): Promise<HeadFingerprint | undefined> {
    const result = await runGit(root, ["rev-parse", "--absolute-git-dir", "--git-common-dir"], { okExitCodes: [128] }).catch(() => undefined);
    if (!result || result.exitCode !== 0) return undefined;
    const [gitDir, commonDir] = result.stdout.split("\n");
    if (!gitDir || !commonDir) return undefined;
    return new HeadFingerprint(gitDir, path.resolve(root, commonDir));
  }

  /** A string that changes whenever HEAD may have moved; undefined when it cannot be read (then ask git). */
  read(): string | undefined {
    try {
      const head = readFileSync(path.join(this.gitDir, "HEAD"), "utf8").trim();
      const parts = [head, stamp(path.join(this.commonDir, "packed-refs")), stamp(path.join(this.commonDir, "reftable", "tables.list"))];
      const ref = /^ref: (refs\/.+)$/.exec(head)?.[1];
      if (ref) parts.push(stamp(path.join(this.commonDir, ref)));
      return parts.join("|");
    } catch {
      return undefined;
    }
  }
}

/** Size and modification time (ns) of a file, or "-" when it does not exist. */
function stamp(file: string): string {
  const stats = statSync(file, { throwIfNoEntry: false, bigint: true });
  return stats ? `${stats.size}:${stats.mtimeNs}:${stats.ino}` : "-";
}
