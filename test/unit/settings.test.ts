import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { DEFAULT_SETTINGS, SETTING_APPLIES, resolveSettings } from "../../shared/settings";

/** The contract between package.json (what VS Code shows and stores) and the server's defaults. */
describe("settings contract", () => {
  const manifest = JSON.parse(readFileSync("package.json", "utf8"));
  const declared: Record<string, { default: unknown }> = manifest.contributes.configuration.properties;

  it("declares every server setting in package.json with the same default", () => {
    for (const [section, values] of Object.entries(DEFAULT_SETTINGS)) {
      for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
        const id = `vibeCoder.${section}.${key}`;
        assert.ok(declared[id], `${id} is missing from package.json`);
        assert.deepEqual(declared[id].default, value, `${id} default differs`);
      }
    }
  });

  it("classifies every declared vibeCoder.index/embeddings/search setting", () => {
    for (const id of Object.keys(declared).filter((k) => /^vibeCoder\.(index|embeddings|search)\./.test(k))) {
      assert.ok(SETTING_APPLIES[id], `${id} has no live/restart classification`);
    }
  });

  it("falls back to defaults for wrong types and clamps numbers", () => {
    const s = resolveSettings({ index: { maxFileSize: "big", exclude: [1] }, search: { limit: 10_000 } });
    assert.equal(s.index.maxFileSize, DEFAULT_SETTINGS.index.maxFileSize);
    assert.deepEqual(s.index.exclude, []);
    assert.equal(s.search.limit, 200);
  });
});
