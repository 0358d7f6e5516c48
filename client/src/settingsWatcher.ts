import { commands, window, workspace, type Disposable } from "vscode";
import { SETTING_APPLIES } from "../../shared/settings";
import type { ServerClient } from "./serverClient";

/**
 * Tells the server when `vibeCoder.*` settings change (it pulls the new values itself), and tells the user when a
 * changed setting needs a server restart or a window reload to take effect.
 */
export function watchSettings(server: ServerClient): Disposable {
  return workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration("vibeCoder")) return;
    server.notifyConfigurationChanged();
    const changed = Object.keys(SETTING_APPLIES).filter((id) => event.affectsConfiguration(id));
    if (changed.some((id) => SETTING_APPLIES[id] === "reload-window")) {
      void window.showInformationMessage("Reload the window for the Vibe Coder setting change to take effect.", "Reload Window").then((choice) => {
        if (choice) void commands.executeCommand("workbench.action.reloadWindow");
      });
    } else if (changed.some((id) => SETTING_APPLIES[id] === "restart-server")) {
      void window.showInformationMessage("Restart the Vibe Coder server for the setting change to take effect.", "Restart Server").then((choice) => {
        if (choice) void commands.executeCommand("vibeCoder.restartServer");
      });
    }
  });
}
