import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import type { FakeScript } from "../../fakes/fakeLlmCore";
import { tempDir } from "./llmTestKit";

/** Starts a fake as its own process the way e2e tests do, and resolves with the URL it prints. */
function startCli(file: string, scriptPath: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", file, "--script", scriptPath, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve({ child, url: line.trim() });
    });
    child.on("exit", (code) => reject(new Error(`fake exited early with ${code}`)));
  });
}

describe("fake Anthropic server as a separate process (for e2e)", () => {
  it("reads a JSON script, prints its URL, answers by rule, exposes recorded requests and takes a new script", async () => {
    const dir = tempDir();
    const script: FakeScript = {
      rules: [{ whenBodyIncludes: "Improve this function", step: { text: "improved" } }],
      fallback: { text: "default" },
    };
    const scriptPath = join(dir.path, "script.json");
    writeFileSync(scriptPath, JSON.stringify(script));
    const { child, url } = await startCli("test/fakes/anthropicServer.ts", scriptPath);
    try {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const client = new Anthropic({ apiKey: "k", baseURL: url, maxRetries: 0 });
      const ask = async (text: string) => {
        const m = await client.messages.create({ model: "m", max_tokens: 10, messages: [{ role: "user", content: text }] });
        return m.content[0].type === "text" ? m.content[0].text : "";
      };
      assert.equal(await ask("Improve this function please"), "improved");
      assert.equal(await ask("something else"), "default");
      const recorded = (await (await fetch(`${url}/_fake/requests`)).json()) as Array<{ path: string }>;
      assert.deepEqual(recorded.map((r) => r.path), ["/v1/messages", "/v1/messages"]);
      await fetch(`${url}/_fake/script`, { method: "POST", body: JSON.stringify({ fallback: { status: 529 } }) });
      await assert.rejects(ask("now overloaded"), (e: InstanceType<typeof Anthropic.APIError>) => e.status === 529);
    } finally {
      child.kill("SIGTERM");
      dir.cleanup();
    }
  });
});
