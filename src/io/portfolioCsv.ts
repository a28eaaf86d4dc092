/**
 * Portfolio CSV importer (PRODUCT.md "Portfolio CSV"), plus the position-field rules every portfolio importer
 * shares (the JSON importer applies the same rules to its objects).
 *
 * Format: header row required, column order free, names case-insensitive. Known columns: `instrument` and
 * `quantity` (required), `unit`, `entry_price`, `venue` (default `deribit`), `label`, and the session flags
 * `what_if` / `excluded` (written by our exporter only when a position has them), under the aliases of
 * {@link knownColumnOf} too (`qty`, `size`, `amount`, `entry`, `avg_price`, `average_price`, `Entry Price`, …).
 * Any other column is kept in `Position.extra` (as text), written back, and named in `ignoredColumns`. A header
 * without the required columns is refused with what was expected and found (`header`, for a column mapping).
 * Separator `,` or `;` (detected from the header line).
 *
 * Cell normalisation (the exporter writes the exact inverse, so round trips are lossless):
 * - unquoted cells are trimmed, quoted cells are verbatim;
 * - text cells (not `quantity` / `entry_price`) lose one leading `'` that was added against formula injection,
 *   i.e. when the text is `'…'X…` with X one of `= + - @ TAB CR` (see {@link unescapeFormula}).
 *
 * Units: `quantity` is signed (+ long, − short) in `unit` (`coin` when absent); `entry_price` is in the
 * instrument's quote currency (coin for inverse options, USD/USDC otherwise).
 */

import { parseInstrument, type Instrument, type ParseResult } from '../domain/instrument.ts';
import { QUANTITY_UNITS, unitError, type Portfolio, type Position, type QuantityUnit, type RowError } from '../domain/position.ts';
import { readCsv, type CsvRecord } from './csv.ts';
import type { PortfolioImportOutcome } from './importPortfolio.ts';

/** Options shared by every portfolio importer. */
export interface ImportOptions {
  /** File name (may be a path): prefixes file-level error messages and gives the default portfolio name. */
  readonly fileName?: string;
  /** Portfolio name; default: the file name without directory and extension, else `Portfolio`. */
  readonly name?: string;
  /** Prefix of the generated position ids (default `p`: `p1`, `p2`, … in file order). */
  readonly idPrefix?: string;
  /** Called now and then with the fraction done (0…1) on large files: reading, then validating rows. */
  readonly onProgress?: (fraction: number) => void;
  /**
   * CSV only: the trader's mapping of header names found in the file to our columns (`{ "Pos": "quantity" }`),
   * applied before the built-in names and aliases; header names are compared as {@link normaliseColumnName} does.
   */
  readonly columnMap?: Readonly<Record<string, PortfolioColumn>>;
}

/** Rows between progress reports. */
export const PROGRESS_EVERY_ROWS = 5_000;

/**
 * The time stamp our downloads append to the book's name (`My book 2026-12-04T1701Z.csv`), and the ` (1)` a browser
 * adds to a second download of the same name: both are dropped again when the file is re-opened.
 */
const DOWNLOAD_STAMP = / \d{4}-\d{2}-\d{2}T\d{4}Z(?: ?\(\d+\))?$/;

/**
 * Default portfolio name when the file does not carry one: `books/main.csv` → `main`; a download of ours
 * (`My book 2026-12-04T1701Z.csv`) gives back the book's name `My book`.
 */
export function portfolioNameFromFile(fileName: string | undefined): string {
  if (fileName === undefined) return 'Portfolio';
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.[^.]*$/, '').trim();
  const name = stem.replace(DOWNLOAD_STAMP, '').trim();
  return name === '' ? (stem === '' ? 'Portfolio' : stem) : name;
}

/** `"main.csv: "` for file-level messages, or nothing when the caller gave no file name. */
export function filePrefix(options: ImportOptions): string {
  return options.fileName === undefined ? '' : `${options.fileName}: `;
}

/** Define an own enumerable property even for keys such as `__proto__` (plain assignment would not). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty is slow on large files: use it only for the one key where assignment means something else.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A decimal number as people and our exporter write it: `-2.5`, `1e3`, `.5`, `+7`, `1e-7`. No hex, no `Infinity`. */
export const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection). */
const FORMULA_AFTER_QUOTES = /^'*[=+\-@\t\r]/;
const ESCAPED_FORMULA = /^'+[=+\-@\t\r]/;

/**
 * Protect a text cell against formula injection by prefixing `'` when it starts with `= + - @ TAB CR`.
 * Text that already starts with apostrophes followed by such a character gets one more, so that
 * {@link unescapeFormula} is its exact inverse for every string.
 */
export function escapeFormula(text: string): string {
  return FORMULA_AFTER_QUOTES.test(text) ? `'${text}` : text;
}

/** Inverse of {@link escapeFormula}: drop one leading `'` when apostrophes are followed by `= + - @ TAB CR`. */
export function unescapeFormula(text: string): string {
  return ESCAPED_FORMULA.test(text) ? text.slice(1) : text;
}

type Check<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/**
 * Read a signed quantity: a JSON number or decimal text, finite. `-0` becomes `0`.
 * @param field the name used in messages (`quantity`, `size`)
 */
export function checkQuantity(raw: unknown, field: string): Check<number> {
  const n = toNumber(raw, field);
  if (!n.ok) return n;
  return { ok: true, value: n.value === 0 ? 0 : n.value };
}

/** Read an entry price: empty/absent → null, else a finite number > 0. */
export function checkEntryPrice(raw: unknown, field: string): Check<number | null> {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { ok: true, value: null };
  const n = toNumber(raw, field);
  if (!n.ok) return n;
  if (!(n.value > 0)) return { ok: false, message: `${field} ${describe(raw)} must be positive` };
  return { ok: true, value: n.value };
}

function describe(raw: unknown): string {
  return typeof raw === 'string' ? `"${raw}"` : String(raw);
}

function toNumber(raw: unknown, field: string): Check<number> {
  if (raw === undefined || raw === null) return { ok: false, message: `${field} is missing` };
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false, message: `${field} ${String(raw)} is not a finite number` };
  }
  if (typeof raw !== 'string')
    return { ok: false, message: `${field} must be a number (got ${Array.isArray(raw) ? 'a list' : typeof raw})` };
  const text = raw.trim();
  if (text === '') return { ok: false, message: `${field} is empty` };
  if (!DECIMAL_NUMBER.test(text)) {
    // A comma is most likely a decimal comma or a thousands separator: guessing wrong would scale a position
    // by 1000, so refuse and say why.
    const hint = text.includes(',') ? ' (use a point as the decimal separator and no thousands separators)' : '';
    return { ok: false, message: `${field} "${raw}" is not a number${hint}` };
  }
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: `${field} "${raw}" is out of range` };
  return { ok: true, value };
}

/** Currency codes that stand for USD notional in a `unit` cell (`usd`), except on a cash row of that very code. */
const USD_UNIT_CODES = ['USD', 'USDC', 'USDT'];

/**
 * Read a unit: empty/absent → undefined (meaning coin), else coin/usd/contracts, case-insensitive. A currency code is
 * read for what it means on the row's instrument: the instrument's own coin (`BTC` on a BTC option, `USDC` on a
 * USDC cash row) is `coin`; `USD`, `USDC` or `USDT` on anything else is `usd` (USD notional), which then has to
 * apply to the instrument like a written `usd`.
 * @param instrument the row's parsed instrument, when its name parsed (needed to read a currency code)
 */
function checkUnit(raw: unknown, instrument: Instrument | undefined): Check<QuantityUnit | undefined> {
  if (raw === undefined || raw === null) return { ok: true, value: undefined };
  if (typeof raw !== 'string') return { ok: false, message: `unit must be text (got ${typeof raw})` };
  const text = raw.trim().toLowerCase();
  if (text === '') return { ok: true, value: undefined };
  const unit = QUANTITY_UNITS.find((u) => u === text);
  if (unit !== undefined) return { ok: true, value: unit };
  const code = text.toUpperCase();
  if (/^[A-Z][A-Z0-9]{1,9}$/.test(code)) {
    if (instrument === undefined) return { ok: true, value: undefined }; // the instrument's own error says enough
    if (code === instrument.underlying) return { ok: true, value: 'coin' };
    if (USD_UNIT_CODES.includes(code) && instrument.kind !== 'cash') return { ok: true, value: 'usd' };
    return {
      ok: false,
      message: `unit "${raw}" does not fit ${instrument.name} (${instrument.kind === 'cash' ? 'currency' : 'underlying'} ${instrument.underlying}): use coin or ${instrument.underlying}, usd or USD, or contracts`,
    };
  }
  return { ok: false, message: `unit "${raw}" is not one of ${QUANTITY_UNITS.join(', ')} (or the coin's code such as BTC, or USD)` };
}

/** Read a session flag: true/yes/1 → true; false/no/0/empty/absent → undefined (only `true` is ever stored). */
function checkFlag(raw: unknown, field: string): Check<true | undefined> {
  if (raw === undefined || raw === null || raw === false) return { ok: true, value: undefined };
  if (raw === true) return { ok: true, value: true };
  if (typeof raw === 'string') {
    const t = raw.trim().toLowerCase();
    if (t === '' || t === 'false' || t === 'no' || t === '0') return { ok: true, value: undefined };
    if (t === 'true' || t === 'yes' || t === '1') return { ok: true, value: true };
  }
  return { ok: false, message: `${field} ${describe(raw)} must be true or false` };
}

/** Instrument-name parser; importers pass a memoised one ({@link memoInstrumentParser}). */
export type InstrumentParser = (name: string) => ParseResult<Instrument>;

/**
 * A parseInstrument that remembers its answers for one import: books repeat the same names over many rows, and
 * parsing dominates the import time of large files.
 */
export function memoInstrumentParser(): InstrumentParser {
  const cache = new Map<string, ParseResult<Instrument>>();
  return (name) => {
    let result = cache.get(name);
    if (result === undefined) {
      result = parseInstrument(name);
      cache.set(name, result);
    }
    return result;
  };
}

/** The position fields of one row/object before validation, values as the file gave them. */
export interface RawPositionFields {
  readonly instrument: unknown;
  readonly quantity: unknown;
  readonly unit: unknown;
  readonly entryPrice: unknown;
  readonly venue: unknown;
  readonly label: unknown;
  readonly whatIf: unknown;
  readonly excluded: unknown;
}

/** Field names as the format spells them, for messages. */
export interface FieldNames {
  readonly entryPrice: string;
  readonly whatIf: string;
}

export const CSV_FIELD_NAMES: FieldNames = { entryPrice: 'entry_price', whatIf: 'what_if' };

/** Validated fields of one position (everything but id, line and extra). */
export interface PositionFields {
  readonly instrument: string;
  readonly quantity: number;
  readonly unit?: QuantityUnit;
  readonly entryPrice: number | null;
  readonly venue: string;
  readonly label: string;
  readonly whatIf?: true;
  readonly excluded?: true;
}

/**
 * Apply the portfolio row rules (PRODUCT.md "Portfolio CSV") to raw field values.
 * @returns the fields, or every reason the row is rejected joined by `; ` (one RowError per row).
 */
export function validatePositionFields(
  raw: RawPositionFields,
  names: FieldNames,
  parse: InstrumentParser = parseInstrument,
): Check<PositionFields> {
  const problems: string[] = [];
  let instrumentText = '';
  let unitCheckInstrument: Instrument | undefined;
  if (typeof raw.instrument === 'string') {
    instrumentText = raw.instrument.trim();
    const parsed = parse(instrumentText);
    if (parsed.ok) unitCheckInstrument = parsed.value;
    else problems.push(parsed.error);
  } else if (raw.instrument === undefined || raw.instrument === null) {
    problems.push('instrument is missing');
  } else {
    problems.push(`instrument must be text (got ${typeof raw.instrument})`);
  }

  const quantity = checkQuantity(raw.quantity, 'quantity');
  if (!quantity.ok) problems.push(quantity.message);

  const unit = checkUnit(raw.unit, unitCheckInstrument);
  if (!unit.ok) problems.push(unit.message);
  else if (unit.value !== undefined && unitCheckInstrument !== undefined) {
    const why = unitError(unitCheckInstrument, unit.value);
    const written = typeof raw.unit === 'string' ? raw.unit.trim() : '';
    if (why !== null) problems.push(written.toLowerCase() === unit.value ? why : `unit "${written}" means ${unit.value}: ${why}`);
  }

  const entryPrice = checkEntryPrice(raw.entryPrice, names.entryPrice);
  if (!entryPrice.ok) problems.push(entryPrice.message);

  let venue = 'deribit';
  if (typeof raw.venue === 'string') {
    if (raw.venue.trim() !== '') venue = raw.venue.trim();
  } else if (raw.venue !== undefined && raw.venue !== null) {
    problems.push(`venue must be text (got ${typeof raw.venue})`);
  }

  let label = '';
  if (typeof raw.label === 'string') label = raw.label;
  else if (raw.label !== undefined && raw.label !== null) problems.push(`label must be text (got ${typeof raw.label})`);

  const whatIf = checkFlag(raw.whatIf, names.whatIf);
  if (!whatIf.ok) problems.push(whatIf.message);
  const excluded = checkFlag(raw.excluded, 'excluded');
  if (!excluded.ok) problems.push(excluded.message);

  if (problems.length > 0 || !quantity.ok || !unit.ok || !entryPrice.ok || !whatIf.ok || !excluded.ok) {
    return { ok: false, message: problems.join('; ') };
  }
  return {
    ok: true,
    value: {
      instrument: instrumentText,
      quantity: quantity.value,
      ...(unit.value !== undefined ? { unit: unit.value } : {}),
      entryPrice: entryPrice.value,
      venue,
      label,
      ...(whatIf.value ? { whatIf: true as const } : {}),
      ...(excluded.value ? { excluded: true as const } : {}),
    },
  };
}

/** Assemble a Position with a stable key order (id, fields, line, extra); optional keys are omitted, not undefined. */
export function makePosition(
  id: string,
  fields: PositionFields,
  line: number | undefined,
  extra: Record<string, unknown> | undefined,
): Position {
  return {
    id,
    ...fields,
    ...(line !== undefined ? { line } : {}),
    ...(extra !== undefined ? { extra } : {}),
  };
}

/** Our CSV columns (canonical spellings). */
export type PortfolioColumn = 'instrument' | 'quantity' | 'unit' | 'entry_price' | 'venue' | 'label' | 'what_if' | 'excluded';
type KnownColumn = PortfolioColumn;

/** The columns of a portfolio CSV as the contract lists them, required first (the session flags are not listed). */
export const PORTFOLIO_COLUMNS: readonly { readonly name: PortfolioColumn; readonly required: boolean; readonly meaning: string }[] = [
  { name: 'instrument', required: true, meaning: 'Deribit-style name, or a coin/currency code for spot or cash' },
  { name: 'quantity', required: true, meaning: 'signed: + long, − short' },
  { name: 'unit', required: false, meaning: 'coin (default), usd or contracts; BTC, ETH, USD, USDC are read as coin or usd' },
  { name: 'entry_price', required: false, meaning: 'in the quote currency: coin for inverse options, USD otherwise' },
  { name: 'venue', required: false, meaning: 'default deribit' },
  { name: 'label', required: false, meaning: 'free text (book, strategy)' },
];

/**
 * Canonical names of the known CSV columns; keys are header spellings after {@link normaliseColumnName}, aliases
 * included: what other tools and Deribit's own exports call these columns.
 */
const KNOWN_COLUMNS: Readonly<Record<string, KnownColumn>> = {
  instrument: 'instrument',
  instrument_name: 'instrument',
  quantity: 'quantity',
  qty: 'quantity',
  size: 'quantity',
  amount: 'quantity',
  unit: 'unit',
  entry_price: 'entry_price',
  entryprice: 'entry_price', // the JSON spelling, so a hand-made CSV with `entryPrice` is not misread as extra
  entry: 'entry_price',
  avg_price: 'entry_price',
  average_price: 'entry_price',
  venue: 'venue',
  label: 'label',
  what_if: 'what_if',
  whatif: 'what_if',
  excluded: 'excluded',
};

/** Header cell → lookup key: trimmed, lower case, runs of spaces and dashes as one `_` (`Entry Price` → `entry_price`). */
export function normaliseColumnName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** The known column a header name stands for (aliases included), or undefined for a column we do not use. */
export function knownColumnOf(name: string): PortfolioColumn | undefined {
  const key = normaliseColumnName(name);
  return Object.hasOwn(KNOWN_COLUMNS, key) ? KNOWN_COLUMNS[key] : undefined;
}

/** Lower-case header spellings that the CSV importer reads as known columns (the exporter avoids them for extras). */
export const CSV_RESERVED_COLUMN_NAMES: readonly string[] = Object.keys(KNOWN_COLUMNS);

/** Why a CSV header was refused, for the mapping dialog: what we need and what the file has. */
export interface HeaderProblem {
  /** Header names as the file writes them, in order (empty cells left out). */
  readonly found: readonly string[];
  /** Required columns not found. */
  readonly missing: readonly PortfolioColumn[];
}

/** "expected instrument, quantity (required); unit, entry_price, venue, label (optional); found: a, b". */
export function describeHeader(found: readonly string[]): string {
  const req = PORTFOLIO_COLUMNS.filter((c) => c.required).map((c) => c.name);
  const opt = PORTFOLIO_COLUMNS.filter((c) => !c.required).map((c) => c.name);
  const shown = found.length === 0 ? '(no names)' : found.map((f) => `"${f}"`).join(', ');
  return `expected columns ${req.join(', ')} (required) and ${opt.join(', ')} (optional); found ${shown}`;
}

/**
 * A template portfolio CSV: every column with a few real-looking rows (an inverse option, a future in USD, a linear
 * option, spot collateral, cash). Instruments expire on the dates in their names; swap in current ones.
 */
export const PORTFOLIO_CSV_TEMPLATE = [
  'instrument,quantity,unit,entry_price,venue,label',
  'BTC-25DEC26-90000-C,-10,coin,0.0509,deribit,short call (inverse: entry in BTC)',
  'BTC-25DEC26,-400000,usd,80680,deribit,future (usd notional)',
  'ETH-PERPETUAL,-80,coin,2564.5,deribit,delta hedge',
  'BTC_USDC-25SEP26-80000-C,3,,3330,deribit,linear call (entry in USDC)',
  'BTC,10,,,deribit,collateral',
  'USDC,500000,,,deribit,cash',
  '',
].join('\r\n');

/** Normalise one cell: trim unquoted cells; for text cells undo the formula-injection prefix. */
function cellText(record: CsvRecord, index: number, isText: boolean): string {
  const raw = record.fields[index] ?? '';
  const text = record.quoted[index] === true ? raw : raw.trim();
  return isText ? unescapeFormula(text) : text;
}

/**
 * Import a portfolio CSV.
 * @param text the file contents (UTF-8 text; a BOM, CRLF/LF/CR line ends and `;` separators are accepted)
 * @param options file name for messages and the portfolio name, id prefix
 * @returns ok:false when the text is not a portfolio CSV (empty, no header with `instrument` and `quantity`,
 *   duplicate column); otherwise the good positions (ids `p1`, `p2`, …, `line` = physical line) and one RowError
 *   per rejected row. Blank rows (only whitespace and separators) are skipped.
 */
export function importPortfolioCsv(text: string, options: ImportOptions = {}): PortfolioImportOutcome {
  try {
    return importCsv(text, options);
  } catch (e) {
    // Defensive: the reader is written not to throw, but an import must always return an outcome.
    return { ok: false, error: `${filePrefix(options)}could not read the CSV (${e instanceof Error ? e.message : String(e)})` };
  }
}

function isBlankRecord(record: CsvRecord): boolean {
  return record.error === undefined && record.fields.every((f) => f.trim() === '');
}

function importCsv(text: string, options: ImportOptions): PortfolioImportOutcome {
  const prefix = filePrefix(options);
  const onProgress = options.onProgress;
  const { records } = readCsv(text, onProgress ? { onProgress: (f) => onProgress(0.5 * f) } : {});
  const headerIndex = records.findIndex((r) => !isBlankRecord(r));
  const header = records[headerIndex];
  if (header === undefined) return { ok: false, error: `${prefix}the file is empty` };
  if (header.error !== undefined)
    return { ok: false, error: `${prefix}not a portfolio file: header (line ${header.line}): ${header.error}` };

  // Map columns. Unnamed columns (an empty header cell, e.g. a trailing separator) are ignored as long as the rows
  // leave them empty.
  const known = new Map<KnownColumn, number>();
  const extraColumns: { index: number; name: string }[] = [];
  const seen = new Map<string, { index: number; name: string }>();
  const mapped = new Map<string, KnownColumn>();
  for (const [from, to] of Object.entries(options.columnMap ?? {})) mapped.set(normaliseColumnName(from), to);
  const found: string[] = [];
  for (let c = 0; c < header.fields.length; c++) {
    const name = cellText(header, c, true);
    const key = name.trim().toLowerCase();
    if (key === '') continue;
    found.push(name.trim());
    const canonical = mapped.get(normaliseColumnName(name)) ?? knownColumnOf(name);
    const dupKey = canonical ?? key;
    const previous = seen.get(dupKey);
    if (previous !== undefined) {
      return {
        ok: false,
        error: `${prefix}not a portfolio file: duplicate column "${name.trim()}" (columns ${previous.index + 1} and ${c + 1}${previous.name.trim() !== name.trim() ? `, "${previous.name.trim()}"` : ''})`,
      };
    }
    seen.set(dupKey, { index: c, name });
    if (canonical !== undefined) known.set(canonical, c);
    else extraColumns.push({ index: c, name });
  }
  const missing = (['instrument', 'quantity'] as const).filter((col) => !known.has(col));
  if (missing.length > 0) {
    return {
      ok: false,
      error: `${prefix}not a portfolio file: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (${describeHeader(found)})`,
      header: { found, missing },
    };
  }
  const namedColumns = new Set<number>([...known.values(), ...extraColumns.map((e) => e.index)]);

  const idPrefix = options.idPrefix ?? 'p';
  const parse = memoInstrumentParser();
  const positions: Position[] = [];
  const errors: RowError[] = [];
  const col = (record: CsvRecord, column: KnownColumn, isText: boolean): string | undefined => {
    const index = known.get(column);
    return index === undefined ? undefined : cellText(record, index, isText);
  };

  for (let r = headerIndex + 1; r < records.length; r++) {
    if (onProgress && r % PROGRESS_EVERY_ROWS === 0) onProgress(0.5 + (0.5 * r) / records.length);
    const record = records[r];
    if (record === undefined || isBlankRecord(record)) continue;
    const instrument = (col(record, 'instrument', true) ?? '').trim();
    if (record.error !== undefined) {
      errors.push({ line: record.line, instrument, message: record.error });
      continue;
    }
    const problems: string[] = [];
    const stray = record.fields.findIndex((f, c) => !namedColumns.has(c) && f.trim() !== '');
    if (stray >= 0) {
      problems.push(
        stray >= header.fields.length
          ? `row has ${record.fields.length} fields but the header has ${header.fields.length}`
          : `value in column ${stray + 1}, which has no header name`,
      );
    }
    const checked = validatePositionFields(
      {
        instrument: col(record, 'instrument', true),
        quantity: col(record, 'quantity', false),
        unit: col(record, 'unit', true),
        entryPrice: col(record, 'entry_price', false),
        venue: col(record, 'venue', true),
        label: col(record, 'label', true),
        whatIf: col(record, 'what_if', true),
        excluded: col(record, 'excluded', true),
      },
      CSV_FIELD_NAMES,
      parse,
    );
    if (!checked.ok) problems.push(checked.message);
    if (problems.length > 0 || !checked.ok) {
      errors.push({ line: record.line, instrument, message: problems.join('; ') });
      continue;
    }
    let extra: Record<string, unknown> | undefined;
    if (extraColumns.length > 0) {
      extra = {};
      for (const { index, name } of extraColumns) setOwn(extra, name, cellText(record, index, true));
    }
    positions.push(makePosition(`${idPrefix}${positions.length + 1}`, checked.value, record.line, extra));
  }

  const portfolio: Portfolio = { name: options.name ?? portfolioNameFromFile(options.fileName), positions };
  const ignoredColumns = extraColumns.map((e) => e.name.trim());
  return { ok: true, result: { portfolio, errors, format: 'csv', ...(ignoredColumns.length > 0 ? { ignoredColumns } : {}) } };
}
