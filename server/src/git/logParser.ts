import type { FileChange, MinedCommit } from "./types";

/** The `--format` the parser understands: record separator, unit separators, header terminator. */
export const LOG_FORMAT = "%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%at%x1f%ct%x1f%s%x1f%b%x1d";

/** Arguments that make `git log` print what `LogStreamParser` reads: NUL-separated raw + numstat entries. */
export const LOG_DIFF_ARGS = ["-z", "--raw", "--numstat", "-M", "--no-abbrev", "--no-color", "--no-ext-diff", "--relative"];

const RECORD = "\x1e";
const HEADER_END = "\x1d";
const GITLINK_MODE = "160000";

interface RawEntry {
  status: FileChange["status"];
  gitlink: boolean;
  path: string;
  previousPath?: string;
}

interface PendingCommit {
  commit: MinedCommit;
  raw: Map<string, RawEntry>;
}

/**
 * Incremental parser for `git log -z --raw --numstat -M --format=LOG_FORMAT`. Feed it text as it streams in; it calls
 * `onCommit` for each complete commit, so memory stays bounded by one commit, not by the whole log.
 *
 * With `-z`, every raw entry is `:modes shas status\0path\0` (two paths for renames/copies) and every numstat entry is
 * `added\tdeleted\tpath\0`, or `added\tdeleted\t\0old\0new\0` for a rename. Raw entries tell us the file modes, which
 * is how submodule pointers (gitlinks, mode 160000) are recognised and dropped.
 */
export class LogStreamParser {
  private buffer = "";
  private tokens: string[] = [];
  private current: PendingCommit | undefined;

  constructor(private readonly onCommit: (commit: MinedCommit) => void) {}

  push(text: string): void {
    this.buffer += text;
    const parts = this.buffer.split("\0");
    this.buffer = parts.pop() ?? "";
    for (const part of parts) this.tokens.push(part);
    this.drain(false);
  }

  /** Call once the stream has ended. */
  end(): void {
    if (this.buffer.length > 0) this.tokens.push(this.buffer);
    this.buffer = "";
    this.drain(true);
    this.finishCommit();
  }

  private drain(final: boolean): void {
    let index = 0;
    const tokens = this.tokens;
    while (index < tokens.length) {
      let token = tokens[index];
      if (token.startsWith("\n")) token = token.slice(1);
      const recordAt = token.indexOf(RECORD);
      if (recordAt >= 0) {
        // Commits without file entries (empty commits, merges outside first-parent mode) can share one token.
        for (const header of token.slice(recordAt + 1).split(RECORD)) {
          this.finishCommit();
          this.startCommit(header);
        }
        index += 1;
        continue;
      }
      if (token.length === 0) {
        index += 1;
        continue;
      }
      if (token.startsWith(":")) {
        const fields = token.slice(1).split(" ");
        const statusLetter = (fields[4] ?? "M").charAt(0) as FileChange["status"];
        const twoPaths = statusLetter === "R" || statusLetter === "C";
        const needed = twoPaths ? 3 : 2;
        if (index + needed > tokens.length && !final) break;
        const entry: RawEntry = {
          status: statusLetter,
          gitlink: fields[0] === GITLINK_MODE || fields[1] === GITLINK_MODE,
          path: twoPaths ? tokens[index + 2] : tokens[index + 1],
          previousPath: twoPaths ? tokens[index + 1] : undefined,
        };
        if (entry.path !== undefined) this.current?.raw.set(entry.path, entry);
        index += needed;
        continue;
      }
      const tab1 = token.indexOf("\t");
      const tab2 = token.indexOf("\t", tab1 + 1);
      if (tab1 < 0 || tab2 < 0) {
        // Not an entry we understand (git added a field?): skip the token rather than derail the whole log.
        index += 1;
        continue;
      }
      const pathPart = token.slice(tab2 + 1);
      let path = pathPart;
      let consumed = 1;
      if (pathPart.length === 0) {
        if (index + 3 > tokens.length && !final) break;
        path = tokens[index + 2];
        consumed = 3;
      }
      this.addNumstat(token.slice(0, tab1), token.slice(tab1 + 1, tab2), path);
      index += consumed;
    }
    this.tokens = tokens.slice(index);
  }

  private startCommit(header: string): void {
    const end = header.lastIndexOf(HEADER_END);
    const fields = (end >= 0 ? header.slice(0, end) : header).split("\x1f");
    const [hash, parents, authorName, authorEmail, authorTime, commitTime, subject, ...bodyParts] = fields;
    this.current = {
      commit: {
        hash,
        parents: parents ? parents.split(" ").filter(Boolean) : [],
        authorName: authorName ?? "",
        authorEmail: (authorEmail ?? "").toLowerCase(),
        authorTime: Number(authorTime) || 0,
        commitTime: Number(commitTime) || 0,
        subject: subject ?? "",
        body: bodyParts.join("\x1f").trim(),
        files: [],
      },
      raw: new Map(),
    };
  }

  private addNumstat(added: string, deleted: string, path: string | undefined): void {
    const pending = this.current;
    if (!pending || path === undefined) return;
    const raw = pending.raw.get(path);
    if (raw?.gitlink) return;
    const binary = added === "-" || deleted === "-";
    pending.commit.files.push({
      path,
      previousPath: raw?.previousPath,
      status: raw?.status ?? "M",
      added: binary ? 0 : Number(added) || 0,
      deleted: binary ? 0 : Number(deleted) || 0,
      binary,
    });
  }

  private finishCommit(): void {
    if (!this.current) return;
    const { commit } = this.current;
    this.current = undefined;
    this.onCommit(commit);
  }
}
