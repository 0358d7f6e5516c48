import { CancellationTokenSource, ProgressLocation, window, type CancellationToken } from "vscode";

/**
 * Sends a server request under a cancellable progress notification; pressing Cancel there cancels the request itself
 * (the server stops its work), and the caller learns it was cancelled rather than getting a half answer.
 */
export async function requestWithCancellableProgress<R>(title: string, send: (token: CancellationToken) => Thenable<R>): Promise<{ cancelled: boolean; result: R | undefined }> {
  const source = new CancellationTokenSource();
  try {
    const result = await window.withProgress({ location: ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      token.onCancellationRequested(() => source.cancel());
      return send(source.token);
    });
    return { cancelled: source.token.isCancellationRequested, result };
  } finally {
    source.dispose();
  }
}
