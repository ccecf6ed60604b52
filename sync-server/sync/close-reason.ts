// A WebSocket close reason fits in 123 bytes of UTF-8 (RFC 6455); ws throws on a longer one, and
// a reason can quote a client's text (a JSON error naming its characters), so it is cut to fit.

export const MAX_CLOSE_REASON_BYTES = 123;

/** `text` cut at a character boundary to at most 123 bytes of UTF-8. */
export function closeReason(text: string): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > MAX_CLOSE_REASON_BYTES) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
