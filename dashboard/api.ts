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
  const response = await checked(
    await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-pos-dashboard': '1' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  if (response.status === 204) return undefined as T;
  return (await response.json().catch(() => ({}))) as T;
}

/**
 * A file the server sends as an attachment (a CSV), with the name it gives it (null when it gives
 * none). Fetched here rather than by a plain link, so that a session that ended goes to sign-in.
 */
export async function apiFile(path: string): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await checked(
    await fetch(path, { credentials: 'same-origin', headers: { 'x-pos-dashboard': '1' } }),
  );
  return {
    blob: await response.blob(),
    fileName: attachmentName(response.headers.get('content-disposition')),
  };
}

/** The response when it succeeded; otherwise an ApiError, after ending the session on a 401. */
async function checked(response: Response): Promise<Response> {
  if (response.status === 401) sessionEnded();
  if (response.ok) return response;
  const json = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string };
  };
  throw new ApiError(
    response.status,
    json.error?.code ?? 'failed',
    json.error?.message ?? response.statusText,
  );
}

/** The file name of `attachment; filename="x.csv"` (or its UTF-8 `filename*=` form). */
function attachmentName(disposition: string | null): string | null {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (encoded) return decodeURIComponent(encoded[1]);
  return /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? null;
}
