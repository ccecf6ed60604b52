// For tests that look inside an error: its fields as well as its message.

/** The error `run` throws; fails the test when it throws nothing. */
export function thrownBy(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw, but none came');
}
