import "@vscode-elements/elements/dist/vscode-button/index.js";
import "./diffApply.css";
import {
  isDiffApplyHostMessage,
  type DiffApplyFile,
  type DiffApplyHostMessage,
  type DiffApplyHunk,
  type DiffApplyState,
  type DiffApplyViewMessage,
  type HunkChoice,
} from "../../../shared/webview/diffApply";

interface VsCodeApi {
  postMessage(message: DiffApplyViewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById("root") ?? document.body;
const post = (message: DiffApplyViewMessage): void => vscode.postMessage(message);

/** Builds an element; text always goes in as text (code from a model must never become markup). */
function h(tag: string, attributes: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) element.append(child);
  return element;
}

function button(label: string, onClick: () => void, options: { secondary?: boolean; disabled?: boolean; aria?: string } = {}): HTMLElement {
  const element = h("vscode-button", { "aria-label": options.aria ?? label }, label);
  if (options.secondary) element.setAttribute("secondary", "");
  if (options.disabled) element.setAttribute("disabled", "");
  element.addEventListener("click", () => {
    if (!element.hasAttribute("disabled")) onClick();
  });
  return element;
}

function choose(ids: string[], choice: HunkChoice): void {
  post({ type: "choose", hunkIds: ids, choice });
}

function renderHunk(hunk: DiffApplyHunk, done: boolean, path: string): HTMLElement {
  const lines = h("pre");
  for (const line of hunk.removed) lines.append(h("span", { class: "line-removed" }, `- ${line}`));
  for (const line of hunk.added) lines.append(h("span", { class: "line-added" }, `+ ${line}`));
  const state = hunk.choice === "pending" ? "undecided" : hunk.choice;
  return h(
    "section",
    { class: "hunk", "data-choice": hunk.choice, "data-hunk-id": hunk.id },
    h(
      "div",
      { class: "hunk-header" },
      h("span", { class: "hunk-position" }, `${hunk.header} · ${state}`),
      button("Accept", () => choose([hunk.id], "accepted"), { disabled: done || hunk.choice === "accepted", aria: `Accept change ${hunk.header} in ${path}` }),
      button("Reject", () => choose([hunk.id], "rejected"), { secondary: true, disabled: done || hunk.choice === "rejected", aria: `Reject change ${hunk.header} in ${path}` }),
    ),
    lines,
  );
}

function renderFile(file: DiffApplyFile, done: boolean): HTMLElement {
  const ids = file.hunks.map((hunk) => hunk.id);
  const header = h("div", { class: "file-header" }, h("span", { class: "file-path" }, file.path));
  if (file.isNew) header.append(h("span", { class: "badge" }, "new file"));
  if (!file.parseOk) header.append(h("span", { class: "warning", role: "note" }, `⚠ does not parse${file.parseMessage ? `: ${file.parseMessage}` : ""}`));
  if (file.outcome) header.append(h("span", { class: file.outcome.applied ? "applied" : "error", role: "status" }, file.outcome.message));
  header.append(
    button("Open Diff", () => post({ type: "openDiff", path: file.path }), { secondary: true, aria: `Open the diff of ${file.path}` }),
    button("Accept File", () => choose(ids, "accepted"), { disabled: done, aria: `Accept every change in ${file.path}` }),
    button("Reject File", () => choose(ids, "rejected"), { secondary: true, disabled: done, aria: `Reject every change in ${file.path}` }),
  );
  const element = h("article", { class: "file", "data-path": file.path }, header);
  for (const hunk of file.hunks) element.append(renderHunk(hunk, done, file.path));
  return element;
}

function render(state: DiffApplyState, error?: string): void {
  document.title = state.title;
  const all = state.files.flatMap((f) => f.hunks);
  const accepted = all.filter((hunk) => hunk.choice === "accepted").length;
  const toolbar = h(
    "div",
    { class: "toolbar" },
    button("Accept All", () => choose(all.map((hunk) => hunk.id), "accepted"), { disabled: state.done }),
    button("Reject All", () => choose(all.map((hunk) => hunk.id), "rejected"), { secondary: true, disabled: state.done }),
    button(`Apply ${accepted} accepted`, () => post({ type: "apply" }), { disabled: state.done || accepted === 0, aria: "Apply the accepted changes" }),
    button(state.done ? "Close" : "Discard", () => post({ type: "discard" }), { secondary: true }),
  );
  root.replaceChildren(h("h1", {}, state.title), toolbar);
  if (state.done) root.append(h("p", { class: "applied", role: "status" }, "Applied. Undo (Ctrl+Z) in an edited file takes it back."));
  if (error) root.append(h("p", { class: "error", role: "alert" }, error));
  for (const file of state.files) root.append(renderFile(file, state.done));
}

let current: DiffApplyState | undefined;

function accept(message: DiffApplyHostMessage): void {
  if (message.type === "show") {
    current = message.state;
    vscode.setState({ state: current });
    render(current);
  } else if (current) {
    render(current, message.message);
  }
}

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  if (isDiffApplyHostMessage(event.data)) accept(event.data);
});

const saved = vscode.getState() as { state?: DiffApplyState } | undefined;
if (saved?.state) {
  current = saved.state;
  render(current);
}
post({ type: "ready" });
