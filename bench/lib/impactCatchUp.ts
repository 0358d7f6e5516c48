import type { MinedCommit } from "../../server/src/git/types";
export function runCatchUpBench(_o: { commitsOldestFirst: MinedCommit[]; log: (l: string) => void }): unknown {
  return {};
}
