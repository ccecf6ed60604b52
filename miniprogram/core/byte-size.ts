// UTF-8 sizes, counted by hand: WeChat's JavaScript engine may have no TextEncoder.

const nonAscii = /[\u0080-\uffff]/;

export function utf8Length(text: string): number {
  // Most records are plain ASCII JSON: one byte a character, found by one native scan.
  if (!nonAscii.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is one code point of four bytes.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The size of a value as JSON, which is how WeChat stores and counts it. */
export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value));
}
