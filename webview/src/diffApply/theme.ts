// A Monaco theme that follows the VS Code theme around the webview. VS Code gives a webview its theme as CSS
// variables (--vscode-<color id with dots as dashes>) and a body class naming the kind; this module turns them into
// Monaco's theme data. Pure (the caller reads the variables), so it is unit-tested without a browser.
import type { editor } from "monaco-editor/editor/editor.api.js";

export type ThemeKind = "light" | "dark" | "high-contrast" | "high-contrast-light";

/** The body class VS Code sets → kind. High contrast light carries both high-contrast classes, so it is checked first. */
export function themeKindOf(bodyClasses: readonly string[]): ThemeKind {
  if (bodyClasses.includes("vscode-high-contrast-light")) return "high-contrast-light";
  if (bodyClasses.includes("vscode-high-contrast")) return "high-contrast";
  if (bodyClasses.includes("vscode-light")) return "light";
  return "dark";
}

const BASE_THEME: Record<ThemeKind, editor.BuiltinTheme> = { light: "vs", dark: "vs-dark", "high-contrast": "hc-black", "high-contrast-light": "hc-light" };

/** The colors the diff editor paints with; each has a VS Code variable of the same id. */
export const THEMED_COLORS = [
  "editor.background",
  "editor.foreground",
  "editor.selectionBackground",
  "editor.inactiveSelectionBackground",
  "editor.lineHighlightBackground",
  "editor.lineHighlightBorder",
  "editorCursor.foreground",
  "editorLineNumber.foreground",
  "editorLineNumber.activeForeground",
  "editorGutter.background",
  "editorWidget.background",
  "editorWidget.foreground",
  "editorWidget.border",
  "editorIndentGuide.background1",
  "editorWhitespace.foreground",
  "diffEditor.insertedTextBackground",
  "diffEditor.insertedTextBorder",
  "diffEditor.removedTextBackground",
  "diffEditor.removedTextBorder",
  "diffEditor.insertedLineBackground",
  "diffEditor.removedLineBackground",
  "diffEditor.border",
  "diffEditor.diagonalFill",
  "diffEditorGutter.insertedLineBackground",
  "diffEditorGutter.removedLineBackground",
  "diffEditorOverview.insertedForeground",
  "diffEditorOverview.removedForeground",
  "diffEditor.unchangedRegionBackground",
  "diffEditor.unchangedRegionForeground",
  "scrollbar.shadow",
  "scrollbarSlider.background",
  "scrollbarSlider.hoverBackground",
  "scrollbarSlider.activeBackground",
  "focusBorder",
  "contrastBorder",
  "contrastActiveBorder",
] as const;

export function cssVariableFor(colorId: string): string {
  return `--vscode-${colorId.replace(/\./g, "-")}`;
}

const hex2 = (n: number): string => Math.round(Math.min(255, Math.max(0, n))).toString(16).padStart(2, "0");

/**
 * A CSS color as Monaco takes it (#rrggbb or #rrggbbaa), or undefined for anything else (names, var(), gradients),
 * which then keeps the base theme's color.
 */
export function toMonacoColor(css: string): string | undefined {
  const value = css.trim().toLowerCase();
  const short = /^#([0-9a-f]{3,4})$/.exec(value);
  if (short) return `#${[...short[1]].map((c) => c + c).join("")}`;
  if (/^#(?:[0-9a-f]{6}|[0-9a-f]{8})$/.test(value)) return value;
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value);
  if (!rgb) return undefined;
  const [r, g, b] = [rgb[1], rgb[2], rgb[3]].map(Number);
  const alphaText = rgb[4];
  const alpha = alphaText === undefined ? 1 : alphaText.endsWith("%") ? Number(alphaText.slice(0, -1)) / 100 : Number(alphaText);
  if ([r, g, b, alpha].some((n) => !Number.isFinite(n))) return undefined;
  return `#${hex2(r)}${hex2(g)}${hex2(b)}${alpha >= 1 ? "" : hex2(alpha * 255)}`;
}

/** Theme data for Monaco from the webview's theme: the base theme of its kind (token colors) plus its UI colors. */
export function deriveMonacoTheme(bodyClasses: readonly string[], readVariable: (name: string) => string): editor.IStandaloneThemeData {
  const colors: Record<string, string> = {};
  for (const id of THEMED_COLORS) {
    const color = toMonacoColor(readVariable(cssVariableFor(id)));
    if (color) colors[id] = color;
  }
  return { base: BASE_THEME[themeKindOf(bodyClasses)], inherit: true, rules: [], colors };
}
