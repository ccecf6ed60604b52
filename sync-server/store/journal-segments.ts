// Reading the journal's segments back: every line checked (checksum, JSON, its number following the
// last), and the tail an interrupted write left told apart from corruption, which stops the start.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { CorruptDataError } from './errors';

/** Every journal entry carries its number: 1, 2, 3... with no gaps. */
export interface Numbered {
  n: number;
}

const SEGMENT_PATTERN = /^(\d{8})\.log$/;

export function segmentName(index: number): string {
  return `${String(index).padStart(8, '0')}.log`;
}

/** What reading does with a torn last line: drop it from the file (at open), or only stop there. */
export interface TornTailHandling {
  truncate: boolean;
  told?: (file: string, bytesDropped: number) => void;
}

/** Hands every entry of every segment to `onEntry`, in order. */
export async function readEntries<T extends Numbered>(
  dir: string,
  onEntry: (entry: T) => void,
  tornTail: TornTailHandling,
): Promise<{ segments: number[]; lastN: number }> {
  const segments = (await fs.readdir(dir))
    .map((name) => SEGMENT_PATTERN.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
  let lastN = 0;
  for (const [i, index] of segments.entries()) {
    const file = path.join(dir, segmentName(index));
    const isLast = i === segments.length - 1;
    lastN = await readSegment<T>(file, isLast, lastN, onEntry, tornTail);
  }
  return { segments, lastN };
}

type LineCheck<T> = { entry: T } | { problem: string };

function decodeLine<T extends Numbered>(line: string): LineCheck<T> {
  const tab = line.indexOf('\t');
  if (tab !== 8) return { problem: 'no checksum' };
  const json = line.slice(9);
  if (crc32(json).toString(16).padStart(8, '0') !== line.slice(0, 8))
    return { problem: 'checksum mismatch' };
  try {
    const entry = JSON.parse(json) as T;
    if (!Number.isInteger(entry.n)) return { problem: 'entry has no number' };
    return { entry };
  } catch {
    return { problem: 'not JSON' };
  }
}

async function readSegment<T extends Numbered>(
  file: string,
  isLastSegment: boolean,
  previousN: number,
  onEntry: (entry: T) => void,
  tornTail: TornTailHandling,
): Promise<number> {
  const text = await fs.readFile(file, 'utf8');
  let lastN = previousN;
  let offset = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const complete = end !== -1;
    const line = text.slice(offset, complete ? end : text.length);
    lineNumber += 1;
    const decoded = complete ? decodeLine<T>(line) : { problem: 'incomplete line' };
    if ('problem' in decoded) {
      // A crash mid-write leaves a bad tail at the very end of the last segment, and only there.
      if (isLastSegment && isTornTail(text, offset)) {
        if (!tornTail.truncate) return lastN;
        const byteOffset = Buffer.byteLength(text.slice(0, offset), 'utf8');
        const dropped = Buffer.byteLength(text, 'utf8') - byteOffset;
        await fs.truncate(file, byteOffset);
        tornTail.told?.(file, dropped);
        return lastN;
      }
      throw new CorruptDataError(file, `line ${lineNumber}: ${decoded.problem}`);
    }
    if (decoded.entry.n !== lastN + 1) {
      throw new CorruptDataError(
        file,
        `line ${lineNumber}: entry ${decoded.entry.n} follows entry ${lastN}`,
      );
    }
    try {
      onEntry(decoded.entry);
    } catch (error) {
      throw new CorruptDataError(file, `line ${lineNumber}: ${(error as Error).message}`);
    }
    lastN = decoded.entry.n;
    offset = complete ? end + 1 : text.length;
  }
  return lastN;
}

/**
 * True when everything from `offset` on is what an interrupted write leaves. A group is written in
 * blocks the disk may keep in any order until fdatasync returns, so a crash can keep later blocks
 * and lose an earlier one, which reads back as NUL bytes: a bad line that starts with them can only
 * be from that unacknowledged write, whatever whole lines follow it (a journal line never holds a
 * raw NUL). Otherwise only a last line with no newline, after nothing but unfilled blocks, is torn.
 * A complete line that fails its checksum is corruption, never a torn write, so it is not dropped.
 */
function isTornTail(text: string, offset: number): boolean {
  if (text[offset] === '\0') return true;
  const rest = text.slice(offset).split('\n');
  const finalFragment = rest.pop() ?? '';
  const unfilled = (line: string) => /^\0*$/.test(line);
  return rest.every(unfilled) && (finalFragment !== '' || rest.length > 0);
}
