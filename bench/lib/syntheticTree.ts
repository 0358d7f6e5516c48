/**
 * A deterministic large TypeScript tree for scale benchmarks, made by copying vuejs/core's source files into
 * renamed folders. Each copy after the first renames a fixed, hash-chosen third of its longer identifiers (the same
 * way within the copy), so copies are not byte-identical: real repositories do not consist of duplicates, and
 * duplicate chunks would flatter any content-hash cache.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadRowsOldestFirst } from "./dataset";
import { findVueGitDir, listCorpus, readBlobs, WORK_DIR } from "./vueRepo";

/** Words that must keep their spelling so the copies still parse as TypeScript. */
const RESERVED = new Set(
  (
    "abstract arguments assert asserts async await boolean break case catch class const constructor continue " +
    "debugger declare default delete do else enum export extends false finally for from function get global if " +
    "implements import in infer instanceof interface is keyof let module namespace never new null number object " +
    "of package private protected public readonly require return satisfies set static string super switch symbol " +
    "this throw true try type typeof undefined unique unknown var void while with yield Promise Record Partial " +
    "Readonly ReadonlyArray Array Map Set WeakMap WeakSet Symbol Object String Number Boolean Function Error " +
    "console window document"
  ).split(" "),
);

export interface SyntheticTree {
  root: string;
  files: string[];
  sourceCommit: string;
  sourceFiles: number;
}

/** The newest dataset commit: a fixed source, whatever the local clone's HEAD is. */
function sourceCommit(): string {
  const rows = loadRowsOldestFirst();
  return rows[rows.length - 1].commit;
}

/** Builds (or reuses, when its stamp matches) a tree of exactly `fileCount` .ts files under bench/.work/. */
export function buildSyntheticTree(fileCount: number, name = `synthetic-${fileCount}`): SyntheticTree {
  const gitDir = findVueGitDir();
  const commit = sourceCommit();
  const root = join(WORK_DIR, name);
  const stampPath = join(WORK_DIR, `${name}.stamp.json`);
  const stamp = JSON.stringify({ version: 2, commit, fileCount });
  const corpus = [...listCorpus(gitDir, commit)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const files: string[] = [];
  for (let i = 0; i < fileCount; i++) files.push(copyPath(Math.floor(i / corpus.length), corpus[i % corpus.length][0]));

  if (existsSync(stampPath) && readFileSync(stampPath, "utf8") === stamp && existsSync(root)) {
    return { root, files, sourceCommit: commit, sourceFiles: corpus.length };
  }
  rmSync(root, { recursive: true, force: true });
  rmSync(stampPath, { force: true });
  const blobs = readBlobs(gitDir, [...new Set(corpus.map(([, blob]) => blob))]);
  for (let i = 0; i < fileCount; i++) {
    const copy = Math.floor(i / corpus.length);
    const [, blob] = corpus[i % corpus.length];
    const target = join(root, files[i]);
    mkdirSync(dirname(target), { recursive: true });
    const text = blobs.get(blob)!.toString("utf8");
    writeFileSync(target, copy === 0 ? text : renameIdentifiers(text, copy));
  }
  writeFileSync(stampPath, stamp);
  return { root, files, sourceCommit: commit, sourceFiles: corpus.length };
}

/** packages/runtime-core/src/x.ts in copy 3 → copy03/packages/runtime-core-c3/src/x.ts. */
function copyPath(copy: number, path: string): string {
  const [, pkg, ...rest] = path.split("/");
  const suffix = copy === 0 ? "" : `-c${copy}`;
  return [`copy${String(copy).padStart(2, "0")}`, "packages", pkg + suffix, ...rest].join("/");
}

function renameIdentifiers(text: string, copy: number): string {
  return text.replace(/\b[A-Za-z_][A-Za-z0-9_]{5,}\b/g, (word) => {
    if (RESERVED.has(word)) return word;
    const digest = createHash("sha1").update(`${copy}:${word}`).digest();
    return digest[0] % 3 === 0 ? `${word}V${copy}` : word;
  });
}

/** Total bytes and lines of a tree's files, so reports can say how big "10k files" is. */
export function treeSize(tree: SyntheticTree): { bytes: number; lines: number } {
  let bytes = 0;
  let lines = 0;
  for (const file of tree.files) {
    const text = readFileSync(join(tree.root, file), "utf8");
    bytes += Buffer.byteLength(text);
    lines += text.split("\n").length;
  }
  return { bytes, lines };
}
