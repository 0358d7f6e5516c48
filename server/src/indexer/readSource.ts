import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import * as path from "node:path";
import { languageForPath } from "./languages";
import type { SkippedEntry, SourceFile } from "./types";

/** Bytes looked at to decide whether a file is binary (the same amount git looks at). */
const SNIFF_BYTES = 8192;

/** A text file may hold a few control characters (form feeds, stray escapes); a share above this is binary. */
const MAX_CONTROL_CHAR_SHARE = 0.1;

/**
 * Reads one workspace file for indexing. Never throws for a problem with the file itself: a file that cannot become
 * a `SourceFile` comes back as a `SkippedEntry` whose reason and detail say why, so the caller can count it.
 */
export async function readSourceFile(
  root: string,
  relPath: string,
  maxFileSize: number,
): Promise<SourceFile | SkippedEntry> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK keeps a FIFO from blocking a libuv thread forever; it changes nothing for regular files.
    handle = await open(path.join(root, relPath), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return skippedForError(relPath, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { path: relPath, reason: "unreadable", detail: `not a regular file (${fileKind(stats)})` };
    if (stats.size > maxFileSize) return tooLarge(relPath, stats.size, maxFileSize);
    const bytes = await readUpTo(handle, stats.size, maxFileSize);
    // The file may have grown since it was measured; the cap applies to what is actually there.
    if (bytes.length > maxFileSize) return tooLarge(relPath, bytes.length, maxFileSize);
    if (looksBinary(bytes)) return { path: relPath, reason: "binary", detail: "binary content" };
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return { path: relPath, reason: "invalid-utf8", detail: "not valid UTF-8 (another encoding such as Latin-1 or UTF-16?)" };
    }
    return {
      path: relPath,
      text,
      contentHash: createHash("sha256").update(bytes).digest("hex"),
      size: bytes.length,
      mtimeMs: stats.mtimeMs,
      language: languageForPath(relPath),
    };
  } catch (error) {
    return skippedForError(relPath, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** True when the value `readSourceFile` returned is a skip rather than a file. */
export function isSkipped(result: SourceFile | SkippedEntry): result is SkippedEntry {
  return "reason" in result;
}

/** Reads until end of file, but never more than `cap + 1` bytes: one byte over is enough to know it is too large. */
async function readUpTo(handle: FileHandle, expectedSize: number, cap: number): Promise<Buffer> {
  let buffer = Buffer.allocUnsafe(Math.min(expectedSize, cap) + 1);
  let filled = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
    if (filled > cap) break;
    if (filled === buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, cap + 1));
      buffer.copy(grown, 0, 0, filled);
      buffer = grown;
    }
  }
  return buffer.subarray(0, filled);
}

/** Git's rule (a NUL byte early on) plus a share of control characters, which catches NUL-free binary formats. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, SNIFF_BYTES);
  if (sample.length === 0) return false;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    // Tab, line feed, vertical tab, form feed, carriage return and escape (ANSI colours in logs) are text.
    if ((byte < 0x20 && !(byte >= 0x09 && byte <= 0x0d) && byte !== 0x1b) || byte === 0x7f) control++;
  }
  return control / sample.length > MAX_CONTROL_CHAR_SHARE;
}

function tooLarge(relPath: string, size: number, cap: number): SkippedEntry {
  return { path: relPath, reason: "too-large", detail: `${size} bytes (limit ${cap})` };
}

function skippedForError(relPath: string, error: unknown): SkippedEntry {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ENOENT") return { path: relPath, reason: "vanished", detail: "deleted before it could be read" };
  if (code === "ELOOP") return { path: relPath, reason: "symlink-loop", detail: message };
  return { path: relPath, reason: "unreadable", detail: message };
}

function fileKind(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isSocket()) return "a socket";
  return "a device";
}
