// Monaco's editor worker (it computes the diff off the page's thread), built to dist/webview/diffApply.editor.worker.js.
import "monaco-editor/editor/editor.worker.js";
