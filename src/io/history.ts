/**
 * Daily history CSV (`date,close`: the bundled `public/data/history/*-usd-daily.csv` prices and `dvol-*-daily.csv`
 * DVOL files) → a typed daily series for VaR (engine/var `DailySeries`). A pure function of the text: no DOM, no
 * Node APIs; never throws.
 *
 * Format and rules:
 * - Header row required with a `date` and a `close` column (names case-insensitive, trimmed, any order; other
 *   columns ignored). Separator `,` or `;` (detected from the header, io/csv.ts); a BOM and CRLF line ends are fine.
 * - `date`: ISO `YYYY-MM-DD`, a real calendar date (UTC days). `close`: a positive finite number (`.` decimal point;
 *   with the `;` separator a `,` decimal comma is also read).
 * - Dates strictly ascending: a duplicate or an out-of-order date is an error naming both lines.
 * - Missing calendar days are allowed (VaR skips the returns that would span them) and reported as warnings.
 * - Any bad row makes the whole file an error listing every bad row (a price history with a hole in the middle of
 *   it would silently change VaR): `{ ok: false, errors: [{ line, message }] }`. "Line" is the physical line of the
 *   file, the header being line 1 (PRODUCT.md convention).
 * `historyFileKey` maps the bundled file names to (kind, underlying); `buildVarHistory` assembles a `VarHistory`
 * from several files.
 *
 * Verified by: history.test.ts (the bundled files; every error with its line; BOM/CRLF/`;`; gaps as warnings).
 */
import type { DailySeries, VarHistory } from '../engine/var/index.ts';
import { isoDayNumber } from '../engine/var/index.ts';
import { readCsv } from './csv.ts';

/** One problem in a history file. */
export interface HistoryError {
  /** Physical line (header = 1); null for file-level problems. */
  readonly line: number | null;
  readonly message: string;
}

export type HistoryParseResult =
  | { ok: true; series: DailySeries & { readonly values: Float64Array }; warnings: string[] }
  | { ok: false; errors: HistoryError[]; error: string };

const MAX_REPORTED = 50;

function fail(errors: HistoryError[], fileName: string | undefined): HistoryParseResult {
  const prefix = fileName ? `${fileName}: ` : '';
  const shown = errors.slice(0, MAX_REPORTED);
  const more = errors.length > MAX_REPORTED ? ` (and ${errors.length - MAX_REPORTED} more)` : '';
  const error = prefix + shown.map((e) => (e.line === null ? e.message : `line ${e.line}: ${e.message}`)).join('; ') + more;
  return { ok: false, errors, error };
}

/** Parse a decimal number cell strictly (no trailing junk, no empty string). */
function parseNumber(text: string, decimalComma: boolean): number {
  let t = text.trim();
  if (decimalComma && /^[+-]?\d+,\d+$/.test(t)) t = t.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return NaN;
  return Number(t);
}

/**
 * Parse a `date,close` CSV text (module header).
 * @param fileName optional, prefixes the summary `error` message
 */
export function parseHistoryCsv(text: string, fileName?: string): HistoryParseResult {
  if (typeof text !== 'string') return fail([{ line: null, message: 'the file is not text' }], fileName);
  let records;
  let separator;
  try {
    ({ records, separator } = readCsv(text));
  } catch (e) {
    // readCsv does not throw; this is a belt-and-braces guard for "never throws".
    return fail([{ line: null, message: `could not read the CSV (${e instanceof Error ? e.message : String(e)})` }], fileName);
  }
  if (records.length === 0)
    return fail([{ line: null, message: 'the file is empty: a header `date,close` and one row per day are expected' }], fileName);
  const header = records[0]!;
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const dateCol = names.indexOf('date');
  const closeCol = names.indexOf('close');
  if (dateCol < 0 || closeCol < 0) {
    const missing = [dateCol < 0 ? '`date`' : null, closeCol < 0 ? '`close`' : null].filter(Boolean).join(' and ');
    return fail(
      [{ line: header.line, message: `the header must have ${missing} column(s) (found: ${header.fields.join(', ') || 'nothing'})` }],
      fileName,
    );
  }
  const errors: HistoryError[] = [];
  const dates: string[] = [];
  const values: number[] = [];
  const lines: number[] = [];
  const days: number[] = [];
  for (const rec of records.slice(1)) {
    if (rec.error) {
      errors.push({ line: rec.line, message: rec.error });
      continue;
    }
    if (rec.fields.length <= Math.max(dateCol, closeCol)) {
      errors.push({ line: rec.line, message: `expected at least ${Math.max(dateCol, closeCol) + 1} fields, found ${rec.fields.length}` });
      continue;
    }
    const dateText = (rec.fields[dateCol] ?? '').trim();
    const closeText = rec.fields[closeCol] ?? '';
    const day = isoDayNumber(dateText);
    if (day === null) {
      errors.push({ line: rec.line, message: dateText === '' ? 'missing date' : `date "${dateText}" is not a valid YYYY-MM-DD date` });
      continue;
    }
    if (closeText.trim() === '') {
      errors.push({ line: rec.line, message: `missing close for ${dateText}` });
      continue;
    }
    const close = parseNumber(closeText, separator === ';');
    if (!(close > 0 && Number.isFinite(close))) {
      errors.push({ line: rec.line, message: `close "${closeText.trim()}" for ${dateText} must be a positive number` });
      continue;
    }
    const prevDay = days.length > 0 ? days[days.length - 1]! : -Infinity;
    if (day === prevDay) {
      errors.push({ line: rec.line, message: `duplicate date ${dateText} (also on line ${lines[lines.length - 1]})` });
      continue;
    }
    if (day < prevDay) {
      errors.push({
        line: rec.line,
        message: `date ${dateText} comes after ${dates[dates.length - 1]} (line ${lines[lines.length - 1]}): rows must be in ascending date order`,
      });
      continue;
    }
    dates.push(dateText);
    values.push(close);
    lines.push(rec.line);
    days.push(day);
  }
  if (errors.length > 0) return fail(errors, fileName);
  if (dates.length === 0) return fail([{ line: null, message: 'no data rows after the header' }], fileName);
  const warnings: string[] = [];
  for (let i = 1; i < days.length; i++) {
    const gap = days[i]! - days[i - 1]! - 1;
    if (gap > 0) warnings.push(`${gap} missing day(s) between ${dates[i - 1]} (line ${lines[i - 1]}) and ${dates[i]} (line ${lines[i]})`);
  }
  return { ok: true, series: { dates, values: Float64Array.from(values) }, warnings };
}

/** What a bundled history file holds, from its name: `btc-usd-daily.csv` → price of BTC, `dvol-eth-daily.csv` → DVOL of ETH. */
export function historyFileKey(fileName: string): { kind: 'price' | 'dvol'; underlying: string } | null {
  const base = (fileName.split(/[\\/]/).pop() ?? '').toLowerCase();
  const dvol = /^dvol-([a-z0-9]+)-daily\.csv$/.exec(base);
  if (dvol) return { kind: 'dvol', underlying: dvol[1]!.toUpperCase() };
  const price = /^([a-z0-9]+)-usdc?-daily\.csv$/.exec(base);
  if (price) return { kind: 'price', underlying: price[1]!.toUpperCase() };
  return null;
}

/** Result of assembling several history files. */
export type VarHistoryResult = { ok: true; history: VarHistory; warnings: string[] } | { ok: false; error: string; warnings: string[] };

/**
 * Build a VarHistory from history files named as the bundled ones (see {@link historyFileKey}).
 * @returns the history, or the first file's error (file name and line); unrecognised names are warnings
 */
export function buildVarHistory(files: readonly { readonly fileName: string; readonly text: string }[]): VarHistoryResult {
  const prices: Record<string, DailySeries> = {};
  const dvol: Record<string, DailySeries> = {};
  const warnings: string[] = [];
  for (const f of files) {
    const key = historyFileKey(f.fileName);
    if (!key) {
      warnings.push(`${f.fileName}: not a history file name (expected <coin>-usd-daily.csv or dvol-<coin>-daily.csv); skipped`);
      continue;
    }
    const parsed = parseHistoryCsv(f.text, f.fileName);
    if (!parsed.ok) return { ok: false, error: parsed.error, warnings };
    for (const w of parsed.warnings) warnings.push(`${f.fileName}: ${w}`);
    (key.kind === 'price' ? prices : dvol)[key.underlying] = parsed.series;
  }
  return { ok: true, history: { prices, dvol }, warnings };
}
