// The dashboard's live stream over real HTTP when the business day turns (04:00) with nothing sold:
// a fresh summary for the new day comes at the day's start, without waiting for an order or a
// device to change. The server's clock is the test's: moved to just before the turn.
import { addBusinessDays, businessDayOf, businessDayStartMs } from '@pos/shared';
import { demo, serverForEachTest, signIn, type TestServer } from '../support/test-server';

let server: TestServer;
/** How far the server's clock is ahead of the real one. */
let ahead = 0;
serverForEachTest((started) => (server = started), {
  options: { now: () => Date.now() + ahead },
});

/** Sets the server's clock `ms` before the next business day's start; answers that day. */
function justBeforeTheTurn(ms: number): string {
  const today = businessDayOf(Date.now() + ahead, demo.settings);
  const next = addBusinessDays(today, 1);
  ahead = businessDayStartMs(next, demo.settings) - ms - Date.now();
  return next;
}

/** Reads the stream's `summary` events until one names `day`, for at most `ms`. */
async function summaryOf(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  seen: string[],
  day: string,
  ms: number,
): Promise<void> {
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  const timedOut = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ms).unref());
  while (Date.now() < deadline) {
    const read = await Promise.race([reader.read(), timedOut]);
    if (read === 'late' || read.done) break;
    text += decoder.decode(read.value, { stream: true });
    const events = text.split('\n\n');
    text = events.pop() ?? '';
    for (const event of events) {
      const data = /^event: summary\ndata: (.*)$/m.exec(event)?.[1];
      if (data === undefined) continue;
      seen.push((JSON.parse(data) as { businessDay: string }).businessDay);
      if (seen.at(-1) === day) return;
    }
  }
  throw new Error(`no summary for ${day} within ${ms} ms; summaries seen: ${seen.join(', ')}`);
}

it("sends the new business day's summary when the day turns, with no order or device change", async () => {
  ahead = 0;
  // Signed in a minute before the turn (a session opened on the real clock would have expired),
  // the stream opened a second before it.
  justBeforeTheTurn(60_000);
  const manager = await signIn(server);
  const next = justBeforeTheTurn(1000);
  const today = addBusinessDays(next, -1);
  const live = await fetch(`${server.url}/dashboard/api/live`, {
    headers: { authorization: `Bearer ${manager}` },
  });
  expect(live.status).toBe(200);
  const reader = live.body!.getReader();
  const seen: string[] = [];
  await summaryOf(reader, seen, today, 2000);
  await summaryOf(reader, seen, next, 5000);
  expect(seen).toEqual([today, next]);
  await reader.cancel();
});
