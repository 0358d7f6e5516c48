import * as assert from "node:assert/strict";
import { WorkspaceFilter, type WorkspaceFilterOptions } from "../../../server/src/indexer/workspaceFilter";
import { TempWorkspace } from "./tempWorkspace";

const OPTIONS: WorkspaceFilterOptions = { exclude: [], maxFileSize: 1_048_576, useGitignore: true };

describe("WorkspaceFilter", () => {
  let workspace: TempWorkspace;

  afterEach(() => workspace?.dispose());

  function filterFor(files: Record<string, string>, options: Partial<WorkspaceFilterOptions> = {}): WorkspaceFilter {
    workspace = new TempWorkspace(files);
    return new WorkspaceFilter(workspace.root, { ...OPTIONS, ...options });
  }

  it("leaves out dependency, build and cache folders at any depth, as folders only", () => {
    const filter = filterFor({});
    for (const dir of ["node_modules", "packages/web/node_modules", ".git", "dist", "build", "target", "__pycache__", ".venv", "vendor", ".next"]) {
      assert.equal(filter.classify(dir, true), "default-exclude", dir);
    }
    assert.equal(filter.classify("node_modules/react/index.js", false), "default-exclude");
    assert.equal(filter.classify("src/build", false), null, "a file named build is not the build folder");
    assert.equal(filter.classify("src/builder.ts", false), null);
  });

  it("leaves out lock files and minified or generated code", () => {
    const filter = filterFor({});
    for (const file of ["package-lock.json", "web/yarn.lock", "pnpm-lock.yaml", "Cargo.lock", "go.sum", "app.min.js", "site.min.css",
      "app.js.map", "types.d.ts.map", "vendor.bundle.js", "schema.generated.ts", "api_pb2.py", "api.pb.go"]) {
      assert.equal(filter.classify(file, false), "default-exclude", file);
    }
    assert.equal(filter.classify("package.json", false), null);
    assert.equal(filter.classify("src/mapper.ts", false), null);
  });

  it("leaves out binaries by extension, whatever the case", () => {
    const filter = filterFor({});
    for (const file of ["logo.png", "img/Photo.JPG", "font.woff2", "lib.so", "app.exe", "data.sqlite", "doc.pdf", "Main.class", "x.pyc", "a.wasm", "z.tar.gz"]) {
      assert.equal(filter.classify(file, false), "binary", file);
    }
    assert.equal(filter.classify("png-utils.ts", false), null);
  });

  it("leaves out secrets but keeps committed .env templates", () => {
    const filter = filterFor({});
    for (const file of [".env", "api/.env.local", ".env.production", ".envrc", "certs/server.pem", "tls.key", "store.p12", "ca.crt",
      "id_rsa", ".ssh/id_ed25519.pub", ".npmrc", ".pypirc", ".netrc", "credentials.json", "config/secrets.yaml", "vault.kdbx"]) {
      assert.equal(filter.classify(file, false), "secret", file);
    }
    for (const file of [".env.example", ".env.sample", ".env.template", "environment.ts", "keyboard.ts", "secretsManager.ts"]) {
      assert.equal(filter.classify(file, false), null, file);
    }
  });

  it("applies nested .gitignore files to their own subtree, deeper files overriding shallower ones", () => {
    const filter = filterFor({
      ".gitignore": "*.log\n/tmp/\n",
      "packages/a/.gitignore": "generated/\n!keep.log\n",
    });
    assert.equal(filter.classify("debug.log", false), "ignored");
    assert.equal(filter.classify("packages/a/other.log", false), "ignored");
    assert.equal(filter.classify("packages/a/keep.log", false), null, "re-included by the deeper .gitignore");
    assert.equal(filter.classify("keep.log", false), "ignored", "the deeper rule does not reach above its folder");
    assert.equal(filter.classify("packages/a/generated", true), "ignored");
    assert.equal(filter.classify("packages/a/generated/api.ts", false), "ignored");
    assert.equal(filter.classify("generated", true), null, "the nested rule does not apply at the root");
    assert.equal(filter.classify("tmp", true), "ignored");
    assert.equal(filter.classify("packages/tmp", true), null, "/tmp/ is anchored to the root");
  });

  it("ignores .gitignore when useGitignore is off, but always honours .vibeignore", () => {
    const files = { ".gitignore": "*.log\n", ".vibeignore": "docs/\n", "src/.vibeignore": "fixtures/\n*.snap\n" };
    const filter = filterFor(files, { useGitignore: false });
    assert.equal(filter.classify("debug.log", false), null);
    assert.equal(filter.classify("docs", true), "ignored");
    assert.equal(filter.classify("docs/guide.md", false), "ignored");
    assert.equal(filter.classify("src/fixtures", true), "ignored");
    assert.equal(filter.classify("src/ui/button.snap", false), "ignored");
    assert.equal(filter.classify("test/fixtures", true), null, "src/.vibeignore does not reach test/");
  });

  it("applies the exclude setting with gitignore syntax, and lets it re-include a default exclude", () => {
    const filter = filterFor({}, { exclude: ["**/*.snap", "legacy/", "  ", "!vendor/"] });
    assert.equal(filter.classify("src/a/b.snap", false), "ignored");
    assert.equal(filter.classify("legacy", true), "ignored");
    assert.equal(filter.classify("src/legacy/old.ts", false), "ignored");
    assert.equal(filter.classify("vendor", true), null);
    assert.equal(filter.classify("vendor/lib/util.js", false), null, "files inside a re-included folder are indexed");
    assert.equal(filter.classify("node_modules", true), "default-exclude");
  });

  it("never re-includes secrets or binaries, whatever the patterns say", () => {
    const filter = filterFor({ ".vibeignore": "!.env\n!*.png\n" });
    assert.equal(filter.classify(".env", false), "secret");
    assert.equal(filter.classify("logo.png", false), "binary");
  });

  it("sees a changed .gitignore after invalidate(), and not before", () => {
    const filter = filterFor({ "src/a.ts": "", ".gitignore": "" });
    assert.equal(filter.classify("src/a.ts", false), null);
    workspace.write({ ".gitignore": "src/\n", "src/.vibeignore": "b.ts\n" });
    assert.equal(filter.classify("src", true), null, "rules are cached until invalidated");
    filter.invalidate("");
    assert.equal(filter.classify("src", true), "ignored");
    workspace.write({ ".gitignore": "" });
    filter.invalidate("");
    assert.equal(filter.classify("src/b.ts", false), null, "src/.vibeignore has not been read since src/ was first judged");
    filter.invalidate("src");
    assert.equal(filter.classify("src/b.ts", false), "ignored");
    workspace.write({ "src/.vibeignore": "" });
    filter.reload();
    assert.equal(filter.classify("src/b.ts", false), null);
  });

  it("names the files whose change needs an invalidate", () => {
    const filter = filterFor({});
    assert.ok(filter.isIgnoreFile(".gitignore"));
    assert.ok(filter.isIgnoreFile("a/b/.vibeignore"));
    assert.ok(!filter.isIgnoreFile("a/gitignore.ts"));
  });

  it("reads .git/info/exclude as part of the git rules", () => {
    const filter = filterFor({ ".git/info/exclude": "scratch/\n" });
    assert.equal(filter.classify("scratch", true), "ignored");
    const off = new WorkspaceFilter(workspace.root, { ...OPTIONS, useGitignore: false });
    assert.equal(off.classify("scratch", true), null);
  });

  it("compares sizes against the cap", () => {
    const filter = filterFor({}, { maxFileSize: 10 });
    assert.ok(!filter.exceedsSizeCap(10));
    assert.ok(filter.exceedsSizeCap(11));
  });
});
