/**
 * Writing CSV (papaparse's unparse), with optional neutralising of cells a spreadsheet would run as formulas.
 */
export interface CsvWriteOptions {
  /** Prefix cells starting with = + - @ tab or CR with a ' so Excel/Sheets show them as text. */
  neutraliseFormulas?: boolean;
  delimiter?: string;
}

export function neutraliseFormula(_cell: string): string {
  throw new Error('not implemented');
}

export function writeCsv(_columns: string[], _rows: string[][], _opts: CsvWriteOptions = {}): string {
  throw new Error('not implemented');
}
