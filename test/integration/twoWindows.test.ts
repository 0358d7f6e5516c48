import { strict as assert } from "node:assert";
import { SAMPLE_REPO } from "./sampleRepo";
import { eventually, startTestServer, TempWorkspace } from "./harness";

describe("server: two windows on one folder share one index safely", () => {
  it("the second server reads while the first writes, then takes over when the first exits", async () => {
    const ws = new TempWorkspace(SAMPLE_REPO);
    const first = await startTestServer(ws);
    const second = await startTestServer(ws);
    try {
      await first.indexNow();
      const secondStatus = await second.status();
      assert.equal(secondStatus.readOnly, true, "only one writer");
      await assert.rejects(second.indexNow(), /another window/i);
      const seen = await eventually(async () => {
        const result = await second.search("computeInvoiceTotal");
        return result.hits[0]?.path === "src/billing/invoice.ts" ? result : undefined;
      }, "the reader to see the writer's index");
      assert.ok(seen.hits.length > 0);
      await first.close();
      await eventually(async () => ((await second.status()).readOnly ? undefined : true), "the reader to become the writer");
      const summary = await second.indexNow();
      assert.equal(summary.filesIndexed, 0, "the index written by the first server is reused as is");
    } finally {
      await first.close();
      await second.close();
      ws.cleanup();
    }
  });
});
