/**
 * Does the first row name the columns, or is it already data? Votes per column, in the spirit of Python's
 * csv.Sniffer.has_header: a header cell is short, not a number, and unlike the cells below it.
 */

const KNOWN_HEADER_WORDS = /^(id|text|sentence\d?|review|comment|message|content|body|document|title|question|answer|premise|hypothesis|label|labels|class|category|target|sentiment|tag|tags|score|split|set|fold|name|value|rating|stars|date|url)$/i;
const NUMBER = /^\s*[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?\s*$/;

export function isNumberCell(s: string): boolean {
  return NUMBER.test(s);
}

/** `first` is the candidate header; `rest` the rows after it (a sample). */
export function guessHasHeader(first: string[], rest: string[][]): boolean {
  if (first.some((c) => isNumberCell(c))) return false;
  const nonEmpty = first.filter((c) => c.trim() !== '');
  const known = first.some((c) => KNOWN_HEADER_WORDS.test(c.trim()));
  if (!known && new Set(nonEmpty.map((c) => c.trim().toLowerCase())).size !== nonEmpty.length) return false;
  if (first.some((c) => c.length > 60)) return false;
  if (rest.length === 0) return true;
  let votes = 0;
  for (let col = 0; col < first.length; col++) {
    const cell = first[col].trim();
    const below = rest.map((r) => r[col] ?? '').filter((v) => v.trim() !== '');
    if (KNOWN_HEADER_WORDS.test(cell)) votes += 2;
    if (below.length === 0) continue;
    if (below.includes(first[col])) { votes -= 2; continue; }
    const numeric = below.filter(isNumberCell).length / below.length;
    if (numeric >= 0.8) votes += 1;
    const meanLen = below.reduce((a, v) => a + v.length, 0) / below.length;
    if (meanLen > 2 * Math.max(cell.length, 1) + 10) votes += 1;
  }
  // Most CSV files have a header: only clear evidence against one (a repeated value) makes the first row data.
  return votes >= 0;
}
