import { CodeAction, CodeActionKind, languages, type CodeActionContext, type CodeActionProvider, type Disposable, type Range, type TextDocument } from "vscode";
import { ACTION_COMMANDS } from "./actionCommands";
import { toActionDiagnostic } from "./editorTarget";

/**
 * Offers the LLM actions in the light bulb: "Fix with Vibe Coder" only where diagnostics are (a quick fix without a
 * problem would be noise), and the rewrite actions as refactorings.
 */
class VibeCodeActions implements CodeActionProvider {
  static readonly kinds = [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite];

  provideCodeActions(document: TextDocument, _range: Range, context: CodeActionContext): CodeAction[] {
    const actions: CodeAction[] = [];
    const wants = (kind: CodeActionKind): boolean => !context.only || context.only.contains(kind) || kind.contains(context.only);
    if (context.diagnostics.length > 0 && wants(CodeActionKind.QuickFix)) {
      const fix = new CodeAction("Fix with Vibe Coder", CodeActionKind.QuickFix);
      fix.diagnostics = [...context.diagnostics];
      fix.command = { command: ACTION_COMMANDS.fix, title: "Fix with Vibe Coder", arguments: [document.uri, context.diagnostics.map(toActionDiagnostic)] };
      actions.push(fix);
    }
    if (wants(CodeActionKind.RefactorRewrite)) {
      const rewrite = (title: string, command: string): CodeAction => {
        const action = new CodeAction(title, CodeActionKind.RefactorRewrite);
        action.command = { command, title, arguments: [document.uri] };
        return action;
      };
      actions.push(
        rewrite("Vibe Coder: Improve this Function", ACTION_COMMANDS.improve),
        rewrite("Vibe Coder: Document", ACTION_COMMANDS.document),
        rewrite("Vibe Coder: Refactor…", ACTION_COMMANDS.refactor),
      );
    }
    return actions;
  }
}

export function registerVibeCodeActions(): Disposable {
  return languages.registerCodeActionsProvider([{ scheme: "file" }, { scheme: "untitled" }], new VibeCodeActions(), {
    providedCodeActionKinds: VibeCodeActions.kinds,
  });
}
