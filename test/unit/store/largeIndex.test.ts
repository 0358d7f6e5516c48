import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { tempDir } from "./storeTestKit";

describe("IndexStore full-text index build at scale", () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir("large");
  });
  afterEach(() => dir.cleanup());

  // On a 2-core machine LanceDB's default CPU pool has one thread and this build deadlocks forever (0% CPU);
  // the store sizes the pool on open. The child runs with LANCE_CPU_THREADS unset, as a user's server would.
  it("builds the index over 15,000 chunks with a code-like vocabulary without deadlocking", async function () {
    this.timeout(240_000);
    const env = { ...process.env };
    delete env.LANCE_CPU_THREADS;
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", join(__dirname, "bigIndexChild.ts"), dir.path, "30"], { env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (data: Buffer) => (stdout += data.toString()));
      child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
      // A deadlock never ends; this bound only keeps a hung run from blocking the suite until mocha's own timeout.
      const guard = setTimeout(() => child.kill("SIGKILL"), 220_000);
      child.on("exit", (code, signal) => {
        clearTimeout(guard);
        if (code === 0) resolve(stdout);
        else reject(new Error(`index build ${signal === "SIGKILL" ? "hung (deadlock)" : `failed (code ${code})`}: ${stderr.split("\n").filter((line) => !line.includes(" WARN ")).join("\n")}`));
      });
    });
    assert.match(output, /^done 15000$/m);
  });
});
