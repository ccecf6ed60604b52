// Time for the client core: the current moment and one-shot timers, injectable so tests can
// drive them. WeChat and Node both have setTimeout; their handles differ, so they stay opaque.

export type TimerHandle = { readonly timer: unknown };

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export function systemClock(now: () => number = () => Date.now()): Clock {
  // WeChat's timers return numbers and Node's return objects: the handle is only passed back.
  return {
    now,
    setTimeout: (callback, ms) => ({ timer: setTimeout(callback, ms) as unknown }),
    clearTimeout: (handle) => clearTimeout(handle.timer as never),
  };
}
