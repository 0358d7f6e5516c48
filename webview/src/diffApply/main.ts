// Must come first: it gives the <style> elements Monaco creates while loading the page's CSP nonce.
import "./styleNonce";
import "./diffApply.css";
import { placeHunks, textWithDecisions } from "../../../shared/diff/hunkDecisions";
import { isDiffApplyHostMessage, type DiffApplyFile, type DiffApplyHostMessage, type DiffApplyState, type DiffApplyViewMessage, type HunkChoice } from "../../../shared/webview/diffApply";
import { button, h } from "./dom";
import { renderFileList } from "./fileList";
import { renderFileHeader, renderHunkList } from "./fileView";
import { HunkWidgets } from "./hunkWidgets";
import { DiffView } from "./monacoDiff";

interface VsCodeApi {
  postMessage(message: DiffApplyViewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface SavedState {
  state?: DiffApplyState;
  selected?: string;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: DiffApplyViewMessage): void => vscode.postMessage(message);
const choose = (hunkIds: string[], choice: HunkChoice): void => post({ type: "choose", hunkIds, choice });

// The layout is built once: the diff editor lives across renders, only the parts around it are redrawn.
const heading = h("h1");
const toolbar = h("div", { class: "toolbar" });
const messages = h("div", { class: "messages" });
const filesSlot = h("div", { class: "files-slot" });
const fileHeaderSlot = h("div", { class: "file-header-slot" });
const hunkListSlot = h("div", { class: "hunk-list-slot" });
const diffHost = h("div", { class: "diff-host" });
(document.getElementById("root") ?? document.body).replaceChildren(
  heading,
  toolbar,
  messages,
  h("div", { class: "layout" }, filesSlot, h("section", { class: "file-view", "aria-label": "The selected file" }, fileHeaderSlot, hunkListSlot, diffHost)),
);
const diff = new DiffView(diffHost);
const widgets = new HunkWidgets(diff.modifiedEditor);

let current: DiffApplyState | undefined;
let selected: string | undefined;

function renderToolbar(state: DiffApplyState): void {
  const all = state.files.flatMap((file) => file.hunks);
  const accepted = all.filter((hunk) => hunk.choice === "accepted").length;
  toolbar.replaceChildren(
    button("Accept All", () => choose(all.map((hunk) => hunk.id), "accepted"), { disabled: state.done, aria: "Accept every change in every file" }),
    button("Reject All", () => choose(all.map((hunk) => hunk.id), "rejected"), { secondary: true, disabled: state.done, aria: "Reject every change in every file" }),
    button(`Apply ${accepted} accepted`, () => post({ type: "apply" }), { disabled: state.done || accepted === 0, aria: `Apply the ${accepted} accepted changes` }),
    button(state.done ? "Close" : "Discard", () => post({ type: "discard" }), { secondary: true }),
  );
}

/** What the proposal side shows: the file with every hunk that is not rejected (a stale file: as it is). */
function proposalText(file: DiffApplyFile): string {
  if (file.stale) return file.currentText;
  try {
    return textWithDecisions(file.currentText, file.hunks);
  } catch {
    return file.currentText;
  }
}

function renderSelectedFile(file: DiffApplyFile, done: boolean): void {
  const placements = placeHunks(file.hunks);
  fileHeaderSlot.replaceChildren(renderFileHeader(file, done, choose));
  hunkListSlot.replaceChildren(renderHunkList(file, placements, done, choose, (line) => diff.reveal(line)));
  diff.show(file.path, file.currentText, proposalText(file));
  if (file.stale) widgets.clear();
  else widgets.render(file.path, file.hunks, placements, done, choose);
}

function render(state: DiffApplyState, error?: string): void {
  document.title = state.title;
  heading.textContent = state.title;
  renderToolbar(state);
  messages.replaceChildren();
  if (state.done) messages.append(h("p", { class: "applied", role: "status" }, "Applied. Undo (Ctrl+Z) in an edited file takes it back."));
  if (error) messages.append(h("p", { class: "error", role: "alert" }, error));
  if (!state.files.some((file) => file.path === selected)) selected = state.files[0]?.path;
  filesSlot.replaceChildren(
    renderFileList(state.files, selected, (path) => {
      selected = path;
      vscode.setState({ state: current, selected } satisfies SavedState);
      render(state);
    }),
  );
  const file = state.files.find((f) => f.path === selected);
  if (file) renderSelectedFile(file, state.done);
}

function accept(message: DiffApplyHostMessage): void {
  if (message.type === "show") {
    current = message.state;
    vscode.setState({ state: current, selected } satisfies SavedState);
    render(current);
  } else if (current) {
    render(current, message.message);
  }
}

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  if (isDiffApplyHostMessage(event.data)) accept(event.data);
});

const saved = vscode.getState() as SavedState | undefined;
if (saved?.state) {
  current = saved.state;
  selected = saved.selected;
  render(current);
}
post({ type: "ready" });
