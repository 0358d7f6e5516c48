// Monaco's diff editor for one file at a time: the file as it is now in VS Code (original) against what Apply would
// write (modified). Only the editor API and the TS/JS/Python tokenizers are bundled, not all of monaco-editor (its
// codicon font comes in through diffApply.css).
import * as monaco from "monaco-editor/editor/editor.api.js";
import "monaco-editor/languages/definitions/javascript/register.js";
import "monaco-editor/languages/definitions/python/register.js";
import "monaco-editor/languages/definitions/typescript/register.js";
import { deriveMonacoTheme } from "./theme";

const THEME_NAME = "vibe-coder-webview";

/**
 * Monaco computes diffs in its editor worker. A Worker must be same-origin with the page, and webview resources come
 * from another origin, so the worker bundle (built next to this one) is fetched and started from a blob: URL (the
 * CSP allows `worker-src blob:` and `connect-src` to the webview resources for exactly this). If that fails Monaco
 * falls back to computing the diff on the page's thread, which is slower but still correct.
 */
function installWorkerLoader(): void {
  const workerUrl = new URL("./diffApply.editor.worker.js", import.meta.url).toString();
  let source: Promise<string> | undefined;
  globalThis.MonacoEnvironment = {
    getWorker: async () => {
      source ??= fetch(workerUrl).then((response) => {
        if (!response.ok) throw new Error(`could not load the diff worker (${response.status})`);
        return response.text();
      });
      return new Worker(URL.createObjectURL(new Blob([await source], { type: "text/javascript" })), { name: "diffApply editor worker" });
    },
  };
}

function cssVariable(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function editorFont(): { fontFamily?: string; fontSize?: number } {
  const size = Number.parseFloat(cssVariable("--vscode-editor-font-size"));
  return { fontFamily: cssVariable("--vscode-editor-font-family") || undefined, fontSize: Number.isFinite(size) && size > 0 ? size : undefined };
}

/** Defines the theme from the VS Code theme now, and again whenever VS Code changes it (body class or variables). */
function followVsCodeTheme(onFontChange: () => void): void {
  const apply = (): void => {
    monaco.editor.defineTheme(THEME_NAME, deriveMonacoTheme([...document.body.classList], cssVariable));
    monaco.editor.setTheme(THEME_NAME);
    onFontChange();
  };
  apply();
  const observer = new MutationObserver(apply);
  observer.observe(document.body, { attributes: true, attributeFilter: ["class"] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["style"] });
}

/** In-memory model URIs keep the file's extension, so Monaco picks the language from it. */
function modelUri(side: "original" | "proposal", path: string): monaco.Uri {
  return monaco.Uri.from({ scheme: "vibe-coder", authority: side, path: `/${path}` });
}

export class DiffView {
  readonly editor: monaco.editor.IStandaloneDiffEditor;
  private shownPath: string | undefined;

  constructor(private readonly container: HTMLElement) {
    installWorkerLoader();
    this.editor = monaco.editor.createDiffEditor(container, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      // Narrow panels (the panel opens beside the code) get the inline view; wide ones side by side.
      useInlineViewWhenSpaceIsLimited: true,
      renderSideBySideInlineBreakpoint: 800,
      // Whitespace-only changes are written too, so they must be shown.
      ignoreTrimWhitespace: false,
      renderMarginRevertIcon: false,
      renderGutterMenu: false,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      ariaLabel: "Proposed changes",
      ...editorFont(),
    });
    followVsCodeTheme(() => this.editor.updateOptions(editorFont()));
    // data-diff says whether the diff on screen matches the texts (it is computed asynchronously, in the worker).
    this.editor.onDidUpdateDiff(() => (this.container.dataset.diff = "ready"));
  }

  get modifiedEditor(): monaco.editor.ICodeEditor {
    return this.editor.getModifiedEditor();
  }

  /** Shows `path` with these texts; showing the same file again updates the texts and keeps the scroll position. */
  show(path: string, originalText: string, modifiedText: string): void {
    const unchanged = this.shownPath === path && monaco.editor.getModel(modelUri("original", path))?.getValue() === originalText && monaco.editor.getModel(modelUri("proposal", path))?.getValue() === modifiedText;
    if (unchanged) return;
    this.container.dataset.diff = "computing";
    const original = this.model("original", path, originalText);
    const modified = this.model("proposal", path, modifiedText);
    if (this.shownPath !== path) {
      this.editor.setModel({ original, modified });
      this.shownPath = path;
    }
  }

  /** Scrolls the proposal side so `line` is in view. */
  reveal(line: number): void {
    this.modifiedEditor.revealLineInCenterIfOutsideViewport(Math.max(1, line));
  }

  private model(side: "original" | "proposal", path: string, text: string): monaco.editor.ITextModel {
    const uri = modelUri(side, path);
    const existing = monaco.editor.getModel(uri);
    if (!existing) return monaco.editor.createModel(text, undefined, uri);
    if (existing.getValue() !== text) {
      // An edit, not setValue: the editor keeps its scroll position when a decision changes the proposal.
      existing.pushEditOperations([], [{ range: existing.getFullModelRange(), text }], () => null);
    }
    return existing;
  }
}
