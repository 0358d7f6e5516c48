/**
 * Child process for the writer-lock tests: tries to take the lock, prints "acquired" or "busy", then either holds
 * it until killed ("hold") or exits at once without releasing it ("exit").
 */
import { tryAcquireWriterLock } from "../../../server/src/store/writerLock";

async function main(): Promise<void> {
  const [storagePath, mode = "hold"] = process.argv.slice(2);
  if (!storagePath) throw new Error("usage: lockHolderChild <storagePath> [hold|exit]");
  const lock = await tryAcquireWriterLock(storagePath, { heartbeatMs: 100 });
  process.stdout.write(lock ? "acquired\n" : "busy\n");
  if (!lock || mode === "exit") process.exit(0);
  setInterval(() => undefined, 1000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
