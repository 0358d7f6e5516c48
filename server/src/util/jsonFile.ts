import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Writes JSON through a temporary file and a rename, so a killed server never leaves a half-written file. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, JSON.stringify(value), "utf8");
  await rename(tmp, path);
}

/**
 * Reads JSON; a missing file gives undefined, a corrupt one also gives undefined and is reported through
 * `onCorrupt` so the caller can log it and start fresh instead of failing every request.
 */
export async function readJsonFile(path: string, onCorrupt?: (error: Error) => void): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    onCorrupt?.(error as Error);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    onCorrupt?.(error as Error);
    return undefined;
  }
}
