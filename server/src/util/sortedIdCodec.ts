/**
 * Sorted lists of distinct non-negative integers (ids into a table) as short ASCII strings, for caches saved as JSON:
 * a list of a few hundred ids becomes one string of ~2 characters per id instead of an array of numbers that JSON
 * spells out in full and parses one by one.
 *
 * Each id is written as its gap from the previous one (minus one, since the ids are distinct), in little-endian groups
 * of 5 bits; each group is one base64 digit whose sixth bit says that more groups follow. (Base64 of the raw
 * Uint32Array, which Buffer does alone, would take 5.3 characters per id: the gaps are what make the lists short.)
 */

const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUE_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i += 1) VALUE_OF[DIGITS.charCodeAt(i)] = i;

const MORE = 32;
const PAYLOAD = 31;

/** Encodes `ids`, which must be ascending, distinct, non-negative integers below 2^32. */
export function encodeSortedIds(ids: ArrayLike<number>): string {
  let text = "";
  let previous = -1;
  for (let i = 0; i < ids.length; i += 1) {
    let gap = ids[i] - previous - 1;
    previous = ids[i];
    while (gap >= MORE) {
      text += DIGITS[MORE | (gap & PAYLOAD)];
      gap = Math.floor(gap / MORE);
    }
    text += DIGITS[gap];
  }
  return text;
}

/**
 * Decodes a string written by `encodeSortedIds`. Undefined when it is not one, or when an id reaches `limit` (the size
 * of the table the ids point into): a damaged cache must not be trusted.
 */
export function decodeSortedIds(text: string, limit: number): Uint32Array | undefined {
  // Every id takes at least one digit, so the text's length bounds the count; the array is trimmed at the end.
  const ids = new Uint32Array(text.length);
  let count = 0;
  let previous = -1;
  let gap = 0;
  let scale = 1;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? VALUE_OF[code] : -1;
    if (value < 0) return undefined;
    gap += (value & PAYLOAD) * scale;
    if (value & MORE) {
      scale *= MORE;
      if (scale > 2 ** 35) return undefined;
      continue;
    }
    const id = previous + 1 + gap;
    if (id >= limit) return undefined;
    ids[count++] = id;
    previous = id;
    gap = 0;
    scale = 1;
  }
  // A trailing digit that promised more groups is a truncated list.
  if (scale !== 1) return undefined;
  return count === ids.length ? ids : ids.slice(0, count);
}
