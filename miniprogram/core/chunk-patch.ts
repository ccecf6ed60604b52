// A chunk written with only some of its records' changes. This device's own data must be written
// at once, while the server's data changed in the same chunk may have to wait for room
// (room-budget.ts): built from the chunk as stored, the write carries nothing of what waits.

/**
 * The records of a stored chunk (null: none yet) with those named changed to their copies now:
 * replaced in place, left out when `current` has none (gone from the chunk), added at the end when
 * new. Every other stored record, one this app cannot read too (`idOfStored` gives null), stays.
 * Null when that changes nothing stored.
 */
export function patchStoredRecords<T>(
  storedChunk: unknown,
  ids: ReadonlySet<string>,
  current: (id: string) => T | undefined,
  idOfStored: (raw: unknown) => string | null,
): unknown[] | null {
  const stored = (storedChunk as { records?: unknown } | null)?.records;
  const placed = new Set<string>();
  const records: unknown[] = [];
  let changed = false;
  for (const raw of Array.isArray(stored) ? stored : []) {
    const id = idOfStored(raw);
    if (id === null || !ids.has(id)) {
      records.push(raw);
      continue;
    }
    const record = current(id);
    if (record !== undefined && !placed.has(id)) records.push(record);
    changed ||=
      record === undefined || placed.has(id) || JSON.stringify(record) !== JSON.stringify(raw);
    placed.add(id);
  }
  for (const id of ids) {
    const record = current(id);
    if (record === undefined || placed.has(id)) continue;
    records.push(record);
    changed = true;
  }
  return changed ? records : null;
}

/** Ids by the number of the chunk to write them in; those `chunkOf` gives none are left out. */
export function groupByChunk(
  ids: Iterable<string>,
  chunkOf: (id: string) => number | undefined,
): Map<number, Set<string>> {
  const byChunk = new Map<number, Set<string>>();
  for (const id of ids) {
    const n = chunkOf(id);
    if (n === undefined) continue;
    if (!byChunk.has(n)) byChunk.set(n, new Set());
    byChunk.get(n)!.add(id);
  }
  return byChunk;
}
