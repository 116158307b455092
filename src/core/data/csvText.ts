/**
 * The text layer of the CSV parser: papaparse's low-level Parser fed with text pieces of any size, plus
 * header detection, ragged-row repair with a report, and papaparse's errors as messages naming the
 * 1-based data row. parse.ts puts byte decoding in front of it.
 */
import Papa from 'papaparse';
import type { ParseIssue, RawTable } from './types';
import { DataError } from './errors';
import { guessHasHeader } from './header';

export interface ParseOptions {
  fileName: string;
  /** 'auto' (default) guesses from the first rows; true/false force it. */
  header?: boolean | 'auto';
  /** Force a delimiter; default: detected from the first chunk among , tab ; | */
  delimiter?: string;
  /**
   * Receives the data rows in batches as they are parsed (the worker posts them to the page). When set,
   * the RawTable returned by finish() has `rows: []`; the caller concatenates the batches.
   */
  onRows?: (rows: string[][]) => void;
  /** Called once the header is known, before the first onRows batch. */
  onColumns?: (columns: string[]) => void;
}

export interface ParseProgress {
  bytesRead: number;
  totalBytes: number;
  /** Data rows parsed so far. */
  rows: number;
}

/** Issues of one kind beyond this many are summarised in one line (the counts stay exact). */
export const MAX_ISSUES_PER_KIND = 100;
/** Characters looked at to guess the delimiter and line ending. */
const GUESS_SAMPLE_CHARS = 1 << 16;
/** Rows looked at to guess the header. */
const HEADER_SAMPLE_ROWS = 50;

/** Parses text pushed in pieces of any size; rows may span pieces. */
export class CsvTextParser {
  private readonly opts: ParseOptions;
  private encoding: string;
  private parser: Papa.Parser | null = null;
  private delimiter = '';
  private partial = '';
  private baseIndex = 0;
  /** Rows buffered until the header is decided. */
  private pending: string[][] | null = [];
  private columns: string[] = [];
  private readonly rows: string[][] = [];
  /** Rows parsed from the current piece, for onRows. */
  private batch: string[][] = [];
  private readonly issues: ParseIssue[] = [];
  private readonly issueCounts = new Map<string, number>();
  private readonly ragged: number[] = [];
  /** Data rows that already have a quote issue (the merged-lines check below does not report them twice). */
  private readonly quoteRows = new Set<number>();
  private dataRows = 0;
  private blankLines = 0;
  /** The file's final line break yields one blank record: not worth a message. */
  private lastRecordBlank = false;
  private headerIsData = false;
  /** Non-blank records seen, header included. */
  private recordsSeen = 0;
  private queuedErrors: QuoteProblem[] = [];
  private sawAnyText = false;
  private invalidBytes = false;

  constructor(opts: ParseOptions, encoding: string) {
    this.opts = opts;
    this.encoding = encoding;
  }

  /**
   * The byte layer found bytes that are not valid UTF-8 (the decoder turned them into U+FFFD): from now on
   * a U+FFFD in a row is reported. Until then a U+FFFD is the character itself, written in the file.
   */
  markInvalidBytes(): void {
    this.invalidBytes = true;
  }

  /** The byte layer switched decoders mid-file (only ever from ASCII-so-far UTF-8 to Windows-1252). */
  setEncoding(encoding: string): void {
    this.encoding = encoding;
  }

  /** How many issues of this kind were found (the list itself is capped). */
  issueCount(kind: ParseIssue['kind']): number {
    return this.issueCounts.get(kind) ?? 0;
  }

  get rowCount(): number {
    return this.dataRows + (this.pending ? Math.max(0, this.pending.length - 1) : 0);
  }

  /** Feed the next piece of text. */
  push(text: string): void {
    if (text.length === 0) return;
    if (!this.sawAnyText && /\S/.test(text)) this.sawAnyText = true;
    this.run(this.partial + text, false);
  }

  /** Parse what is left and return the table. Throws a DataError for an empty file. */
  finish(): RawTable {
    this.run(this.partial, true);
    this.partial = '';
    if (this.pending) this.decideHeader();
    // Files shorter than the header sample decide the header only here: hand their rows over too.
    if (this.opts.onRows && this.batch.length > 0) {
      this.opts.onRows(this.batch);
      this.batch = [];
    }
    if (!this.sawAnyText || this.columns.length === 0) {
      throw new DataError('empty', `${this.opts.fileName} is empty: it has no rows to read.`);
    }
    this.finalIssues();
    return {
      fileName: this.opts.fileName,
      encoding: this.encoding,
      delimiter: this.delimiter || ',',
      columns: this.columns,
      rows: this.opts.onRows ? [] : this.rows,
      issues: this.issues,
      raggedRows: this.ragged,
    };
  }

  private run(input: string, last: boolean): void {
    if (!this.parser) {
      // Guess delimiter and line ending on a full sample: a first piece ending in "\r" would say CR when the
      // file is CRLF, and a few lines say little about the delimiter.
      if (!last && input.length < GUESS_SAMPLE_CHARS) { this.partial = input; return; }
      this.startParser(input);
    }
    const parser = this.parser as Papa.Parser;
    const res = parser.parse(input, this.baseIndex, !last) as Papa.ParseResult<string[]>;
    const records = res.data;
    if (!last) {
      const cursor: number = res.meta.cursor;
      this.partial = input.substring(cursor - this.baseIndex);
      this.baseIndex = cursor;
    }
    this.reportPapaErrors(res.errors, records);
    this.accept(records);
  }

  private startParser(sample: string): void {
    const guess = Papa.parse<string[]>(sample.slice(0, GUESS_SAMPLE_CHARS), {
      // skipEmptyLines: papaparse's guess averages field counts, and a trailing blank line drags ';' below 2.
      preview: 200, skipEmptyLines: true, delimiter: this.opts.delimiter ?? '', delimitersToGuess: [',', '\t', ';', '|'],
    });
    this.delimiter = guess.meta.delimiter || ',';
    const newline = (guess.meta.linebreak || '\n') as '\n' | '\r' | '\r\n';
    this.parser = new Papa.Parser({ delimiter: this.delimiter, newline, quoteChar: '"' });
  }

  /**
   * Papaparse errors index this call's records; map them to non-blank record ordinals (header included).
   * One issue per record (papaparse may raise several for one stray quote), with the line breaks the
   * quote pulled into the record's cells.
   */
  private reportPapaErrors(errors: Papa.ParseError[], records: string[][]): void {
    const byRecord = new Map<number, QuoteProblem>();
    for (const e of errors) {
      if (e.code === 'UndetectableDelimiter') continue; // one-column files get their own issue in finalIssues()
      const idx = typeof e.row === 'number' ? e.row : 0;
      const ordinal = this.recordsSeen + idx - countBlank(records, idx);
      const seen = byRecord.get(ordinal);
      // An unclosed quote outranks the "malformed" ones papaparse reports on its way to the end.
      if (seen && !(e.code === 'MissingQuotes' && seen.error.code !== 'MissingQuotes')) continue;
      byRecord.set(ordinal, { ordinal, error: e, ...swallowedLines(records[idx]) });
    }
    for (const q of byRecord.values()) {
      if (this.pending) this.queuedErrors.push(q);
      else this.papaIssue(q);
    }
  }

  private papaIssue({ ordinal, error: e, lines, cell }: QuoteProblem): void {
    const isHeader = ordinal === 0 && !this.headerIsData;
    const row = ordinal + (this.headerIsData ? 1 : 0);
    const where = isHeader ? 'The header' : `Row ${row}`;
    const at = isHeader ? {} : { row };
    if (!isHeader) this.quoteRows.add(row);
    const column = this.columns[cell] ?? `column ${cell + 1}`;
    const lineCount = `${lines.toLocaleString('en')} line${lines === 1 ? '' : 's'}`;
    if (e.code === 'MissingQuotes') {
      this.addIssue({
        kind: 'quotes', ...at, ...(lines > 0 ? { linesSwallowed: lines } : {}),
        message: `${where}: a quoted field opens with " but is never closed, so everything after it to the end of the file${lines > 0 ? ` (${lineCount})` : ''} was read into one cell. Check for a stray quote in ${isHeader ? 'the header' : `row ${row}`}.`,
      });
    } else if (e.code === 'InvalidQuotes' && lines > 0) {
      this.addIssue({
        kind: 'quotes', ...at, linesSwallowed: lines,
        message: `${where}: a stray " in ${column} opens a quoted field that runs on over ${lineCount}: they were read into this one cell instead of being rows of their own. Check for a stray quote in ${isHeader ? 'the header' : `row ${row}`}.`,
      });
    } else if (e.code === 'InvalidQuotes') {
      this.addIssue({
        kind: 'quotes', ...at,
        message: `${where}: a quote inside a quoted field is not doubled (a literal " must be written ""); the cell was read as written.`,
      });
    } else {
      this.addIssue({ kind: 'other', ...at, message: `${where}: ${e.message}` });
    }
  }

  private accept(records: string[][]): void {
    for (const r of records) {
      this.lastRecordBlank = r.length === 1 && r[0] === '';
      if (this.lastRecordBlank) { this.blankLines++; continue; }
      this.recordsSeen++;
      if (this.pending) {
        this.pending.push(r);
        if (this.pending.length > HEADER_SAMPLE_ROWS) this.decideHeader();
        continue;
      }
      this.addDataRow(r);
    }
    if (this.opts.onRows && this.batch.length > 0) {
      this.opts.onRows(this.batch);
      this.batch = [];
    }
  }

  private decideHeader(): void {
    const pending = this.pending ?? [];
    this.pending = null;
    if (pending.length === 0) return;
    const forced = this.opts.header ?? 'auto';
    const hasHeader = forced === 'auto' ? guessHasHeader(pending[0], pending.slice(1)) : forced;
    this.headerIsData = !hasHeader;
    this.columns = hasHeader ? this.headerNames(pending[0]) : pending[0].map((_, i) => `column_${i + 1}`);
    if (!hasHeader && forced === 'auto') {
      this.addIssue({
        kind: 'other',
        message: `The first row does not look like a header, so it was read as data and the columns were named column_1 … column_${this.columns.length}.`,
      });
    }
    this.opts.onColumns?.(this.columns);
    for (const q of this.queuedErrors) this.papaIssue(q);
    this.queuedErrors = [];
    for (const r of hasHeader ? pending.slice(1) : pending) this.addDataRow(r);
  }

  private headerNames(cells: string[]): string[] {
    const seen = new Map<string, number>();
    return cells.map((raw, i) => {
      let name = raw.replace(/^\uFEFF/, '').trim();
      if (name === '') {
        name = `column_${i + 1}`;
        this.addIssue({ kind: 'other', message: `Header cell ${i + 1} is empty; the column was named ${name}.` });
      }
      const n = seen.get(name) ?? 0;
      seen.set(name, n + 1);
      if (n > 0) {
        const renamed = `${name}_${n + 1}`;
        this.addIssue({ kind: 'other', message: `The header names column "${name}" twice; column ${i + 1} was renamed ${renamed}.` });
        return renamed;
      }
      return name;
    });
  }

  private addDataRow(r: string[]): void {
    this.dataRows++;
    const row = this.dataRows;
    const want = this.columns.length;
    if (r.length !== want) {
      this.ragged.push(row);
      if (r.length < want) {
        this.addIssue({
          kind: 'field-count', row,
          message: `Row ${row} has ${r.length} field${r.length === 1 ? '' : 's'}, the header has ${want}: the missing cells were left empty.`,
        });
        while (r.length < want) r.push('');
      } else {
        const extra = r.slice(want);
        this.addIssue({
          kind: 'field-count', row,
          message: `Row ${row} has ${r.length} fields, the header has ${want}: the extra cells (${extra.map(quoteCell).join(', ')}) were dropped. Quote cells that contain "${this.delimiter === '\t' ? '\\t' : this.delimiter}".`,
        });
        r.length = want;
      }
    }
    this.checkMergedLines(r, row);
    if (this.invalidBytes) { // (UTF-8 and UTF-16 decoders mark bad bytes with U+FFFD)
      for (let c = 0; c < r.length; c++) {
        if (r[c].includes('\uFFFD')) {
          this.addIssue({
            kind: 'encoding', row,
            message: `Row ${row}, column ${this.columns[c]}: bytes that are not valid UTF-8 were replaced with �.`,
          });
          break;
        }
      }
    }
    if (this.opts.onRows) this.batch.push(r);
    else this.rows.push(r);
  }

  /**
   * A tab-separated file whose stray quote was closed later, before a tab: papaparse sees a well-formed
   * quoted cell, so nothing reports that it swallowed whole lines. In a TSV a cell's inner lines that hold
   * tabs are rows, not text (a real multi-line cell almost never holds a tab).
   */
  private checkMergedLines(r: string[], row: number): void {
    if (this.delimiter !== '\t' || this.quoteRows.has(row)) return;
    for (let c = 0; c < r.length; c++) {
      if (!/[\r\n]/.test(r[c])) continue;
      const inner = r[c].replace(/(\r\n|\n|\r)$/, '').split(/\r\n|\n|\r/).slice(1);
      const rowLike = inner.filter((line) => line.includes('\t')).length;
      if (rowLike === 0) continue;
      this.quoteRows.add(row);
      this.addIssue({
        kind: 'quotes', row, linesSwallowed: inner.length,
        message: `Row ${row}: column ${this.columns[c]} runs on over ${inner.length.toLocaleString('en')} more line${inner.length === 1 ? '' : 's'}, ${rowLike.toLocaleString('en')} of them with tabs like rows of their own: a stray quote probably merged them into this cell. Check the quotes in row ${row}.`,
      });
      return;
    }
  }

  private addIssue(issue: ParseIssue): void {
    const n = (this.issueCounts.get(issue.kind) ?? 0) + 1;
    this.issueCounts.set(issue.kind, n);
    if (n <= MAX_ISSUES_PER_KIND) this.issues.push(issue);
  }

  private finalIssues(): void {
    for (const [kind, n] of this.issueCounts) {
      if (n > MAX_ISSUES_PER_KIND) {
        this.issues.push({
          kind: kind as ParseIssue['kind'],
          message: `…and ${n - MAX_ISSUES_PER_KIND} more ${kindNoun(kind)} (${n} in all; only the first ${MAX_ISSUES_PER_KIND} are listed).`,
        });
      }
    }
    if (this.dataRows === 0) {
      this.issues.push({
        kind: 'empty',
        message: `${this.opts.fileName} has a header (${this.columns.join(', ')}) but no data rows.`,
      });
    }
    if (this.columns.length === 1 && this.dataRows > 0) {
      this.issues.push({
        kind: 'delimiter',
        message: `Only one column ("${this.columns[0]}") was found: no comma, tab, semicolon or pipe separates the fields. A dataset for training needs a text column and a label column (you can still label rows by hand).`,
      });
    }
    const blank = this.blankLines - (this.lastRecordBlank ? 1 : 0);
    if (blank > 0) this.issues.push({ kind: 'other', message: `${blank} blank line(s) were skipped.` });
  }
}

/** A papaparse error of one record, with the line breaks inside its cells (`cell`: the cell with the most). */
interface QuoteProblem {
  ordinal: number;
  error: Papa.ParseError;
  lines: number;
  cell: number;
}

function swallowedLines(record: string[] | undefined): { lines: number; cell: number } {
  let lines = 0;
  let cell = 0;
  (record ?? []).forEach((c, i) => {
    // A cell running to the end of the file ends with the file's last line break: not a line of its own.
    const n = c.replace(/(\r\n|\n|\r)$/, '').match(/\r\n|\n|\r/g)?.length ?? 0;
    if (n > lines) { lines = n; cell = i; }
  });
  return { lines, cell };
}

function countBlank(records: string[][], upTo: number): number {
  let n = 0;
  for (let i = 0; i < upTo && i < records.length; i++) if (records[i].length === 1 && records[i][0] === '') n++;
  return n;
}

function quoteCell(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

function kindNoun(kind: string): string {
  switch (kind) {
    case 'field-count': return 'rows with the wrong number of fields';
    case 'quotes': return 'quoting problems';
    case 'encoding': return 'rows with invalid UTF-8 bytes';
    default: return 'issues';
  }
}

