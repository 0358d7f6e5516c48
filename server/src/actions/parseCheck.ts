import type { ParseCheck } from "../../../shared/protocol/actions";
import type { ActionSyntax } from "./syntax";

/**
 * Whether a proposal parses where the original did: it passes when the new text has no more ERROR/MISSING nodes
 * than the old one (so a file that was already broken elsewhere can still be improved). Languages without a
 * grammar pass with a note, since nothing can be checked.
 */
export function checkParse(syntax: ActionSyntax, path: string, originalText: string, proposedText: string): ParseCheck {
  const before = originalText.length === 0 ? 0 : syntax.syntaxErrorCount(path, originalText);
  const after = syntax.syntaxErrorCount(path, proposedText);
  if (before === undefined || after === undefined) return { ok: true, message: "Not checked: no parser for this language." };
  if (after > before) {
    const added = after - before;
    return {
      ok: false,
      message: `The proposed code does not parse: it adds ${added} syntax error${added === 1 ? "" : "s"} the original did not have. Review it before accepting.`,
    };
  }
  return { ok: true };
}
