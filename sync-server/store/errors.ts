// Errors of the embedded store that must stop the server rather than let it run on bad data.

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
