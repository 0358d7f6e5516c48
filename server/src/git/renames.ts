import type { MinedCommit } from "./types";

/**
 * Returns copies of newest-first commits whose file paths are the names the files have at the newest commit, so a
 * file's history survives moves. Walking from newest to oldest, a rename `old → new` means: in older commits, `old`
 * is the file now called whatever `new` became. A path reused after a rename (a new file created at the old name) is
 * left alone, because its commits are newer than the rename and are visited before the alias exists.
 * `previousPath` keeps the name the file had at that commit (or before a rename in it), for display.
 */
export function followRenames(commitsNewestFirst: readonly MinedCommit[]): MinedCommit[] {
  const alias = new Map<string, string>();
  const result: MinedCommit[] = [];
  for (const commit of commitsNewestFirst) {
    const files = commit.files.map((file) => {
      const current = alias.get(file.path) ?? file.path;
      return current === file.path ? file : { ...file, path: current, previousPath: file.previousPath ?? file.path };
    });
    // Aliases apply to older commits only, so they are recorded after this commit's own paths were mapped.
    for (const file of commit.files) {
      if (file.status === "R" && file.previousPath) alias.set(file.previousPath, alias.get(file.path) ?? file.path);
    }
    result.push({ ...commit, files });
  }
  return result;
}
