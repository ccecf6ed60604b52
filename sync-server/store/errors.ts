// The embedded store's errors: files it cannot trust (the server stops), changes it failed to make.

/** A data file that cannot be trusted. The file is left untouched for a person to look at. */
export class CorruptDataError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(
      `corrupt data file ${file}: ${detail}. The file was left untouched; move or repair it, then start again.`,
    );
    this.name = 'CorruptDataError';
  }
}

/**
 * A change the fold failed to make (a fault in the server's code, not in the data sent): nothing
 * of it was kept, and the store rebuilt its state from its files before taking the next change.
 */
export class ChangeFailedError extends Error {
  constructor(kind: string, cause: unknown) {
    super(
      `the server could not make this change (${kind}): ${messageOf(cause)}. Nothing of it was kept; the fault is in the server's log.`,
      { cause },
    );
    this.name = 'ChangeFailedError';
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
