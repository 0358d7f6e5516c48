import { EventEmitter, Uri, workspace, type Disposable, type Event, type TextDocumentContentProvider } from "vscode";

export const VIEW_SCHEME = "vibe-coder-view";

/**
 * Read-only documents whose text Vibe Coder generates (explanations, usage, the context of an LLM request).
 * A content-provider document cannot be edited or saved by accident, and firing `onDidChange` makes every open
 * editor and Markdown preview of it refresh, which is how an explanation streams in.
 */
export class ReadOnlyDocuments implements TextDocumentContentProvider, Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changeEmitter = new EventEmitter<Uri>();
  private readonly registration: Disposable;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  readonly onDidChange: Event<Uri> = this.changeEmitter.event;

  constructor() {
    this.registration = workspace.registerTextDocumentContentProvider(VIEW_SCHEME, this);
  }

  uri(path: string): Uri {
    return Uri.from({ scheme: VIEW_SCHEME, path: path.startsWith("/") ? path : `/${path}` });
  }

  provideTextDocumentContent(uri: Uri): string {
    return this.contents.get(uri.toString()) ?? "";
  }

  /** Replaces the text; with `throttleMs`, bursts of updates (streamed tokens) refresh viewers at most that often. */
  set(uri: Uri, text: string, throttleMs = 0): void {
    const key = uri.toString();
    this.contents.set(key, text);
    if (throttleMs <= 0) {
      clearTimeout(this.pending.get(key));
      this.pending.delete(key);
      this.changeEmitter.fire(uri);
      return;
    }
    if (this.pending.has(key)) return;
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.changeEmitter.fire(uri);
      }, throttleMs),
    );
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.registration.dispose();
    this.changeEmitter.dispose();
  }
}
