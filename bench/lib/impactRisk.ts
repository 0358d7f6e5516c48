import type { MinedCommit } from "../../server/src/git/types";
import type { SourceParser } from "../../server/src/impact/parsers";
export async function runRiskBench(_o: { repo: string; commitsOldestFirst: MinedCommit[]; parser: SourceParser; log: (l: string) => void }): Promise<unknown> {
  return {};
}
