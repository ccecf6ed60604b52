// CSV for spreadsheets: RFC 4180 quoting, CRLF line ends, a UTF-8 byte order mark so Excel reads
// Chinese text, and text cells that a spreadsheet would run as a formula defused with a leading quote.
import { fenToDecimal, type Fen } from '../money';

/** A money cell: written as a plain decimal (12.30), never defused, never a float. */
export interface MoneyCell {
  fen: Fen;
}
export type CsvCell = string | number | boolean | null | MoneyCell;

/** Byte order mark: Excel on Windows reads a CSV as UTF-8 only when it starts with one. */
export const UTF8_BOM = '\uFEFF';

/** Text that Excel, LibreOffice or Sheets would evaluate: =, +, -, @, tab or carriage return first. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function money(fen: Fen): MoneyCell {
  return { fen };
}

export function csvCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return fenToDecimal(cell.fen);
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV file: header then rows, BOM first. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return UTF8_BOM + lines.join('\r\n') + '\r\n';
}
