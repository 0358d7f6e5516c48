import { strict as assert } from "node:assert";
import { decodeSortedIds, encodeSortedIds } from "../../../server/src/util/sortedIdCodec";

describe("sorted id codec (identifier lists in the import cache)", () => {
  const roundTrip = (ids: number[], limit = 2 ** 32): number[] | undefined => {
    const decoded = decodeSortedIds(encodeSortedIds(ids), limit);
    return decoded && Array.from(decoded);
  };

  it("gives back every list it encodes, from the empty list to ids at the top of the 32-bit range", () => {
    const lists = [[], [0], [1], [31], [32], [0, 1, 2, 3], [5, 37, 1024, 1025, 70_000], [2 ** 32 - 2, 2 ** 32 - 1]];
    for (const ids of lists) assert.deepEqual(roundTrip(ids), ids, JSON.stringify(ids));
    // A pseudo-random sample shaped like a file's vocabulary: a few hundred ids out of ~100k.
    let seed = 7;
    const sample = new Set<number>();
    while (sample.size < 400) sample.add((seed = (seed * 48271) % 2147483647) % 120_000);
    const sorted = [...sample].sort((a, b) => a - b);
    const encoded = encodeSortedIds(sorted);
    assert.deepEqual(roundTrip(sorted), sorted);
    assert.ok(encoded.length < sorted.length * 3, `${encoded.length} characters for ${sorted.length} ids`);
    assert.match(encoded, /^[A-Za-z0-9+/]*$/, "plain ASCII that JSON stores as it is");
  });

  it("refuses text it did not write: foreign characters, a list cut in the middle of an id, an id past the table", () => {
    assert.equal(decodeSortedIds("AB\"C", 100), undefined);
    assert.equal(decodeSortedIds("Aé", 100), undefined);
    const long = encodeSortedIds([5000]);
    assert.ok(long.length > 1);
    assert.equal(decodeSortedIds(long.slice(0, -1), 10_000), undefined, "truncated");
    assert.deepEqual(roundTrip([3, 99], 100), [3, 99]);
    assert.equal(roundTrip([3, 100], 100), undefined, "id 100 does not exist in a table of 100 names");
  });
});
