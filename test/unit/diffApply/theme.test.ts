import { strict as assert } from "node:assert";
import { cssVariableFor, deriveMonacoTheme, themeKindOf, toMonacoColor } from "../../../webview/src/diffApply/theme";

describe("diff-apply panel: Monaco theme from the VS Code theme", function () {
  it("picks the base theme from the body class VS Code sets", function () {
    assert.equal(themeKindOf(["vscode-light"]), "light");
    assert.equal(themeKindOf(["vscode-dark"]), "dark");
    assert.equal(themeKindOf(["vscode-high-contrast"]), "high-contrast");
    // High contrast light carries both classes.
    assert.equal(themeKindOf(["vscode-high-contrast", "vscode-high-contrast-light"]), "high-contrast-light");
    assert.equal(themeKindOf([]), "dark");
    assert.equal(deriveMonacoTheme(["vscode-light"], () => "").base, "vs");
    assert.equal(deriveMonacoTheme(["vscode-dark"], () => "").base, "vs-dark");
    assert.equal(deriveMonacoTheme(["vscode-high-contrast"], () => "").base, "hc-black");
    assert.equal(deriveMonacoTheme(["vscode-high-contrast", "vscode-high-contrast-light"], () => "").base, "hc-light");
  });

  it("turns CSS colors into the #rrggbb(aa) Monaco takes, and leaves out what it cannot read", function () {
    assert.equal(toMonacoColor("#1E1E1E"), "#1e1e1e");
    assert.equal(toMonacoColor(" #abc "), "#aabbcc");
    assert.equal(toMonacoColor("#abcd"), "#aabbccdd");
    assert.equal(toMonacoColor("#9ccc2c33"), "#9ccc2c33");
    assert.equal(toMonacoColor("rgb(255, 0, 10)"), "#ff000a");
    assert.equal(toMonacoColor("rgba(155, 185, 85, 0.2)"), "#9bb95533");
    assert.equal(toMonacoColor("rgb(0 128 255 / 50%)"), "#0080ff80");
    for (const unreadable of ["", "red", "var(--x)", "#12", "rgb(a, b, c)", "linear-gradient(red, blue)"]) assert.equal(toMonacoColor(unreadable), undefined, unreadable);
  });

  it("reads each editor and diff color from its --vscode-* variable", function () {
    assert.equal(cssVariableFor("diffEditor.insertedLineBackground"), "--vscode-diffEditor-insertedLineBackground");
    const variables: Record<string, string> = {
      "--vscode-editor-background": "#ffffff",
      "--vscode-editor-foreground": "#3b3b3b",
      "--vscode-diffEditor-insertedTextBackground": "rgba(156, 204, 44, 0.25)",
      "--vscode-diffEditor-removedLineBackground": "#ff000033",
      "--vscode-focusBorder": "var(--other)",
    };
    const theme = deriveMonacoTheme(["vscode-light"], (name) => variables[name] ?? "");
    assert.equal(theme.inherit, true, "token colors come from the base theme");
    assert.deepEqual(theme.colors, {
      "editor.background": "#ffffff",
      "editor.foreground": "#3b3b3b",
      "diffEditor.insertedTextBackground": "#9ccc2c40",
      "diffEditor.removedLineBackground": "#ff000033",
    });
  });
});
