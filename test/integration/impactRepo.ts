import { execFileSync } from "node:child_process";
import { TempWorkspace } from "./harness";

/** The two people in the fixture history; Alice is the repository's configured user (the one catching up). */
export const ALICE = { name: "Alice Archer", email: "alice@example.com" };
export const BOB = { name: "Bob Baker", email: "bob@example.com" };

/** money.ts as committed last; `version` changes a constant so each commit really edits the file. */
export function moneySource(version: number): string {
  return [
    "function pad(value: number): string {",
    '  return String(value).padStart(2, "0");',
    "}",
    "",
    "export function formatEuros(cents: number): string {",
    "  const euros = Math.floor(cents / 100);",
    "  return `€${euros}.${pad(cents % 100)}`;",
    "}",
    "",
    "export function parseAmount(text: string): number {",
    "  if (!text) return 0;",
    "  return Math.round(Number(text) * 100);",
    "}",
    "",
    `export const MONEY_VERSION = ${version};`,
    "",
  ].join("\n");
}

/** Lines (1-based, inclusive) of the declarations in moneySource, as the outline reports them. */
export const MONEY_LINES = { pad: [1, 3], formatEuros: [5, 8], parseAmount: [10, 13] } as const;

function ratesSource(version: number): string {
  return `export const EURO_RATES: Record<string, number> = { EUR: 1, USD: ${1 + version / 10} };\n`;
}

const BASE_FILES: Record<string, string> = {
  "src/money.ts": moneySource(0),
  "src/rates.ts": ratesSource(0),
  "src/invoice.ts": [
    'import { formatEuros } from "./money";',
    "",
    "export function invoiceTotal(lines: number[]): string {",
    "  return formatEuros(lines.reduce((sum, line) => sum + line, 0));",
    "}",
    "",
  ].join("\n"),
  "src/report.ts": ['import { invoiceTotal } from "./invoice";', "", "export function report(lines: number[]): string {", "  return `Total: ${invoiceTotal(lines)}`;", "}", ""].join("\n"),
  "src/checkout.ts": ['import { parseAmount } from "./money";', "", "export function checkout(input: string): number {", "  return parseAmount(input.trim());", "}", ""].join("\n"),
  "test/money.test.ts": ['import { formatEuros } from "../src/money";', "", 'if (formatEuros(150) !== "€1.50") throw new Error("formatEuros");', ""].join("\n"),
  "README.md": "# Shop\n",
  "package.json": '{ "name": "shop", "version": "1.0.0" }\n',
};

interface FixtureCommit {
  author: typeof ALICE;
  /** Day of March 2024. */
  day: number;
  message: string;
  files: Record<string, string>;
}

/**
 * The deterministic history: money.ts and rates.ts change together in most commits (no import links them, so only
 * co-change can), invoice.ts and checkout.ts import money.ts, report.ts imports invoice.ts (a transitive
 * dependent), the test imports money.ts. Alice's last commit is on day 12; Bob commits four times after it.
 */
function history(): FixtureCommit[] {
  const commits: FixtureCommit[] = [{ author: ALICE, day: 1, message: "feat: initial shop", files: BASE_FILES }];
  for (let version = 1; version <= 5; version += 1) {
    commits.push({
      author: version % 2 === 0 ? BOB : ALICE,
      day: 1 + version,
      message: `feat(money): rounding rules v${version}`,
      files: { "src/money.ts": moneySource(version), "src/rates.ts": ratesSource(version) },
    });
  }
  commits.push(
    { author: BOB, day: 8, message: "fix: invoice total rounding bug", files: { "src/invoice.ts": `${BASE_FILES["src/invoice.ts"]}// rounds per line\n`, "src/money.ts": moneySource(6) } },
    { author: ALICE, day: 12, message: "feat(report): add a header", files: { "src/report.ts": `// Report\n${BASE_FILES["src/report.ts"]}` } },
    { author: BOB, day: 14, message: "feat(money): support yen", files: { "src/money.ts": moneySource(7), "src/rates.ts": ratesSource(7) } },
    { author: BOB, day: 15, message: "fix(checkout): security: reject script input", files: { "src/checkout.ts": `${BASE_FILES["src/checkout.ts"]}// sanitized\n` } },
    { author: BOB, day: 16, message: "docs: explain currencies", files: { "README.md": "# Shop\n\nPrices are in cents.\n" } },
    { author: BOB, day: 17, message: "chore(deps): bump version", files: { "package.json": '{ "name": "shop", "version": "1.1.0" }\n' } },
  );
  return commits;
}

/** A temp workspace holding a git repository with the fixture history; `git` runs with no user/global config. */
export class ImpactRepo extends TempWorkspace {
  readonly commits: string[] = [];

  constructor() {
    super();
    this.git("init", "-q", "-b", "main");
    this.git("config", "user.name", ALICE.name);
    this.git("config", "user.email", ALICE.email);
    for (const commit of history()) {
      for (const [path, content] of Object.entries(commit.files)) this.write(path, content);
      this.git("add", "-A");
      const date = `2024-03-${String(commit.day).padStart(2, "0")}T10:00:00Z`;
      this.git("commit", "-q", "-m", commit.message, {
        GIT_AUTHOR_NAME: commit.author.name,
        GIT_AUTHOR_EMAIL: commit.author.email,
        GIT_COMMITTER_NAME: commit.author.name,
        GIT_COMMITTER_EMAIL: commit.author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      });
      this.commits.push(this.git("rev-parse", "HEAD").trim());
    }
  }

  /** Runs git in the repository; a trailing object is extra environment. */
  git(...args: Array<string | Record<string, string>>): string {
    const extra = typeof args[args.length - 1] === "object" ? (args.pop() as Record<string, string>) : {};
    return execFileSync("git", args as string[], {
      cwd: this.root,
      encoding: "utf8",
      env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", ...extra },
    });
  }
}
