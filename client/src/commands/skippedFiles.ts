import { ThemeIcon, commands, window, type LogOutputChannel, type QuickInputButton, type QuickPickItem } from "vscode";
import { ListSkippedRequest, type SkipReason, type SkippedFile } from "../../../shared/protocol/indexing";
import { describeSkipReason, formatCount } from "../format";
import { describeError } from "../log";
import type { ServerClient } from "../serverClient";
import { baseName, resolveWorkspacePath } from "../workspacePaths";

/** More rows than anyone reads; the title says when the list was cut. */
const LIST_LIMIT = 2000;

const REVEAL_BUTTON: QuickInputButton = { iconPath: new ThemeIcon("files"), tooltip: "Reveal in Explorer" };

interface SkippedItem extends QuickPickItem {
  file: SkippedFile;
}

/** Lists the files skipped for one reason; choosing one opens it, the row button reveals it in the Explorer. */
export async function showSkippedFiles(server: ServerClient, log: LogOutputChannel, reason: SkipReason, expected: number): Promise<void> {
  const picker = window.createQuickPick<SkippedItem>();
  picker.title = `Skipped: ${describeSkipReason(reason)}`;
  picker.placeholder = "Type to filter; Enter opens the file";
  picker.matchOnDescription = true;
  picker.busy = true;
  picker.show();
  picker.onDidHide(() => picker.dispose());
  let files: SkippedFile[];
  try {
    files = (await server.sendRequest(ListSkippedRequest.type, { reason, limit: LIST_LIMIT })) ?? [];
  } catch (error) {
    log.error(`Listing skipped files failed: ${describeError(error)}`);
    picker.hide();
    void window.showErrorMessage(`Vibe Coder could not list the skipped files: ${describeError(error)}`);
    return;
  }
  const shown = files.length < expected ? `${formatCount(files.length)} of ${formatCount(expected)}` : formatCount(files.length);
  picker.title = `Skipped: ${describeSkipReason(reason)} (${shown})`;
  picker.items = files.map((file) => {
    const slash = file.path.lastIndexOf("/");
    return {
      label: `$(file) ${baseName(file.path)}`,
      description: slash > 0 ? file.path.slice(0, slash) : undefined,
      detail: file.detail,
      buttons: [REVEAL_BUTTON],
      file,
    };
  });
  picker.busy = false;
  picker.onDidAccept(() => {
    const item = picker.selectedItems[0] ?? picker.activeItems[0];
    if (!item) return;
    picker.hide();
    void openSkipped(item.file, false);
  });
  picker.onDidTriggerItemButton((event) => {
    picker.hide();
    void openSkipped(event.item.file, true);
  });
}

async function openSkipped(file: SkippedFile, reveal: boolean): Promise<void> {
  const uri = resolveWorkspacePath(file.path);
  if (!uri) return;
  if (file.reason === "vanished") {
    void window.showInformationMessage(`${file.path} no longer exists.`);
    return;
  }
  try {
    // A symlink loop cannot be opened; showing where it is is the useful thing.
    if (reveal || file.reason === "symlink-loop") await commands.executeCommand("revealInExplorer", uri);
    // vscode.open picks the right editor for binary and very large files instead of failing.
    else await commands.executeCommand("vscode.open", uri);
  } catch (error) {
    void window.showWarningMessage(`Vibe Coder could not open ${file.path}: ${describeError(error)}`);
  }
}
