// Polls a condition until it holds or a deadline passes: no fixed sleeps in the client tests. The
// deadline is a bound for a machine busy with the other jest worker and a browser, not a goal: what
// holds comes at once, and what never holds still fails.

export async function until(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 5,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
