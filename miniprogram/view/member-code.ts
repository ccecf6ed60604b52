// What a scanned member code names: a phone number, or a member id, whether the QR holds it bare
// or as a link's `member=` / `phone=` parameter. Pure; the cart store looks the member up.

const phonePattern = /^1[3-9]\d{9}$/;

function parameter(text: string, name: string): string | null {
  const match = new RegExp(`[?&#]${name}=([^&#]+)`).exec(text);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]).trim() || null;
  } catch {
    return null;
  }
}

/** The phone or member id in a scanned code; null when the code cannot name a member. */
export function memberKeyOf(scanned: string): string | null {
  const text = scanned.trim();
  if (!text || text.length > 300) return null;
  const fromLink = parameter(text, 'member') ?? parameter(text, 'phone');
  if (fromLink) return fromLink.slice(0, 60);
  if (phonePattern.test(text)) return text;
  // A bare id as the server makes them ("m-0001", "<device>:member:12"): no spaces, no link.
  if (/^[\w:.-]{1,60}$/.test(text)) return text;
  return null;
}

/** A phone number as typed ("138 0013 8000", "138-0013-8000") in the form members are kept. */
export function normalizePhone(typed: string): string {
  return typed.replace(/[\s-]/g, '');
}

export function isPhone(text: string): boolean {
  return phonePattern.test(text);
}
