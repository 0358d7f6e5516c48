import { strict as assert } from "node:assert";
import type { FileTouch } from "../../../server/src/impact/fileHistory";
import { isFixCommit } from "../../../server/src/impact/fileHistory";
import { assessRisk, fileMetrics, type RiskInputs } from "../../../server/src/impact/risk";

const NOW = 1_700_000_000;
const DAY = 86_400;

function touch(daysAgo: number, options: Partial<FileTouch> = {}): FileTouch {
  return { hash: `h${daysAgo}`, time: NOW - daysAgo * DAY, authorEmail: "bob@example.com", added: 10, deleted: 5, binary: false, fix: false, commitSize: 2, ...options };
}

function inputs(overrides: Partial<RiskInputs> = {}): RiskInputs {
  return { path: "src/a.ts", touches: [], now: NOW, text: "export const a = 1;\n", directImporters: [], transitiveImporters: 0, tests: [], ...overrides };
}

describe("risk score", () => {
  it("counts branch points outside comments and strings of comments", () => {
    const metrics = fileMetrics(`// if else for while\nfunction f(a) {\n  if (a && b) return a ?? c;\n  for (;;) {}\n  /* while */\n}\n`);
    assert.equal(metrics.branches, 4);
    assert.equal(metrics.codeLines, 4);
  });

  it("rises with recent churn, fixes and dependents, and explains each factor with evidence", () => {
    const quiet = assessRisk(inputs());
    const busy = assessRisk(
      inputs({
        touches: [touch(20), touch(9, { fix: true }), touch(5), touch(2, { fix: true })],
        directImporters: [{ from: "src/b.ts", to: "src/a.ts", line: 3, specifier: "./a", names: ["a"], typeOnly: false, kind: "import" }],
        transitiveImporters: 4,
      }),
    );
    assert.ok(busy.score > quiet.score, `${busy.score} > ${quiet.score}`);
    assert.ok(busy.score >= 0 && busy.score <= 100);
    const fixes = busy.factors.find((factor) => factor.id === "bugfixes");
    assert.deepEqual(fixes?.evidence, [{ kind: "commits", hashes: ["h2", "h9"] }]);
    const dependents = busy.factors.find((factor) => factor.id === "dependents");
    assert.match(dependents?.explanation ?? "", /1 files import it directly, 4 more/);
    const sum = busy.factors.reduce((total, factor) => total + factor.normalized * factor.weight, 0);
    assert.equal(busy.score, Math.round(sum));
  });

  it("old churn weighs less than recent churn", () => {
    const recent = assessRisk(inputs({ touches: [touch(3), touch(2), touch(1)] }));
    const old = assessRisk(inputs({ touches: [touch(702), touch(701), touch(700)] }));
    assert.ok(recent.score > old.score);
  });

  it("uses lcov coverage when present, and the user's share for familiarity", () => {
    const covered = assessRisk(inputs({ lcov: { linesFound: 10, linesHit: 9, lines: new Map() }, touches: [touch(1, { authorEmail: "me@x.org" }), touch(2)], userEmail: "ME@x.org" }));
    const coverage = covered.factors.find((factor) => factor.id === "coverage");
    assert.match(coverage?.explanation ?? "", /90% of its lines are covered/);
    const familiarity = covered.factors.find((factor) => factor.id === "familiarity");
    assert.equal(familiarity?.value, 0.5);
    const untested = assessRisk(inputs());
    assert.ok((untested.factors.find((factor) => factor.id === "coverage")?.normalized ?? 0) > (coverage?.normalized ?? 1));
  });

  it("recognises bug-fix commit messages", () => {
    assert.equal(isFixCommit("fix(runtime-core): handle null"), true);
    assert.equal(isFixCommit("Fix crash when saving"), true);
    assert.equal(isFixCommit("feat: add prefix option"), false);
    assert.equal(isFixCommit("chore: fix typo in docs"), false);
    assert.equal(isFixCommit("refactor: tidy", "Fixes #123"), false);
    assert.equal(isFixCommit("update parser", "fixes #123"), true);
  });
});
