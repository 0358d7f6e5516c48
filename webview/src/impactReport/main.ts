import "@vscode-elements/elements/dist/vscode-badge/index.js";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-collapsible/index.js";
import "@vscode-elements/elements/dist/vscode-divider/index.js";
import "@vscode-elements/elements/dist/vscode-progress-ring/index.js";
import "./impactReport.css";
import { isImpactReportHostMessage, type ImpactReportHostMessage, type ImpactReportViewMessage } from "../../../shared/webview/impactReport";
import { h, icon, type Post } from "./dom";
import { renderCatchUp } from "./renderCatchUp";
import { renderImpact } from "./renderImpact";

interface VsCodeApi {
  postMessage(message: ImpactReportViewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById("root") ?? document.body;

const post: Post = (message) => vscode.postMessage(message);

function rerunButton(): HTMLElement {
  return h("vscode-button", { attributes: { secondary: true, "aria-label": "Run again" }, onClick: () => post({ type: "rerun" }) }, icon("refresh"), " Run again");
}

function render(message: ImpactReportHostMessage): void {
  root.replaceChildren();
  root.setAttribute("aria-busy", message.type === "loading" ? "true" : "false");
  switch (message.type) {
    case "loading":
      document.title = message.title;
      root.append(
        h("h1", {}, message.title),
        h("p", { className: "loading", attributes: { role: "status" } }, h("vscode-progress-ring", { attributes: { "aria-hidden": "true" } }), h("span", {}, message.text)),
      );
      return;
    case "error":
      document.title = message.title;
      root.append(h("h1", {}, message.title), h("p", { className: "error", attributes: { role: "alert" } }, icon("error"), " ", message.message), rerunButton());
      return;
    case "show": {
      const { content } = message;
      document.title = content.title;
      const header = h("header", { className: "report-header" }, h("h1", {}, content.title), rerunButton());
      const body = content.kind === "impact" ? renderImpact(content.result, post) : renderCatchUp(content.result, post);
      root.append(header, body);
      return;
    }
  }
}

/** Shows a message and remembers it, so the panel looks the same after it was hidden or the window reloaded. */
function accept(message: ImpactReportHostMessage): void {
  render(message);
  // "loading" is not remembered: a reload mid-request would otherwise spin forever with nobody answering.
  if (message.type !== "loading") vscode.setState({ message });
}

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  if (isImpactReportHostMessage(event.data)) accept(event.data);
});

const saved = vscode.getState() as { message?: unknown } | undefined;
if (saved && isImpactReportHostMessage(saved.message)) render(saved.message);
else root.append(h("p", { className: "placeholder" }, "Run “Vibe Coder: Assess Impact” or “Vibe Coder: Catch Me Up” to fill this report."));
post({ type: "ready" });
