/**
 * A small RFC 4180 CSV reader and writer (no DOM, no Node APIs: runs in the app, a Web Worker and the CLI).
 *
 * Reader conventions:
 * - A leading UTF-8 BOM is ignored. Records end at CRLF, LF or a lone CR; each of those counts as one physical line.
 * - Fields may be quoted with `"`; inside quotes the separator, line breaks and doubled quotes `""` are literal.
 *   Spaces/tabs before an opening quote or after a closing quote are ignored (`a, "b, c"` reads as `a` and `b, c`).
 *   A quote inside an unquoted field is a literal character (`5" screen`).
 * - Each record carries the physical line where it starts (first line = 1), so callers can report exact lines even
 *   after multi-line quoted fields and blank lines. Completely empty lines are skipped.
 * - Malformed quoting never throws and never swallows the rest of the file: the record gets an `error`, and an
 *   unterminated quote resumes reading at the line after the one that opened it.
 *
 * Writer conventions: a field is quoted when it contains the separator, a quote, CR or LF, or has leading/trailing
 * whitespace (the portfolio reader trims unquoted cells), so `read(write(rows))` returns the rows exactly.
 */

/** Field separators the reader understands; `;` is what spreadsheet programs in comma-decimal locales write. */
export type CsvSeparator = ',' | ';';

/** One record (row) of a CSV file. */
export interface CsvRecord {
  /** Field values, unquoted and unescaped. Unquoted fields are returned untrimmed. */
  readonly fields: readonly string[];
  /** `quoted[i]` is true when field i was written in quotes (its value is then verbatim). */
  readonly quoted: readonly boolean[];
  /** Physical line of the file where the record starts (first line = 1). */
  readonly line: number;
  /** Set when the record's quoting is malformed; the fields are then only a best effort. */
  readonly error?: string;
}

export interface CsvReadResult {
  readonly records: readonly CsvRecord[];
  readonly separator: CsvSeparator;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** Count line breaks (CRLF, LF, lone CR each count once) in `s[from, to)`. */
function countLineBreaks(s: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR) {
      count++;
      if (k + 1 < to && s.charCodeAt(k + 1) === LF) k++;
    }
  }
  return count;
}

/** Index just past the line break that ends the physical line containing `from` (or the text length). */
function nextLineStart(s: string, from: number): number {
  for (let k = from; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === LF) return k + 1;
    if (c === CR) return k + 1 < s.length && s.charCodeAt(k + 1) === LF ? k + 2 : k + 1;
  }
  return s.length;
}

/**
 * Separator of a CSV text, decided from its first non-blank line (the header): `;` when that line has more
 * semicolons than commas outside quotes, else `,`.
 */
export function detectSeparator(text: string): CsvSeparator {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  let seenContent = false;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (inQuotes) {
      if (c === QUOTE) inQuotes = false; // a doubled quote re-enters on the next character: same effect
      continue;
    }
    if (c === QUOTE) inQuotes = true;
    else if (c === CR || c === LF) {
      if (seenContent) break; // end of the header line; leading blank lines are skipped
    } else if (c === 0x2c) commas++;
    else if (c === 0x3b) semicolons++;
    if (c !== CR && c !== LF && c !== SPACE && c !== TAB && c !== 0xfeff) seenContent = true;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Read CSV text into records.
 * @param text the whole file (a leading BOM is ignored)
 * @param options.separator force `,` or `;`; by default detected from the header line ({@link detectSeparator})
 * @returns the records (empty lines skipped), each with its starting physical line, and the separator used
 */
export function readCsv(text: string, options: { separator?: CsvSeparator; onProgress?: (fraction: number) => void } = {}): CsvReadResult {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const separator = options.separator ?? detectSeparator(s);
  const sepCode = separator.charCodeAt(0);
  const n = s.length;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;

  recordLoop: while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let error: string | undefined;

    for (;;) {
      // Look past spaces/tabs for an opening quote; if there is none the field is unquoted and keeps them.
      let j = i;
      while (j < n && (s.charCodeAt(j) === SPACE || s.charCodeAt(j) === TAB)) j++;
      if (j < n && s.charCodeAt(j) === QUOTE) {
        const openLine = line;
        let value = '';
        let k = j + 1;
        let closed = false;
        while (k < n) {
          const q = s.indexOf('"', k);
          if (q < 0) break;
          value += s.slice(k, q);
          line += countLineBreaks(s, k, q);
          if (q + 1 < n && s.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            k = q + 2;
            continue;
          }
          k = q + 1;
          closed = true;
          break;
        }
        if (!closed) {
          // Report the record and resume on the line after the opening quote, so one stray quote cannot hide
          // every later row.
          fields.push(value);
          quoted.push(true);
          records.push({
            fields,
            quoted,
            line: startLine,
            error: `unterminated quoted field (the quote opened on line ${openLine} is never closed)`,
          });
          i = nextLineStart(s, j);
          line = openLine + 1;
          continue recordLoop;
        }
        while (k < n && (s.charCodeAt(k) === SPACE || s.charCodeAt(k) === TAB)) k++;
        if (k < n && s.charCodeAt(k) !== sepCode && s.charCodeAt(k) !== CR && s.charCodeAt(k) !== LF) {
          // `"ab"c`: keep the text after the quote so nothing is lost, but flag the record.
          let e = k;
          while (e < n && s.charCodeAt(e) !== sepCode && s.charCodeAt(e) !== CR && s.charCodeAt(e) !== LF) e++;
          error ??= `field ${fields.length + 1}: unexpected text after the closing quote`;
          value += s.slice(k, e);
          k = e;
        }
        fields.push(value);
        quoted.push(true);
        i = k;
      } else {
        let k = i;
        while (k < n) {
          const c = s.charCodeAt(k);
          if (c === sepCode || c === CR || c === LF) break;
          k++;
        }
        fields.push(s.slice(i, k));
        quoted.push(false);
        i = k;
      }

      if (i < n && s.charCodeAt(i) === sepCode) {
        i++;
        continue;
      }
      if (i < n) {
        // line break ends the record
        i += s.charCodeAt(i) === CR && i + 1 < n && s.charCodeAt(i + 1) === LF ? 2 : 1;
        line++;
      }
      break;
    }

    const blank = fields.length === 1 && quoted[0] === false && fields[0] === '';
    if (!blank || error !== undefined) {
      records.push(error === undefined ? { fields, quoted, line: startLine } : { fields, quoted, line: startLine, error });
      if (options.onProgress && records.length % 5_000 === 0) options.onProgress(i / n);
    }
  }
  return { records, separator };
}

/**
 * Write one CSV field, quoting it only when needed (separator, quote, CR, LF, or leading/trailing whitespace).
 * @param value the cell text
 * @param separator `,` (default) or `;`
 */
export function formatCsvField(value: string, separator: CsvSeparator = ','): string {
  const needsQuotes =
    value.includes(separator) || value.includes('"') || value.includes('\n') || value.includes('\r') || value !== value.trim();
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Write rows as CSV text: fields joined by the separator, every row (including the last) ended by `eol`.
 * @param rows cell texts, row by row
 * @param options.separator `,` (default) or `;`; options.eol `\r\n` (default, RFC 4180) or `\n`
 */
export function writeCsv(rows: readonly (readonly string[])[], options: { separator?: CsvSeparator; eol?: '\r\n' | '\n' } = {}): string {
  const separator = options.separator ?? ',';
  const eol = options.eol ?? '\r\n';
  let out = '';
  for (const row of rows) out += row.map((v) => formatCsvField(v, separator)).join(separator) + eol;
  return out;
}
