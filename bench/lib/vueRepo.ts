/**
 * Access to a local clone of vuejs/core through plain git plumbing, so the benchmark can materialise the retrieval
 * corpus of any commit without a checkout of the whole repository.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** Where the benchmarks keep scratch trees and indexes; gitignored. */
export const WORK_DIR = resolve(__dirname, "../.work");

/** Candidate git dirs, in order: an explicit env var, a clone under bench/.work, the mirror this machine was given. */
export function findVueGitDir(): string {
  const candidates = [
    process.env.VIBE_BENCH_VUE_GIT,
    join(WORK_DIR, "vuejs-core"),
    join(WORK_DIR, "vuejs-core.git"),
    "/work/.mirror/vuejs+core/repo",
  ].filter((c): c is string => typeof c === "string" && c.length > 0);
  for (const candidate of candidates) {
    const gitDir = existsSync(join(candidate, ".git")) ? join(candidate, ".git") : candidate;
    if (existsSync(join(gitDir, "objects"))) return gitDir;
  }
  throw new Error(
    "No clone of vuejs/core found. Run `git clone https://github.com/vuejs/core bench/.work/vuejs-core` " +
      "or set VIBE_BENCH_VUE_GIT to an existing clone or bare git dir (see bench/README.md).",
  );
}

export function git(gitDir: string, args: string[]): string {
  return execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

/** The retrieval corpus rule from shared/bench/README.md: packages/*\/src/**\/*.ts minus tests and declarations. */
export function isCorpusPath(path: string): boolean {
  if (!/^packages\/[^/]+\/src\/.+\.ts$/.test(path)) return false;
  if (path.includes("/__tests__/")) return false;
  return !/\.(spec|test|d)\.ts$/.test(path);
}

/** path → blob id of every corpus file at a commit. */
export function listCorpus(gitDir: string, commit: string, accept: (path: string) => boolean = isCorpusPath): Map<string, string> {
  const out = git(gitDir, ["ls-tree", "-r", "-z", commit, "--", "packages"]);
  const files = new Map<string, string>();
  for (const entry of out.split("\0")) {
    // "<mode> blob <sha>\t<path>"; symlinks (120000) and submodules are not source files.
    const match = /^(\d+) blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (match && match[1] !== "120000" && accept(match[3])) files.set(match[3], match[2]);
  }
  return files;
}

/** Reads many blobs with one `git cat-file --batch` process. */
export function readBlobs(gitDir: string, blobIds: string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  if (blobIds.length === 0) return blobs;
  const result = spawnSync("git", ["--git-dir", gitDir, "cat-file", "--batch"], {
    input: blobIds.join("\n") + "\n",
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`git cat-file failed: ${result.stderr.toString()}`);
  const out = result.stdout;
  let offset = 0;
  while (offset < out.length) {
    const headerEnd = out.indexOf(0x0a, offset);
    const header = out.subarray(offset, headerEnd).toString("utf8");
    const [id, type, sizeText] = header.split(" ");
    if (type === "missing" || sizeText === undefined) throw new Error(`git object ${id} is missing`);
    const size = Number(sizeText);
    blobs.set(id, out.subarray(headerEnd + 1, headerEnd + 1 + size));
    offset = headerEnd + 1 + size + 1;
  }
  return blobs;
}

export interface SyncResult {
  written: string[];
  deleted: string[];
}

/**
 * Makes `dir` hold exactly `next` (path → blob id), touching only files whose blob differs from `previous`, so
 * an incremental indexer sees the same changes a `git checkout` would make to those files.
 */
export function syncTree(gitDir: string, dir: string, previous: Map<string, string>, next: Map<string, string>): SyncResult {
  const written: string[] = [];
  const deleted: string[] = [];
  for (const path of previous.keys()) {
    if (!next.has(path)) {
      rmSync(join(dir, path), { force: true });
      removeEmptyParents(dir, dirname(path));
      deleted.push(path);
    }
  }
  const changed = [...next].filter(([path, blob]) => previous.get(path) !== blob);
  const blobs = readBlobs(gitDir, [...new Set(changed.map(([, blob]) => blob))]);
  for (const [path, blob] of changed) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, blobs.get(blob)!);
    written.push(path);
  }
  return { written, deleted };
}

function removeEmptyParents(root: string, relativeDir: string): void {
  let current = relativeDir;
  while (current !== "." && current !== "") {
    const full = join(root, current);
    if (!existsSync(full) || readdirSync(full).length > 0) return;
    rmdirSync(full);
    current = dirname(current);
  }
}
