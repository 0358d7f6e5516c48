import { strict as assert } from "node:assert";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { saveArtifactsOnFailure, startSession, stopSession, type E2eSession } from "./harness/session";

/** Runs without a working language server: only the packaging, the install and the manifest's contributions. */
describe("e2e smoke: the packaged VSIX in code-server", function () {
  let session: E2eSession | undefined;

  before(async function () {
    session = await startSession({ "vibeCoder.embeddings.provider": "none" });
    process.stdout.write(`      (workbench on screen ${(session.startupMs / 1000).toFixed(1)}s after start)\n`);
  });
  after(async function () {
    await stopSession(session);
  });
  saveArtifactsOnFailure(() => session);

  it("installs the VSIX into the profile's extensions folder", function () {
    const installed = readdirSync(session!.codeServer.extensionsDir).filter((name) => name.startsWith("vibe-coder.vibe-coder-"));
    assert.equal(installed.length, 1, `extensions folder holds ${JSON.stringify(readdirSync(session!.codeServer.extensionsDir))}`);
    const extensionDir = join(session!.codeServer.extensionsDir, installed[0]!);
    for (const file of ["package.json", "dist/client/extension.js", "dist/server/server.js", "node_modules/@lancedb/lancedb/package.json"]) {
      assert.ok(existsSync(join(extensionDir, file)), `${file} is missing from the installed extension`);
    }
  });

  it("loads the VS Code 1.100.3 workbench (code-server 4.100.3)", async function () {
    const versions = await session!.workbench.aboutVersions();
    assert.equal(versions.code, "1.100.3", versions.text);
    assert.equal(versions.codeServer, "4.100.3", versions.text);
  });

  it("lists \"Vibe Coder: Search Code\" in the command palette", async function () {
    const rows = await session!.workbench.findCommands("Vibe Coder", /^Vibe Coder: Search Code(,|$)/);
    const titles = rows.map((row) => row.ariaLabel.split(",")[0]);
    assert.ok(titles.includes("Vibe Coder: Search Code"), JSON.stringify(titles));
    assert.ok(titles.includes("Vibe Coder: Show Index Status"), JSON.stringify(titles));
  });
});
