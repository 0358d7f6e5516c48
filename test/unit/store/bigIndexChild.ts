/**
 * Child process for the full-text index build test: writes enough chunks with enough distinct terms that the index
 * writer flushes several posting-list batches (where LanceDB deadlocks on small machines without the thread-pool
 * setting), then optimizes and prints "done".
 */
import { IndexStore } from "../../../server/src/store/indexStore";
import { silentLogger } from "../../../server/src/util/logger";
import { fileEntry } from "./storeTestKit";

async function main(): Promise<void> {
  const storagePath = process.argv[2];
  if (!storagePath) throw new Error("usage: bigIndexChild <storagePath>");
  const { store } = await IndexStore.open({ storagePath, embedderKey: null, dimensions: null, logger: silentLogger });
  // A code-like vocabulary: 3,000 words with a Zipf distribution, combined into camelCase identifiers.
  // mulberry32: a small deterministic generator with a long period (an LCG in doubles degenerates quickly).
  let seed = 7;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const syllables = ["ka", "lo", "mi", "ter", "zu", "pra", "ne", "vos", "di", "gan", "sel", "ro", "fu", "bin", "qua", "wex"];
  const vocabulary = ["get", "set", "user", "request", "retry", "cache", "effect", "watch", "track", "render", "node", "tree", "parse", "token", "query"];
  for (let i = 0; vocabulary.length < 3000; i++) vocabulary.push(syllables[i % 16]! + syllables[Math.floor(i / 16) % 16]! + (i >= 256 ? syllables[Math.floor(i / 256) % 16]! : ""));
  const word = (): string => vocabulary[Math.min(vocabulary.length - 1, Math.floor(Math.exp(random() * Math.log(vocabulary.length))) - 1)]!;
  const capital = (text: string): string => text[0]!.toUpperCase() + text.slice(1);
  const identifier = (): string => word() + capital(word()) + (random() < 0.33 ? capital(word()) : "");
  for (let batch = 0; batch < Number(process.argv[3] ?? 12); batch++) {
    const files = Array.from({ length: 100 }, (_, i) =>
      fileEntry(`src/dir${batch}/file${i}.ts`, Array.from({ length: 5 }, () => {
        const name = identifier();
        const body = Array.from({ length: 25 }, () => `  const ${identifier()} = ${identifier()}(${identifier()}, ${Math.floor(random() * 100)});`).join("\n");
        return { text: `export function ${name}(${identifier()}: string) {\n${body}\n}`, symbol: name };
      })),
    );
    await store.writeFiles(files);
  }
  await store.optimize();
  process.stdout.write(`done ${(await store.stats()).chunks}\n`);
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
