import { commands, type Disposable, type LogOutputChannel } from "vscode";
import type { ServerClient } from "../serverClient";

export const SHOW_LOG_COMMAND = "vibeCoder.showLog";
export const RESTART_SERVER_COMMAND = "vibeCoder.restartServer";

export function registerServerCommands(server: ServerClient, log: LogOutputChannel): Disposable[] {
  return [
    commands.registerCommand(SHOW_LOG_COMMAND, () => log.show(true)),
    commands.registerCommand(RESTART_SERVER_COMMAND, () => server.restart()),
  ];
}
