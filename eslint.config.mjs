import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "out/**", "node_modules/**", "test/fixtures/**", "bench/results/**", "bench/.work/**", "test-results/**", "**/*.mjs", "**/*.js"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "Use named exports." },
      ],
    },
  },
  {
    // shared/ runs in the extension host, the server and browser webviews: it must stay environment-neutral.
    files: ["shared/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["vscode", "node:*", "fs", "path", "os", "child_process", "crypto"], message: "shared/ must not import vscode or Node built-ins." }] },
      ],
    },
  },
  {
    // Custom LSP messages are declared as namespaces (method + type together), the vscode-languageserver convention.
    files: ["shared/protocol/**/*.ts", "shared/webview/**/*.ts"],
    rules: { "@typescript-eslint/no-namespace": "off" },
  },
  {
    // Server code logs through the connection so lines reach the Output channel with levels.
    files: ["server/**/*.ts"],
    rules: { "no-console": "error" },
  },
);
