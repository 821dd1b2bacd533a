/**
 * The characters every human view shows as they are: printable ASCII but the backslash, and
 * U+00A0 to U+02FF but the soft hyphen, where real tokens' letters and byte-level markers (Ġ, Ċ)
 * lie. Anything else `visible` decides, with a regular expression whose property classes cost a call.
 */
const plainCode = (c: number): boolean =>
  c < 0x80 ? c >= 0x20 && c !== 0x5c && c !== 0x7f : c >= 0xa0 && c <= 0x2ff && c !== 0xad;

/** Whether every code unit of a token is plain: a loop over a short token, cheaper than the regular expression. */
export function plain(token: string): boolean {
  for (let i = 0; i < token.length; i++) if (!plainCode(token.charCodeAt(i))) return false;
  return true;
}

/**
 * A plain token's UTF-8 into `bytes` at `at`, checked and encoded in one pass: the bytes written,
 * or -1 where the token is not plain (some of it then written). Each plain character is one byte
 * or two; the buffer must have room for two per UTF-16 unit.
 */
export function plainInto(token: string, bytes: Uint8Array, at: number): number {
  let i = at;
  for (let k = 0; k < token.length; k++) {
    const c = token.charCodeAt(k);
    if (!plainCode(c)) return -1;
    if (c < 0x80) {
      bytes[i++] = c;
    } else {
      bytes[i++] = 0xc0 | (c >> 6);
      bytes[i++] = 0x80 | (c & 0x3f);
    }
  }
  return i - at;
}
