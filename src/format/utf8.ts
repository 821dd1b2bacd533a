/**
 * UTF-8 into a buffer, as Buffer.write does it, for short texts: a loop in JavaScript writes a
 * word of a dozen letters faster than a call into the runtime does. A lone surrogate becomes
 * U+FFFD, as in Buffer.write. The buffer must have room for 3 bytes per UTF-16 unit.
 */
export function utf8Into(text: string, bytes: Uint8Array, at: number): number {
  let i = at;
  for (let k = 0; k < text.length; k++) {
    let c = text.charCodeAt(k);
    if (c < 0x80) {
      bytes[i++] = c;
      continue;
    }
    if (c < 0x800) {
      bytes[i++] = 0xc0 | (c >> 6);
      bytes[i++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(k + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        bytes[i++] = 0xf0 | (point >> 18);
        bytes[i++] = 0x80 | ((point >> 12) & 0x3f);
        bytes[i++] = 0x80 | ((point >> 6) & 0x3f);
        bytes[i++] = 0x80 | (point & 0x3f);
        k++;
        continue;
      }
      c = 0xfffd;
    }
    bytes[i++] = 0xe0 | (c >> 12);
    bytes[i++] = 0x80 | ((c >> 6) & 0x3f);
    bytes[i++] = 0x80 | (c & 0x3f);
  }
  return i - at;
}
