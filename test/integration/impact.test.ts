import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  AssessImpactRequest,
  CatchUpRequest,
  FileRiskRequest,
  type AffectedFile,
  type AssessImpactResult,
  type ImpactTarget,
} from "../../shared/protocol/impact";
import { REPO_ROOT, TempWorkspace, startTestServer, type TestServer } from "./harness";
import { ALICE, BOB, ImpactRepo, MONEY_LINES, moneySource } from "./impactRepo";

const run = promisify(execFile);
const CLI = join(REPO_ROOT, "dist", "cli", "vibe.js");

function affected(result: AssessImpactResult, path: string): AffectedFile {
  const entry = result.affected.find((file) => file.path === path);
  assert.ok(entry, `${path} should be listed as affected; got ${result.affected.map((file) => file.path).join(", ")}`);
  return entry;
}

describe("Impact and Catch Me Up through the real server", () => {
  let repo: ImpactRepo;
  let server: TestServer;
  const assess = (target: ImpactTarget) => server.connection.sendRequest(AssessImpactRequest.type, { target });

  before(async () => {
    repo = new ImpactRepo();
    server = await startTestServer(repo);
  });
  after(async () => {
    await server?.close();
    repo?.cleanup();
  });

  it("assesses a file: importers, the transitive importer, its test and its co-change partner, each with evidence", async () => {
    const result = await assess({ kind: "file", path: "src/money.ts" });
    assert.deepEqual(result.files, ["src/money.ts"]);
    assert.equal(result.history.kind, "full");
    assert.equal(result.history.commits, repo.commits.length);

    const invoice = affected(result, "src/invoice.ts");
    const importReason = invoice.reasons.find((reason) => reason.kind === "imports-it");
    assert.ok(importReason && importReason.kind === "imports-it");
    assert.equal(importReason.line, 1);
    assert.equal(importReason.specifier, "./money");
    assert.ok(affected(result, "src/checkout.ts").reasons.some((reason) => reason.kind === "imports-it"));
    assert.ok(affected(result, "src/report.ts").reasons.some((reason) => reason.kind === "transitive-importer"));
    assert.ok(affected(result, "test/money.test.ts").reasons.some((reason) => reason.kind === "test"));

    // rates.ts is linked to money.ts by history alone: 7 of money.ts's 8 commits changed it too.
    const rates = affected(result, "src/rates.ts");
    const order = result.affected.map((file) => file.path);
    // Only its own test (named after it, importing it) may come first; every file linked by imports alone comes after.
    assert.ok(order.indexOf("src/rates.ts") <= 1, order.join(", "));
    for (const importer of ["src/invoice.ts", "src/checkout.ts", "src/report.ts"]) assert.ok(order.indexOf("src/rates.ts") < order.indexOf(importer), order.join(", "));
    const coChange = rates.reasons.find((reason) => reason.kind === "co-change");
    assert.ok(coChange && coChange.kind === "co-change");
    assert.equal(coChange.shared, 7);
    assert.equal(coChange.total, 8);
    assert.match(coChange.text, /7 of 8/);
    for (const hash of coChange.commits) assert.ok(repo.commits.includes(hash), `evidence ${hash} is a commit of the repository`);
    assert.ok(coChange.commits.length > 0);

    const [risk] = result.risk;
    assert.equal(risk.path, "src/money.ts");
    assert.ok(risk.score >= 0 && risk.score <= 100);
    const dependents = risk.factors.find((factor) => factor.id === "dependents");
    assert.ok(dependents);
    assert.match(dependents.explanation, /3 files import it directly, 1 more/);
    const churn = risk.factors.find((factor) => factor.id === "churn");
    assert.ok(churn?.evidence.some((evidence) => evidence.kind === "commits" && evidence.hashes.length > 0));
  });

  it("assesses a function: the exported symbol in the range and the files that call it", async () => {
    const [start, end] = MONEY_LINES.parseAmount;
    const result = await assess({ kind: "range", path: join(repo.root, "src/money.ts"), startLine: start, endLine: end });
    assert.deepEqual(result.symbols, ["parseAmount"]);
    const checkout = affected(result, "src/checkout.ts");
    const call = checkout.reasons.find((reason) => reason.kind === "calls-symbol");
    assert.ok(call && call.kind === "calls-symbol");
    assert.equal(call.symbol, "parseAmount");
    assert.ok(call.lines.includes(4), "the call on line 4 of checkout.ts is evidence");
    // invoice.ts imports money.ts but never calls parseAmount.
    assert.ok(!affected(result, "src/invoice.ts").reasons.some((reason) => reason.kind === "calls-symbol"));
  });

  it("lists each function's risk for CodeLens (vibe/fileRisk), exported or not", async () => {
    const result = await server.connection.sendRequest(FileRiskRequest.type, { path: "src/money.ts" });
    assert.equal(result.path, "src/money.ts");
    assert.ok(result.fileRisk.score >= 0 && result.fileRisk.score <= 100);
    assert.ok(result.fileRisk.topFactor, "a file with importers and history has a top factor");
    const byName = new Map(result.functions.map((fn) => [fn.name, fn]));
    for (const [name, [start, end]] of Object.entries(MONEY_LINES)) {
      const fn = byName.get(name);
      assert.ok(fn, `${name} is listed`);
      assert.deepEqual([fn.startLine, fn.endLine], [start, end]);
      assert.ok(fn.score >= 0 && fn.score <= 100);
    }
    assert.equal(byName.get("pad")?.exported, false);
    assert.equal(byName.get("formatEuros")?.exported, true);

    const missing = await server.connection.sendRequest(FileRiskRequest.type, { path: "src/nope.ts" });
    assert.deepEqual(missing.functions, []);
    assert.ok(missing.notes.some((note) => /does not exist/.test(note)));
    await assert.rejects(server.connection.sendRequest(FileRiskRequest.type, { path: "" }), /needs a path/);
  });

  it("warns about a usual co-change partner missing from the working-tree diff, and hints at the changed signature", async () => {
    repo.write("src/money.ts", moneySource(7).replace("formatEuros(cents: number)", 'formatEuros(cents: number, currency = "EUR")'));
    try {
      const result = await assess({ kind: "diff" });
      assert.deepEqual(result.files, ["src/money.ts"]);
      const warning = result.warnings.find((entry) => entry.path === "src/rates.ts");
      assert.ok(warning, `rates.ts should be missed; warnings: ${JSON.stringify(result.warnings)}`);
      assert.equal(warning.because, "src/money.ts");
      assert.match(warning.text, /usually also change src\/rates\.ts/);
      const hint = result.breakingChanges.find((entry) => entry.symbol === "formatEuros");
      assert.ok(hint);
      assert.equal(hint.change, "signature");
      assert.ok(hint.callSites.some((site) => site.path === "src/invoice.ts" && site.line === 4));
    } finally {
      repo.git("checkout", "--", "src/money.ts");
    }
  });

  it("follows watched-file events: a new importer shows up as a dependent", async () => {
    const before = await assess({ kind: "file", path: "src/money.ts" });
    assert.ok(!before.affected.some((file) => file.path === "src/summary.ts"));
    repo.write("src/summary.ts", 'import { formatEuros } from "./money";\n\nexport const zero = formatEuros(0);\n');
    await server.changed([{ path: "src/summary.ts", type: "created" }]);
    const result = await assess({ kind: "file", path: "src/money.ts" });
    assert.ok(affected(result, "src/summary.ts").reasons.some((reason) => reason.kind === "imports-it"));
  });

  it("catches Alice up on Bob's commits since her last own commit, grouped by area with critical flags", async () => {
    const result = await server.connection.sendRequest(CatchUpRequest.type, {});
    assert.equal(result.userEmail, ALICE.email);
    assert.equal(result.since.kind, "own-commit");
    assert.equal(result.since.value, repo.commits[7]);
    assert.equal(result.totalCommits, 4);
    const commits = result.groups.flatMap((group) => group.commits);
    assert.equal(commits.length, 4);
    assert.ok(commits.every((commit) => commit.authorEmail === BOB.email));
    assert.deepEqual(result.groups.map((group) => group.area).sort(), ["(root)", "src"]);
    const src = result.groups.find((group) => group.area === "src");
    assert.ok(src?.flags.some((flag) => flag.kind === "security"));
    assert.deepEqual(src?.commits.map((commit) => commit.subject).sort(), ["feat(money): support yen", "fix(checkout): security: reject script input"]);
    const root = result.groups.find((group) => group.area === "(root)");
    assert.ok(root?.flags.some((flag) => flag.kind === "dependency"));

    const sinceRev = await server.connection.sendRequest(CatchUpRequest.type, { since: repo.commits[9] });
    assert.equal(sinceRev.since.kind, "rev");
    assert.equal(sinceRev.totalCommits, 2);
  });

  it("rejects a malformed target with a clear error and keeps serving", async () => {
    await assert.rejects(server.connection.sendRequest(AssessImpactRequest.type, { target: { kind: "range", path: "src/money.ts", startLine: 5, endLine: 2 } }), /startLine/);
    await assert.rejects(server.connection.sendRequest(AssessImpactRequest.type, {} as never), /needs a target/);
    const outside = await assess({ kind: "file", path: "../elsewhere.ts" });
    assert.deepEqual(outside.files, []);
    assert.ok(outside.notes.some((note) => /outside the workspace/.test(note)));
  });
});

describe("Impact in a folder that is not a git repository", () => {
  let ws: TempWorkspace;
  let server: TestServer;

  before(async () => {
    ws = new TempWorkspace({
      "lib/core.ts": "export function core(): number {\n  return 1;\n}\n",
      "lib/user.ts": 'import { core } from "./core";\n\nexport const value = core();\n',
    });
    server = await startTestServer(ws);
  });
  after(async () => {
    await server?.close();
    ws?.cleanup();
  });

  it("answers from the import graph alone and says so", async () => {
    const result = await server.connection.sendRequest(AssessImpactRequest.type, { target: { kind: "file", path: "lib/core.ts" } });
    assert.equal(result.history.kind, "none");
    assert.match(result.history.message ?? "", /import graph alone/);
    assert.ok(result.notes.some((note) => /import graph alone/.test(note)));
    assert.ok(affected(result, "lib/user.ts").reasons.some((reason) => reason.kind === "imports-it"));

    const diff = await server.connection.sendRequest(AssessImpactRequest.type, { target: { kind: "diff" } });
    assert.ok(diff.notes.some((note) => /Not a git repository/.test(note)));
    const catchUp = await server.connection.sendRequest(CatchUpRequest.type, {});
    assert.equal(catchUp.totalCommits, 0);
    assert.equal(catchUp.history.kind, "none");
    const risk = await server.connection.sendRequest(FileRiskRequest.type, { path: "lib/core.ts" });
    assert.deepEqual(risk.functions.map((fn) => fn.name), ["core"]);
  });
});

describe("CLI: vibe impact | catchup", () => {
  let repo: ImpactRepo;
  const vibe = (...args: string[]) => run(process.execPath, [CLI, ...args, "--storage", repo.storage], { timeout: 120_000 });

  before(() => {
    repo = new ImpactRepo();
  });
  after(() => repo?.cleanup());

  it("prints the impact of the function at a line as JSON", async () => {
    const { stdout } = await vibe("impact", repo.root, `src/money.ts:${MONEY_LINES.parseAmount[0] + 1}`, "--json");
    const result = JSON.parse(stdout) as AssessImpactResult;
    assert.equal(result.target.kind, "range");
    assert.ok(result.target.kind === "range");
    assert.deepEqual([result.target.startLine, result.target.endLine], [...MONEY_LINES.parseAmount]);
    assert.deepEqual(result.symbols, ["parseAmount"]);
    assert.ok(result.affected.some((file) => file.path === "src/checkout.ts"));
  });

  it("prints a readable report for a whole file", async () => {
    const { stdout } = await vibe("impact", repo.root, "src/money.ts");
    assert.match(stdout, /Impact of src\/money\.ts/);
    assert.match(stdout, /Risk \d+\/100/);
    assert.match(stdout, /src\/rates\.ts {2}\(co-changed 7 of 8 times/);
  });

  it("prints Catch Me Up as JSON, with --since", async () => {
    const { stdout } = await vibe("catchup", repo.root, "--json");
    const result = JSON.parse(stdout) as { totalCommits: number; groups: Array<{ area: string }> };
    assert.equal(result.totalCommits, 4);
    assert.equal(result.groups.length, 2);
    const since = JSON.parse((await vibe("catchup", repo.root, "--since", repo.commits[10], "--json")).stdout) as { totalCommits: number };
    assert.equal(since.totalCommits, 1);
    assert.match((await vibe("catchup", repo.root)).stdout, /4 commits by others/);
  });

  it("rejects bad usage with exit code 2", async () => {
    const usage = (error: { code: number }) => error.code === 2;
    await assert.rejects(vibe("impact", repo.root), usage);
    await assert.rejects(vibe("impact", repo.root, "a.ts", "b.ts"), usage);
    await assert.rejects(vibe("catchup", repo.root, "extra"), usage);
    await assert.rejects(vibe("catchup", repo.root, "--since"), usage);
    await assert.rejects(vibe("impact", repo.root, "src/money.ts", "--since", "HEAD"), usage);
  });
});
