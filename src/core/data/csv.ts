/**
 * Writing CSV with papaparse's unparse, with optional neutralising of cells a spreadsheet would run as
 * formulas (CSV injection: =HYPERLINK(...), +cmd, -2+3, @SUM, and cells starting with tab or CR); plain numbers
 * such as -5.844 are left as they are.
 */
import Papa from 'papaparse';

export interface CsvWriteOptions {
  /** Prefix cells starting with = + - @ tab or CR (but not plain numbers) with a ' so Excel/Sheets show them as text. */
  neutraliseFormulas?: boolean;
  delimiter?: string;
}

/**
 * A cell a spreadsheet would run: starting with = + - @ tab or CR, unless it is a plain number (-5.844,
 * +1e-3), which a spreadsheet reads as the number it is and which must stay a number in the output.
 */
const FORMULA_START = /^(?![+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$)[=+\-@\t\r]/;

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Header + rows → CSV text (CRLF line ends as RFC 4180; quotes only where needed). */
export function writeCsv(columns: string[], rows: string[][], opts: CsvWriteOptions = {}): string {
  // papaparse's escapeFormulae prefixes ' and quotes the cell. Its default pattern /^[=+\-@\t\r].*$/ misses
  // multi-line cells ('.' stops at a newline), so ours is anchored at the start only.
  return Papa.unparse(
    { fields: columns, data: rows },
    { delimiter: opts.delimiter ?? ',', newline: '\r\n', quotes: false, escapeFormulae: opts.neutraliseFormulas ? FORMULA_START : false },
  );
}
