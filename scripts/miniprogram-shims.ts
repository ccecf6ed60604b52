// Globals that packages in the core bundle use and WeChat's JavaScript engine lacks. esbuild's
// `inject` puts these in for free references inside that bundle only; nothing global changes.

/**
 * The receipt printer encoder clones plain data with it (its text styles, code page definitions):
 * JSON keeps such data exactly.
 */
export function structuredClone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
