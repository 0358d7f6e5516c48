import { window, workspace } from "vscode";
import type { TestFrameworkInfo } from "../../../shared/protocol/actions";

/** Quotes a path for a POSIX or PowerShell command line. */
function shellQuote(path: string): string {
  return `'${path.replace(/'/g, "'\\''")}'`;
}

/** After generated tests were written, offers to run them with the project's own test command in a terminal. */
export function offerToRunTests(framework: TestFrameworkInfo, files: readonly string[]): void {
  const template = framework.runCommand;
  const names = files.join(", ");
  if (!template) {
    void window.showInformationMessage(`Vibe Coder: tests written to ${names}. No test command was detected for this project; run them with your usual command.`);
    return;
  }
  void window.showInformationMessage(`Vibe Coder: tests written to ${names}.`, "Run Tests").then((choice) => {
    if (!choice) return;
    const terminal = window.createTerminal({ name: "Vibe Coder: Tests", cwd: workspace.workspaceFolders?.[0]?.uri });
    terminal.show();
    for (const file of files) terminal.sendText(template.replace(/\{file\}/g, shellQuote(file)));
  });
}
