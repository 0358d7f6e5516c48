import type { ActionDiagnostic, CodeActionKind, TestFrameworkInfo } from "../../../shared/protocol/actions";
import type { LlmContextRule } from "../../../shared/protocol/llm";
import type { AssembledContext, ContextSection } from "./context";
import { OTHER_FILES_RULES } from "./replyFileEdits";

export interface PromptInput {
  action: CodeActionKind;
  /** Language id of the document (fence label and wording). */
  language: string;
  context: AssembledContext;
  instruction?: string;
  diagnostics?: ActionDiagnostic[];
  /** For "test": where the new test file should go and how the project tests. */
  test?: { suggestedPath: string; framework: TestFrameworkInfo; existingText?: string };
}

export interface BuiltPrompt {
  system: string;
  user: string;
}

const BASE_SYSTEM =
  "You are Vibe Coder, a careful senior engineer working inside the user's editor. Follow the project's conventions " +
  "as seen in the code you are shown. Never invent APIs that the context does not show unless they are standard.";

const EDIT_RULES =
  "Reply with the COMPLETE replacement for the target lines in exactly one fenced code block (with no Path line before it). Write every line out: " +
  "never abbreviate with comments such as '// ... rest unchanged'. Keep the original indentation. Do not include " +
  "lines outside the target. After the code block you may add at most three short sentences on what changed.";

const TASKS: Record<Exclude<CodeActionKind, "test" | "explain">, string> = {
  improve:
    "Improve the target code: clarity, naming, error handling, performance where it is obviously wasteful. Keep its behaviour and its public signature.",
  refactor: "Refactor the target code as the user asks below. Keep its behaviour unless the instruction says otherwise.",
  fix: "Fix the problems reported below in the target code with the smallest change that really fixes them.",
  doc: "Add or update the documentation comment of the target in the language's usual style (JSDoc/TSDoc, Python docstring). Do not change the code itself.",
};

/** The system and user text for one action; the model sees the context sections and the rules. */
export function buildPrompt(input: PromptInput): BuiltPrompt {
  const system = [BASE_SYSTEM, rulesText(input.context.rules)].filter(Boolean).join("\n\n");
  const parts: string[] = [];
  for (const section of input.context.sections) parts.push(renderSection(section, input.language));
  const target = input.context.target;
  parts.push(
    `## Target: ${target.path}, lines ${target.startLine}-${target.endLine}\n${fence(input.language, target.text)}`,
  );
  parts.push(taskText(input));
  return { system, user: parts.join("\n\n") };
}

function taskText(input: PromptInput): string {
  const instruction = input.instruction?.trim();
  switch (input.action) {
    case "explain":
      return [
        "Explain the target code to a developer who is new to this code base: what it does, how, why it is written that way, " +
          "and anything surprising or risky. Mention the related definitions and call sites shown above where they help. " +
          "Answer in Markdown. Do not rewrite the code.",
        instruction ? `The user asks: ${instruction}` : "",
      ].filter(Boolean).join("\n");
    case "test": {
      const test = input.test;
      const framework = test?.framework.framework ?? "unknown";
      return [
        `Write unit tests for the target code using ${framework === "unknown" ? "the project's usual test framework" : framework}.`,
        test?.existingText !== undefined
          ? `The test file ${test.suggestedPath} exists already (shown above); reply with its COMPLETE new content, keeping its existing tests.`
          : `The tests go into a new file; the suggested path is ${test?.suggestedPath ?? "next to the source"}.`,
        "Import the code under test with a correct relative path from the test file. Cover normal cases, edge cases and errors.",
        instruction ? `The user asks: ${instruction}` : "",
        "Reply with one line `Path: <workspace-relative path of the test file>` followed by exactly one fenced code block holding the whole file.",
      ].filter(Boolean).join("\n");
    }
    default: {
      const lines = [TASKS[input.action]];
      if (instruction) lines.push(`Instruction from the user: ${instruction}`);
      if (input.action === "fix" && input.diagnostics?.length) {
        lines.push("Problems reported by the editor:");
        for (const d of input.diagnostics) {
          const origin = [d.source, d.code].filter((x) => x !== undefined && x !== "").join(" ");
          lines.push(`- line ${d.range.startLine}${d.range.endLine !== d.range.startLine ? `-${d.range.endLine}` : ""}: ${d.message}${origin ? ` (${origin})` : ""}`);
        }
      }
      lines.push(EDIT_RULES);
      // Only a refactor may need its callers changed; the other edit actions keep the target's signature.
      if (input.action === "refactor") lines.push(OTHER_FILES_RULES);
      return lines.join("\n");
    }
  }
}

function renderSection(section: ContextSection, language: string): string {
  return `## ${section.title} (${section.path}, lines ${section.startLine}-${section.endLine})\n${fence(language, section.text)}`;
}

/** A fence longer than any backtick run inside the text, so code containing ``` cannot break out of it. */
export function fence(language: string, text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${language}\n${text}\n${ticks}`;
}

function rulesText(rules: readonly LlmContextRule[]): string {
  if (rules.length === 0) return "";
  return ["The project's rules (follow them):", ...rules.map((rule) => `From ${rule.source}:\n${rule.text}`)].join("\n");
}
