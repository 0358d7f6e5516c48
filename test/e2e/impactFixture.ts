import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fixtureAt, type FixtureWorkspace } from "./harness/fixtureWorkspace";

export const USER = { name: "Alice Owner", email: "alice@example.invalid" };
export const OTHER = { name: "Bob Teammate", email: "bob@example.invalid" };

/**
 * The commits Bob makes after Alice's last commit: what Catch Me Up must list, with the area each belongs to (the
 * top directory, as the project has no packages).
 */
export const OTHER_COMMITS = [
  { subject: "feat(cart): free shipping above 50", area: "src" },
  { subject: "fix(checkout): security: reject forged coupon codes", area: "src" },
  { subject: "docs: explain discount rounding", area: "docs" },
] as const;

export interface ImpactFixture extends FixtureWorkspace {
  /** Hashes of the commits by `OTHER`, oldest first. */
  readonly otherHashes: string[];
}

const DAY = 86_400;

const DISCOUNT_V1 = `export function applyDiscount(price: number, percent: number): number {
  const bounded = Math.min(Math.max(percent, 0), 100);
  return price - (price * bounded) / 100;
}
`;

function discountSource(version: number): string {
  return `${DISCOUNT_V1}
export function describeDiscount(percent: number): string {
  return \`\${percent}% off (rule set ${version})\`;
}
`;
}

function taxRulesSource(version: number): string {
  return `// Tax rules must agree with the discount rules: both apply to the same net price.
export const TAX_RULES_VERSION = ${version};

export function taxFor(net: number): number {
  return Math.round(net * 0.2 * 100) / 100;
}
`;
}

const CART = `import { applyDiscount } from "../pricing/discount";

export interface CartLine {
  price: number;
  quantity: number;
}

export function cartTotal(lines: CartLine[], percent: number): number {
  const gross = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
  return applyDiscount(gross, percent);
}
`;

const CHECKOUT = `import { applyDiscount } from "../pricing/discount";

export function checkoutAmount(total: number, coupon: string): number {
  const percent = coupon === "SPRING" ? 10 : 0;
  return applyDiscount(total, percent);
}
`;

const DISCOUNT_TEST = `import { strict as assert } from "node:assert";
import { applyDiscount } from "./discount";

assert.equal(applyDiscount(100, 10), 90);
`;

/**
 * A small TypeScript project with a deterministic history by two authors: Alice (the user, as git's user.email)
 * changes src/pricing/discount.ts together with src/pricing/taxRules.ts five times; cart.ts and checkout.ts import
 * applyDiscount; then Bob commits three changes in three areas after Alice's last commit.
 */
export function createImpactFixture(): ImpactFixture {
  const root = mkdtempSync(join(tmpdir(), "vibe-e2e-impact-"));
  const dir = join(root, "shop");
  mkdirSync(dir, { recursive: true });
  // Whole days before now, so churn counts as recent while every run gets the same sequence and spacing.
  const base = Math.floor(Date.now() / 1000 / DAY) * DAY - 40 * DAY;
  let clock = base;
  const git = (args: string[], author = USER): string => {
    const date = `${clock} +0000`;
    const result = spawnSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
    return result.stdout.trim();
  };
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const commit = (subject: string, author = USER): string => {
    clock += DAY;
    git(["add", "-A"], author);
    git(["commit", "-q", "-m", subject], author);
    return git(["rev-parse", "HEAD"], author);
  };

  git(["init", "-q", "-b", "main"]);
  git(["config", "user.name", USER.name]);
  git(["config", "user.email", USER.email]);
  write("package.json", `${JSON.stringify({ name: "shop", version: "1.0.0", private: true }, null, 2)}\n`);
  write("tsconfig.json", `${JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs" }, include: ["src"] }, null, 2)}\n`);
  write("src/pricing/discount.ts", discountSource(0));
  write("src/pricing/taxRules.ts", taxRulesSource(0));
  write("src/pricing/discount.test.ts", DISCOUNT_TEST);
  write("src/cart/cart.ts", CART);
  write("src/checkout/checkout.ts", CHECKOUT);
  write("docs/pricing.md", "# Pricing\n\nDiscounts apply before tax.\n");
  commit("feat: shop with discounts, cart and checkout");
  for (let version = 1; version <= 5; version += 1) {
    write("src/pricing/discount.ts", discountSource(version));
    write("src/pricing/taxRules.ts", taxRulesSource(version));
    commit(`feat(pricing): rule set ${version}`);
  }

  const otherHashes: string[] = [];
  write("src/cart/cart.ts", CART.replace("return applyDiscount(gross, percent);", "const shipping = gross > 50 ? 0 : 5;\n  return applyDiscount(gross, percent) + shipping;"));
  otherHashes.push(commit(OTHER_COMMITS[0].subject, OTHER));
  write("src/checkout/checkout.ts", CHECKOUT.replace('coupon === "SPRING"', '/^SPRING$/.test(coupon)'));
  otherHashes.push(commit(OTHER_COMMITS[1].subject, OTHER));
  write("docs/pricing.md", "# Pricing\n\nDiscounts apply before tax and are rounded to cents.\n");
  otherHashes.push(commit(OTHER_COMMITS[2].subject, OTHER));

  return { ...fixtureAt(root, dir), otherHashes };
}
