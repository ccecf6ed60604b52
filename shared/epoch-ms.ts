// A moment as milliseconds since 1970 (UTC), as devices and the server stamp it.
import { z } from 'zod';

/** 2100-01-01T00:00:00Z: later than any real sale, and well inside what a Date can hold. */
export const MAX_EPOCH_MS = Date.UTC(2100, 0, 1);

// Bounded because a moment past a Date's range (8.64e15) throws when turned into a day or a
// report line: refused here with the field's name, it never reaches the store.
export const epochMsSchema = z
  .number()
  .int()
  .nonnegative()
  .max(MAX_EPOCH_MS, 'must be a moment before the year 2100');
