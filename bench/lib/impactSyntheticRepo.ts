/**
 * A 10k-file git repository for impact latency: the synthetic TypeScript tree of the index benchmark (vuejs/core's
 * sources copied into renamed packages, so relative imports form a real graph) committed once, then a few thousand
 * generated commits written with `git fast-import`. Commits mimic real work: a "hot" minority of files changes most
 * (Zipf-like), a commit's other files come mostly from the same package, a few are bulk edits over 30 files, and five
 * authors alternate. Reused while its stamp matches.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { IMPACT_SCRATCH, gitIn } from "./impactRepo";
import { seededRandom } from "./seededRandom";
import { buildSyntheticTree } from "./syntheticTree";

export interface SyntheticRepo {
  root: string;
  files: number;
  commits: number;
}

const AUTHORS = ["ana", "bo", "chen", "dara", "eli"];
const START_TIME = Date.UTC(2021, 0, 4) / 1000;

function packageOf(path: string): string {
  return path.split("/").slice(0, 3).join("/");
}

export function buildSyntheticRepo(fileCount = 10_000, commitCount = 3_000): SyntheticRepo {
  const root = join(IMPACT_SCRATCH, `synthetic-repo-${fileCount}`);
  const stampPath = `${root}.stamp.json`;
  const stamp = JSON.stringify({ version: 1, fileCount, commitCount });
  if (existsSync(stampPath) && readFileSync(stampPath, "utf8") === stamp && existsSync(join(root, ".git"))) {
    return { root, files: fileCount, commits: commitCount + 1 };
  }
  const tree = buildSyntheticTree(fileCount);
  rmSync(root, { recursive: true, force: true });
  rmSync(stampPath, { force: true });
  mkdirSync(root, { recursive: true });
  cpSync(tree.root, root, { recursive: true });
  const identity = (name: string, time: number): NodeJS.ProcessEnv => ({
    ...process.env,
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: `${name}@example.com`,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: `${name}@example.com`,
    GIT_AUTHOR_DATE: `${time} +0000`,
    GIT_COMMITTER_DATE: `${time} +0000`,
  });
  gitIn(root, ["init", "-q", "-b", "main"]);
  gitIn(root, ["config", "user.email", `${AUTHORS[0]}@example.com`]);
  gitIn(root, ["config", "user.name", AUTHORS[0]]);
  gitIn(root, ["add", "-A"]);
  execFileSync("git", ["commit", "-q", "-m", "initial import"], { cwd: root, env: identity(AUTHORS[0], START_TIME) });

  const files = [...tree.files].sort();
  const byPackage = new Map<string, string[]>();
  for (const file of files) byPackage.set(packageOf(file), [...(byPackage.get(packageOf(file)) ?? []), file]);
  const next = seededRandom(42);
  // Zipf-like popularity: file i of a shuffled order is picked with weight 1 / (i + 10).
  const order = [...files];
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < order.length; i += 1) cumulative.push((total += 1 / (i + 10)));
  const pickHot = (): string => {
    const target = next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    return order[low];
  };
  const edits = new Map<string, number>();
  const chunks: string[] = [];
  let time = START_TIME;
  for (let n = 1; n <= commitCount; n += 1) {
    time += Math.floor(1800 + next() * 30_000);
    const author = AUTHORS[Math.floor(next() * AUTHORS.length)];
    const first = pickHot();
    const changed = new Set([first]);
    const bulk = next() < 0.01;
    const size = bulk ? 40 : 1 + Math.floor(next() ** 2 * 7);
    const neighbours = byPackage.get(packageOf(first)) ?? files;
    while (changed.size < size) changed.add(next() < 0.75 ? neighbours[Math.floor(next() * neighbours.length)] : pickHot());
    const message = `${bulk ? "chore: reformat" : next() < 0.25 ? "fix: correct" : "feat: extend"} ${first.split("/").pop()} (${n})`;
    chunks.push(`commit refs/heads/main\nauthor ${author} <${author}@example.com> ${time} +0000\ncommitter ${author} <${author}@example.com> ${time} +0000\n`);
    chunks.push(`data ${Buffer.byteLength(message)}\n${message}\n`);
    if (n === 1) chunks.push("from refs/heads/main^0\n");
    for (const file of changed) {
      const count = (edits.get(file) ?? 0) + 1;
      edits.set(file, count);
      const content = `${readFileSync(join(tree.root, file), "utf8")}\n// revision ${count}\n`;
      chunks.push(`M 100644 inline ${file}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    }
  }
  const result = spawnSync("git", ["fast-import", "--quiet"], { cwd: root, input: chunks.join(""), maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`git fast-import failed: ${result.stderr.toString()}`);
  gitIn(root, ["reset", "-q", "--hard", "main"]);
  writeFileSync(stampPath, stamp);
  return { root, files: fileCount, commits: commitCount + 1 };
}
