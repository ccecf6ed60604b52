// The server's change and catch-up frames, cut to fit the frame limit both sides enforce: changes in
// frames of at most `maxChanges` (each change serialized once), and a snapshot too big for one frame
// in parts.
import { MAX_FRAME_BYTES, type Change, type Snapshot } from '@pos/shared';

/** Room left in a frame for the envelope around the changes or the snapshot's lists. */
const FRAME_BUDGET_BYTES = MAX_FRAME_BYTES - 16 * 1024;

/** `encoded`: the changes' JSON when the caller has it (the store hands it to its listeners). */
export function changeFrames(
  changes: readonly Change[],
  maxChanges: number,
  { encoded, budget = FRAME_BUDGET_BYTES }: { encoded?: readonly string[]; budget?: number } = {},
): string[] {
  const frames: string[] = [];
  let parts: string[] = [];
  let bytes = 0;
  let cursor = 0;
  const close = () => {
    frames.push(`{"type":"changes","changes":[${parts.join(',')}],"cursor":${cursor}}`);
    parts = [];
    bytes = 0;
  };
  for (const [i, change] of changes.entries()) {
    const json = encoded?.[i] ?? JSON.stringify(change);
    const size = Buffer.byteLength(json, 'utf8') + 1;
    if (parts.length > 0 && (parts.length >= maxChanges || bytes + size > budget)) close();
    parts.push(json);
    bytes += size;
    cursor = change.cursor;
  }
  if (parts.length > 0) close();
  return frames;
}

/**
 * A catch-up: the changes missed up to `cursor`, the last frame marked `caughtUp` (one empty frame
 * when none were missed), so the device knows when what it holds is as new as the server's.
 */
export function catchUpFrames(
  changes: readonly Change[],
  cursor: number,
  maxChanges: number,
  budget?: number,
): string[] {
  const frames = changeFrames(changes, maxChanges, { budget });
  const last = frames.pop() ?? `{"type":"changes","changes":[],"cursor":${cursor}}`;
  frames.push(`${last.slice(0, -1)},"caughtUp":true}`);
  return frames;
}

const listKeys = [
  'categories',
  'products',
  'stock',
  'staff',
  'members',
  'devices',
  'orders',
] as const satisfies ReadonlyArray<keyof Snapshot>;

/**
 * One `snapshot` frame, or (for devices that take parts: protocol 2) several that share its cursor,
 * each with the settings and a share of the lists, `more` on all but the last. A busy day's orders
 * alone can pass the frame limit, and a device refuses a frame over it. Each record is serialized once.
 */
export function snapshotFrames(
  snapshot: Snapshot,
  cursor: number,
  inParts: boolean,
  budget = FRAME_BUDGET_BYTES,
): string[] {
  if (!inParts) return [JSON.stringify({ type: 'snapshot', snapshot, cursor })];
  const settings = JSON.stringify(snapshot.settings);
  const settingsBytes = Buffer.byteLength(settings, 'utf8');
  type Part = Record<(typeof listKeys)[number], string[]>;
  const empty = (): Part => ({
    categories: [],
    products: [],
    stock: [],
    staff: [],
    members: [],
    devices: [],
    orders: [],
  });
  const parts: Part[] = [empty()];
  let bytes = settingsBytes;
  for (const key of listKeys)
    for (const item of snapshot[key]) {
      const json = JSON.stringify(item);
      const size = Buffer.byteLength(json, 'utf8') + 1;
      if (bytes + size > budget && bytes > settingsBytes) {
        parts.push(empty());
        bytes = settingsBytes;
      }
      parts[parts.length - 1][key].push(json);
      bytes += size;
    }
  return parts.map((part, i) => {
    const lists = listKeys.map((key) => `"${key}":[${part[key].join(',')}]`).join(',');
    const more = parts.length > 1 ? `,"more":${i < parts.length - 1}` : '';
    return `{"type":"snapshot","snapshot":{"settings":${settings},${lists}},"cursor":${cursor}${more}}`;
  });
}
