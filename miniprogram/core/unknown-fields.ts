// Puts back what a schema's parse dropped: a zod object strips the fields it does not know, and a
// newer app version may have written some that must survive this version rewriting the record.

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The parsed value, with the raw value's fields the parse left out added back at every depth. The
 * parsed value wins where both have a field (a default or a correction stays).
 */
export function withUnknownFields<T>(parsed: T, raw: unknown): T {
  if (Array.isArray(parsed) && Array.isArray(raw))
    return parsed.map((item: unknown, i) => withUnknownFields(item, raw[i])) as T;
  if (!isPlainObject(parsed) || !isPlainObject(raw)) return parsed;
  const kept: Record<string, unknown> = { ...raw };
  for (const [key, value] of Object.entries(parsed)) kept[key] = withUnknownFields(value, raw[key]);
  return kept as T;
}
