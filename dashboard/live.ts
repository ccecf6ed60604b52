// The server's live stream (/dashboard/api/live) as a page follows it: opened again while the
// server does not answer, given up once the session has ended (main shows the sign-in form then).
import { api, isSignedOut } from './api';

/** As the server's `retry:` for a dropped stream. */
const RECONNECT_MS = 2000;

export interface LiveHandlers {
  /** Called with each event's data, by event name (`summary`, `changed`). */
  events: Record<string, (data: string) => void>;
  /** The stream dropped; it is opened again unless the session ended. */
  onDrop?: () => void;
}

/** Follows the stream until the returned function is called (the page is left). */
export function followLive({ events, onDrop }: LiveHandlers): () => void {
  // The browser reconnects by itself while the server does not answer; it gives up for good when
  // the server answers with anything but a stream: a 401 once the session has ended (expired,
  // signed out elsewhere, a restart), when the manager must sign in again (api's 401 sees to it).
  // Otherwise (a 5xx) the stream is opened again after a while, never left for dead.
  let source: EventSource;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let left = false;
  const connect = () => {
    source = new EventSource('/dashboard/api/live');
    for (const [name, handle] of Object.entries(events))
      source.addEventListener(name, (event) => handle((event as MessageEvent<string>).data));
    source.onerror = () => {
      onDrop?.();
      if (source.readyState !== EventSource.CLOSED) return;
      api('GET', '/dashboard/api/me').then(
        () => {
          if (!left) retry = setTimeout(connect, RECONNECT_MS);
        },
        (error: unknown) => {
          if (!left && !isSignedOut(error)) retry = setTimeout(connect, RECONNECT_MS);
        },
      );
    };
  };
  connect();
  return () => {
    left = true;
    clearTimeout(retry);
    source.close();
  };
}
