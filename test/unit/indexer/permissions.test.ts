import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

/** An unprivileged uid to run the probe as when the tests run as root ("nobody" on Debian and most Linux systems). */
const UNPRIVILEGED_ID = 65534;

describe("unreadable files and folders", () => {
  it("reports a folder and a file without read permission as unreadable, and keeps going", function () {
    if (process.platform === "win32") this.skip();
    const probe = path.join(__dirname, "unreadableProbe.ts");
    const asRoot = process.getuid?.() === 0;
    const result = spawnSync(process.execPath, ["--import", "tsx", probe], {
      cwd: path.join(__dirname, "..", "..", ".."),
      encoding: "utf8",
      ...(asRoot ? { uid: UNPRIVILEGED_ID, gid: UNPRIVILEGED_ID } : {}),
    });
    assert.equal(result.status, 0, result.stderr);
    const output = JSON.parse(result.stdout) as {
      uid: number;
      files: string[];
      skipped: { path: string; reason: string; detail?: string }[];
      read: { path: string; reason?: string; detail?: string };
    };
    assert.notEqual(output.uid, 0, "the probe must not run as root, or permissions are not enforced");
    assert.deepEqual(output.files, ["open/a.ts", "private.ts"], "discovery only stats files, so the locked file is listed");
    assert.equal(output.skipped.length, 1);
    assert.equal(output.skipped[0].path, "locked");
    assert.equal(output.skipped[0].reason, "unreadable");
    assert.match(output.skipped[0].detail ?? "", /EACCES/);
    assert.equal(output.read.reason, "unreadable");
    assert.match(output.read.detail ?? "", /EACCES/);
  });
});
