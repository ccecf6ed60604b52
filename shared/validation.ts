// Validation at the boundary: turn a schema failure into one message that names each bad field.
import type { z } from 'zod';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** "ops.0.payload.total: Too small: expected number to be >=0; type: Invalid input" */
export function describeIssues(error: z.ZodError, limit = 5): string {
  const described = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - limit;
  return described.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** Validates a value with a schema; never throws. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(value);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, error: describeIssues(result.error) };
}

/** Parses JSON text and validates it; never throws. */
export function parseJsonWith<S extends z.ZodType>(schema: S, text: string): Parsed<z.infer<S>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON (${(error as Error).message})` };
  }
  return parseWith(schema, value);
}
