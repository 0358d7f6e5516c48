import type { SkipReason, SkippedFile } from "../../../shared/protocol/indexing";
import type { SkippedEntry } from "../indexer/types";

/** Every file the indexer left out, with its reason, so the status bar can count them and the user can list them. */
export class SkipLedger {
  private readonly entries = new Map<string, SkippedEntry>();

  replaceAll(entries: SkippedEntry[]): void {
    this.entries.clear();
    for (const entry of entries) this.entries.set(entry.path, entry);
  }

  add(entry: SkippedEntry): void {
    this.entries.set(entry.path, entry);
  }

  delete(path: string): void {
    this.entries.delete(path);
  }

  counts(): Partial<Record<SkipReason, number>> {
    const counts: Partial<Record<SkipReason, number>> = {};
    for (const { reason } of this.entries.values()) counts[reason] = (counts[reason] ?? 0) + 1;
    return counts;
  }

  list(reason?: SkipReason, limit = 1000): SkippedFile[] {
    const result: SkippedFile[] = [];
    for (const entry of this.entries.values()) {
      if (reason && entry.reason !== reason) continue;
      result.push({ path: entry.path, reason: entry.reason, detail: entry.detail });
      if (result.length >= limit) break;
    }
    return result.sort((a, b) => a.path.localeCompare(b.path));
  }
}
