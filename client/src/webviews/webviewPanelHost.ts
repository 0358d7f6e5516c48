import { EventEmitter, ViewColumn, window, type Disposable, type Event, type LogOutputChannel, type Uri, type WebviewPanel } from "vscode";
import { describeError } from "../log";
import { renderWebviewPage, webviewAssetRoot } from "./webviewHtml";

/** Every view → host message protocol has this handshake: the view says it listens before the host talks. */
export interface ReadyMessage {
  type: "ready";
}

export interface WebviewPanelHostOptions<ViewMessage> {
  /** The panel's view type (also what a serializer restores after a reload). */
  viewType: string;
  title: string;
  /** dist/webview/<bundle>.js (and .css when `hasStylesheet`). */
  bundle: string;
  hasStylesheet: boolean;
  /** The page embeds Monaco: see `WebviewPageOptions.runsMonaco` for the CSP this adds. */
  runsMonaco?: boolean;
  extensionUri: Uri;
  log: LogOutputChannel;
  /** The shared/webview guard: messages it rejects are logged and dropped. */
  isViewMessage: (value: unknown) => value is ViewMessage;
  /** Called for every valid message except `ready`, which the host handles itself. */
  onMessage: (message: Exclude<ViewMessage, ReadyMessage>) => void | Promise<void>;
}

/**
 * A webview panel with the conventions of architecture.md item 8: strict CSP with a fresh nonce per render,
 * `localResourceRoots` narrowed to dist/webview, typed and validated messages, and a `ready` handshake. Messages
 * posted before the view listens (or while it is hidden, when VS Code drops them) are queued and delivered in order
 * once it says `ready`. The view keeps what it shows with `getState/setState`, so the panel does not need
 * `retainContextWhenHidden`.
 */
export class WebviewPanelHost<HostMessage, ViewMessage extends { type: string }> implements Disposable {
  private ready = false;
  private readonly queue: HostMessage[] = [];
  private readonly subscriptions: Disposable[] = [];
  private readonly disposeEmitter = new EventEmitter<void>();
  private disposed = false;
  readonly onDidDispose: Event<void> = this.disposeEmitter.event;

  private constructor(
    readonly panel: WebviewPanel,
    private readonly options: WebviewPanelHostOptions<ViewMessage>,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [webviewAssetRoot(options.extensionUri)] };
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidChangeViewState(() => {
        // A hidden webview without retainContextWhenHidden is torn down; it says `ready` again when shown.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.onPanelDisposed()),
    );
    this.render();
  }

  /** Opens a new panel. */
  static open<H, V extends { type: string }>(options: WebviewPanelHostOptions<V>, viewColumn: ViewColumn = ViewColumn.Active): WebviewPanelHost<H, V> {
    const panel = window.createWebviewPanel(options.viewType, options.title, { viewColumn, preserveFocus: false }, {
      enableScripts: true,
      localResourceRoots: [webviewAssetRoot(options.extensionUri)],
      enableFindWidget: true,
    });
    return new WebviewPanelHost<H, V>(panel, options);
  }

  /** Adopts a panel VS Code restored after a reload (from a WebviewPanelSerializer); the view restores its own state. */
  static revive<H, V extends { type: string }>(panel: WebviewPanel, options: WebviewPanelHostOptions<V>): WebviewPanelHost<H, V> {
    return new WebviewPanelHost<H, V>(panel, options);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Sends a message now if the view listens, else as soon as it does. */
  post(message: HostMessage): void {
    if (this.disposed) return;
    if (!this.ready) {
      this.queue.push(message);
      return;
    }
    void this.deliver(message);
  }

  reveal(viewColumn?: ViewColumn): void {
    if (!this.disposed) this.panel.reveal(viewColumn, false);
  }

  set title(title: string) {
    if (!this.disposed) this.panel.title = title;
  }

  dispose(): void {
    if (!this.disposed) this.panel.dispose();
  }

  /** Renders the page again (new nonce); the view then says `ready` and gets the queued messages. */
  private render(): void {
    this.ready = false;
    this.panel.webview.html = renderWebviewPage(this.panel.webview, this.options.extensionUri, {
      bundle: this.options.bundle,
      title: this.options.title,
      hasStylesheet: this.options.hasStylesheet,
      runsMonaco: this.options.runsMonaco,
    });
  }

  private async deliver(message: HostMessage): Promise<void> {
    try {
      const delivered = await this.panel.webview.postMessage(message);
      // False means the view was not live after all: keep the message for its next `ready`.
      if (!delivered && !this.disposed) {
        this.ready = false;
        this.queue.push(message);
      }
    } catch (error) {
      this.options.log.warn(`Could not post to the ${this.options.viewType} webview: ${describeError(error)}`);
    }
  }

  private receive(message: unknown): void {
    if (!this.options.isViewMessage(message)) {
      this.options.log.warn(`Ignored a malformed message from the ${this.options.viewType} webview.`);
      return;
    }
    if (message.type === "ready") {
      this.ready = true;
      for (const queued of this.queue.splice(0)) void this.deliver(queued);
      return;
    }
    void Promise.resolve()
      .then(() => this.options.onMessage(message as Exclude<ViewMessage, ReadyMessage>))
      .catch((error: unknown) => {
        this.options.log.error(`The ${this.options.viewType} webview's "${message.type}" failed: ${describeError(error)}`);
        void window.showErrorMessage(`Vibe Coder: ${describeError(error)}`);
      });
  }

  private onPanelDisposed(): void {
    this.disposed = true;
    this.queue.length = 0;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
  }
}
