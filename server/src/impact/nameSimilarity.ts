import { splitIdentifier } from "../text/identifiers";

/**
 * How much two file names say the same thing. Sources and tests are named after each other in many ways
 * (`apiWatch.ts` ↔ `apiWatch.spec.ts`, `compileScript.ts` ↔ `compileScript/defineProps.spec.ts`,
 * `ssrRenderList.ts` ↔ `ssrRenderList.spec.ts`), and files of one feature share words (`vModel.ts` ↔ `ssrVModel.ts`),
 * so names are compared as sets of words: the stem split at camelCase / `_` / `-`, plus the folder when the file is an
 * index. Folders that only say "code" or "tests" never count.
 */
export interface NameSimilarity {
  /** Jaccard overlap of the two word sets, 0–1. */
  score: number;
  /** The words both names share, for the reason shown to the user. */
  sharedWords: string[];
}

/** The file name without test markers and extension, case kept so camelCase still splits: apiWatch.spec.ts → apiWatch. */
function fileStem(path: string): string {
  return path
    .slice(path.lastIndexOf("/") + 1)
    .replace(/\.(d\.ts|[cm]?[jt]sx?|py|go|rb|vue)$/, "")
    .replace(/\.(test|spec|e2e-spec|test-d)$/, "")
    .replace(/^test_/, "")
    .replace(/_(test|spec)$/, "");
}

const GENERIC_FOLDERS = new Set(["src", "lib", "source", "__tests__", "__test__", "tests", "test", "spec", "__spec__", "__mocks__"]);

function nameWords(path: string): Set<string> {
  const words = splitIdentifier(fileStem(path));
  if (words.length === 1 && words[0] === "index") {
    // An index file is named by its folder.
    const folder = path.split("/").slice(0, -1).reverse().find((name) => !GENERIC_FOLDERS.has(name.toLowerCase()));
    return new Set(folder ? splitIdentifier(folder) : []);
  }
  return new Set(words);
}

export function nameSimilarity(a: string, b: string): NameSimilarity {
  const wordsA = nameWords(a);
  const wordsB = nameWords(b);
  const sharedWords = [...wordsA].filter((word) => wordsB.has(word));
  const union = new Set([...wordsA, ...wordsB]).size;
  return { score: union === 0 ? 0 : sharedWords.length / union, sharedWords };
}
