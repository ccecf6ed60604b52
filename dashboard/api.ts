// Calls to the server from the dashboard: same-origin JSON with the session cookie, and the header
// the server asks of every cookie-authenticated write. Errors carry the server's message.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A request answered 401: the session ended (it expired, the manager signed out elsewhere, or the
 * server restarted: sessions live in its memory).
 */
export const isSignedOut = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 401;

let sessionEnded: () => void = () => undefined;

/**
 * What to do when a request finds the session ended. main sends the manager back to sign in
 * whichever request it was (a page, a button, the live stream's check), rather than each caller
 * showing "sign in with a manager PIN" as a failure, or a live page saying it reconnects forever.
 */
export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-pos-dashboard': '1' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string };
  };
  if (response.status === 401) sessionEnded();
  if (!response.ok)
    throw new ApiError(
      response.status,
      json.error?.code ?? 'failed',
      json.error?.message ?? response.statusText,
    );
  return json as T;
}
