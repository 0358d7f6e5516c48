/**
 * Child process for the crash test: writes and removes batches in an endless loop until it is killed with
 * SIGKILL. Every file's content is derived from (path, version) so the parent can verify what the catalog claims.
 */
import { IndexStore } from "../../../server/src/store/indexStore";
import { silentLogger } from "../../../server/src/util/logger";
import { crashFileEntry, CRASH_DIMS, CRASH_PATHS } from "./crashScenario";

async function main(): Promise<void> {
  const storagePath = process.argv[2];
  if (!storagePath) throw new Error("usage: crashWriterChild <storagePath>");
  const { store } = await IndexStore.open({ storagePath, embedderKey: "crash:test", dimensions: CRASH_DIMS, logger: silentLogger });
  process.stdout.write("ready\n");
  let version = Date.now();
  for (;;) {
    const roll = Math.random();
    if (roll < 0.15) {
      const paths = CRASH_PATHS.filter(() => Math.random() < 0.2);
      await store.removeFiles(paths);
    } else if (roll < 0.17) {
      await store.optimize();
    } else {
      const size = 1 + Math.floor(Math.random() * 25);
      const batch = Array.from({ length: size }, () => crashFileEntry(CRASH_PATHS[Math.floor(Math.random() * CRASH_PATHS.length)]!, version++));
      await store.writeFiles(batch);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
