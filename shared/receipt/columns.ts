// Text measured in printer columns (a Chinese character fills two) and cut into lines that fit,
// never through a character: a two-column character that does not fit moves to the next line.
import { charColumns } from './gb-code-page';

/** Columns the text fills on the paper. */
export function columnsOf(text: string): number {
  let columns = 0;
  for (const char of text) columns += charColumns(char);
  return columns;
}

const isWordChar = (char: string | undefined) => !!char && /[0-9A-Za-z]/.test(char);

/**
 * The text in lines of at most `width` columns. Breaks between characters; a break that would
 * split a Latin word or a number goes back to the last space on the line when there is one.
 */
export function wrapColumns(text: string, width: number): string[] {
  if (width < 2) throw new RangeError(`a line needs at least 2 columns, got ${width}`);
  const lines: string[] = [];
  let line: string[] = [];
  let used = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    const columns = charColumns(char);
    if (used + columns > width) {
      let carried: string[] = [];
      const lastSpace = line.lastIndexOf(' ');
      if (isWordChar(char) && isWordChar(line[line.length - 1]) && lastSpace > 0) {
        carried = line.slice(lastSpace + 1);
        line = line.slice(0, lastSpace);
      }
      lines.push(line.join('').trimEnd());
      line = carried;
      used = columnsOf(carried.join(''));
      if (char === ' ' && line.length === 0) continue;
    }
    line.push(char);
    used += columns;
  }
  if (line.length > 0 || lines.length === 0) lines.push(line.join('').trimEnd());
  return lines;
}

const spaces = (count: number) => ' '.repeat(Math.max(0, count));

export function padEndColumns(text: string, width: number): string {
  return text + spaces(width - columnsOf(text));
}

export function padStartColumns(text: string, width: number): string {
  return spaces(width - columnsOf(text)) + text;
}

/** Centred in `width` columns; an odd space left over goes to the right. */
export function centerColumns(text: string, width: number): string {
  const free = Math.max(0, width - columnsOf(text));
  const left = Math.floor(free / 2);
  return spaces(left) + text + spaces(free - left);
}

/**
 * `left` flush left and `right` flush right on lines of `width` columns, with at least one space
 * between. When they do not fit on one line, `left` wraps and `right` ends the last line (or has a
 * line of its own).
 */
export function spreadColumns(left: string, right: string, width: number): string[] {
  const rightColumns = columnsOf(right);
  if (rightColumns > width) return [...wrapColumns(left, width), ...wrapColumns(right, width)];
  const leftLines = wrapColumns(left, width);
  const last = leftLines[leftLines.length - 1];
  if (columnsOf(last) + 1 + rightColumns <= width) {
    leftLines[leftLines.length - 1] = padEndColumns(last, width - rightColumns) + right;
    return leftLines.map((line) => padEndColumns(line, width));
  }
  return [...leftLines.map((line) => padEndColumns(line, width)), padStartColumns(right, width)];
}

/**
 * One row of a table: each cell aligned in its column, cells side by side. `widths` must add up to
 * the line width. A cell wider than its column is refused, never cut (a price cut short reads as
 * another price): the caller lays such a row out otherwise.
 */
export function tableRow(
  cells: readonly string[],
  widths: readonly number[],
  aligns: readonly ('left' | 'right')[],
): string {
  return cells
    .map((cell, i) => {
      if (columnsOf(cell) > widths[i])
        throw new RangeError(`table cell "${cell}" is wider than its ${widths[i]} columns`);
      return aligns[i] === 'right'
        ? padStartColumns(cell, widths[i])
        : padEndColumns(cell, widths[i]);
    })
    .join('');
}
