import { SymbolKind, commands, type DocumentSymbol, type Position, type SymbolInformation, type TextDocument } from "vscode";

/** A function-like symbol around the cursor, with 1-based inclusive lines as the impact protocol wants them. */
export interface FunctionAtCursor {
  name: string;
  startLine: number;
  endLine: number;
}

const FUNCTION_KINDS = new Set([SymbolKind.Function, SymbolKind.Method, SymbolKind.Constructor]);
/** Language servers can take a while on a cold start; past this the command assesses the whole file instead. */
const SYMBOL_TIMEOUT_MS = 8_000;

function isDocumentSymbol(symbol: DocumentSymbol | SymbolInformation): symbol is DocumentSymbol {
  return "children" in symbol && "range" in symbol;
}

/** The innermost function, method or constructor containing `position`, using the language's own symbol provider. */
export async function findFunctionAtCursor(document: TextDocument, position: Position): Promise<FunctionAtCursor | undefined> {
  const symbols = await documentSymbols(document);
  let best: FunctionAtCursor | undefined;
  const visit = (list: readonly DocumentSymbol[]): void => {
    for (const symbol of list) {
      if (!symbol.range.contains(position)) continue;
      if (FUNCTION_KINDS.has(symbol.kind)) best = { name: symbol.name, startLine: symbol.range.start.line + 1, endLine: symbol.range.end.line + 1 };
      visit(symbol.children);
    }
  };
  visit(symbols);
  return best;
}

async function documentSymbols(document: TextDocument): Promise<DocumentSymbol[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), SYMBOL_TIMEOUT_MS);
  });
  try {
    const symbols = await Promise.race([
      Promise.resolve(commands.executeCommand<Array<DocumentSymbol | SymbolInformation> | undefined>("vscode.executeDocumentSymbolProvider", document.uri)).catch(() => undefined),
      timeout,
    ]);
    // Providers that only return flat SymbolInformation carry no full ranges for nesting; they are used as they are.
    return (symbols ?? []).filter(isDocumentSymbol);
  } finally {
    clearTimeout(timer);
  }
}
