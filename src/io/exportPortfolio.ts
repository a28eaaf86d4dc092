/**
 * Portfolio exporters: CSV and JSON, deterministic (fixed column/key order, `String(n)` numbers) so downloads
 * diff cleanly, and lossless against the importers: `importPortfolioCsv(exportPortfolioCsv(p))` and
 * `importPortfolioJson(exportPortfolioJson(p))` give back `p` (ids `p1…` in order, `line` aside).
 *
 * Not written: `id` and `line` (session data). `whatIf` / `excluded` are written when true (CSV columns
 * `what_if` / `excluded`, present only if some position has the flag), so a downloaded book with hypothetical
 * trades does not turn them into real positions on re-import.
 */

import type { Portfolio, Position } from '../domain/position.ts';
import { writeCsv } from './csv.ts';
import { DECIMAL_NUMBER, escapeFormula, knownColumnOf, setOwn } from './portfolioCsv.ts';
import { JSON_PORTFOLIO_KEYS, JSON_POSITION_KEYS, PORTFOLIO_SCHEMA_VERSION } from './portfolioJson.ts';

/** Full-precision number text (`String` round-trips every double); non-finite numbers are written empty. */
function numberCell(n: number): string {
  return Number.isFinite(n) ? String(n) : '';
}

/** Text cell, protected against formula injection. */
function textCell(text: string): string {
  return escapeFormula(text);
}

/**
 * Cell of an unknown column. CSV-imported values are strings; a plain decimal such as `-0.37` is a number to a
 * spreadsheet, not a formula, so it is written as is (the importer reads both back identically).
 */
function extraCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return DECIMAL_NUMBER.test(value) ? value : escapeFormula(value);
  if (typeof value === 'number') return numberCell(value);
  if (typeof value === 'boolean') return String(value);
  return escapeFormula(JSON.stringify(value) ?? '');
}

/**
 * Unknown columns to write: every `extra` key in first-seen order, except keys the CSV importer would read as a
 * known column or that differ from an earlier key only by case (CSV headers are case-insensitive), and unnamed keys.
 */
function extraColumns(positions: readonly Position[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const p of positions) {
    for (const key of Object.keys(p.extra ?? {})) {
      const folded = key.trim().toLowerCase();
      if (folded === '' || seen.has(folded) || knownColumnOf(key) !== undefined) continue;
      seen.add(folded);
      keys.push(key);
    }
  }
  return keys;
}

/**
 * Write a portfolio as CSV (PRODUCT.md "Portfolio CSV").
 * Columns: `instrument,quantity,unit,entry_price,venue,label`, then `what_if` / `excluded` when any position has
 * them, then the unknown columns in their original order. Separator `,`, line ends CRLF (RFC 4180), no BOM.
 * Quantities are signed in `unit` (empty = coin); entry prices in the instrument's quote currency; numbers at full
 * precision. Text cells starting with `= + - @ TAB CR` get a leading `'` (formula injection).
 * @param portfolio the book (the name is not written: CSV has no place for it)
 * @returns the CSV text
 */
export function exportPortfolioCsv(portfolio: Portfolio): string {
  const positions = portfolio.positions;
  const hasWhatIf = positions.some((p) => p.whatIf === true);
  const hasExcluded = positions.some((p) => p.excluded === true);
  const extras = extraColumns(positions);
  const header = [
    'instrument',
    'quantity',
    'unit',
    'entry_price',
    'venue',
    'label',
    ...(hasWhatIf ? ['what_if'] : []),
    ...(hasExcluded ? ['excluded'] : []),
    ...extras.map(textCell),
  ];
  const rows: string[][] = [header];
  for (const p of positions) {
    const extra = p.extra ?? {};
    rows.push([
      textCell(p.instrument),
      numberCell(p.quantity),
      textCell(p.unit ?? ''),
      p.entryPrice === null ? '' : numberCell(p.entryPrice),
      textCell(p.venue),
      textCell(p.label),
      ...(hasWhatIf ? [p.whatIf === true ? 'true' : ''] : []),
      ...(hasExcluded ? [p.excluded === true ? 'true' : ''] : []),
      ...extras.map((key) => extraCell(Object.hasOwn(extra, key) ? extra[key] : undefined)),
    ]);
  }
  return writeCsv(rows);
}

/**
 * Write a portfolio as JSON (PRODUCT.md "Portfolio JSON"), 2-space indented, ending with a newline.
 * Key order: `schemaVersion` (1), `name`, `positions`, then unknown top-level fields; per position `instrument`,
 * `quantity`, `unit` (omitted when not given, meaning coin), `entryPrice` (null when none), `venue`, `label`,
 * `whatIf` / `excluded` (only when true), then unknown fields, all in their original order.
 * @param portfolio the book
 * @returns the JSON text
 */
export function exportPortfolioJson(portfolio: Portfolio): string {
  const root: Record<string, unknown> = { schemaVersion: PORTFOLIO_SCHEMA_VERSION, name: portfolio.name };
  root.positions = portfolio.positions.map((p) => {
    const out: Record<string, unknown> = { instrument: p.instrument, quantity: p.quantity };
    if (p.unit !== undefined) out.unit = p.unit;
    out.entryPrice = p.entryPrice;
    out.venue = p.venue;
    out.label = p.label;
    if (p.whatIf === true) out.whatIf = true;
    if (p.excluded === true) out.excluded = true;
    for (const [key, value] of Object.entries(p.extra ?? {})) {
      if (!JSON_POSITION_KEYS.includes(key)) setOwn(out, key, value);
    }
    return out;
  });
  for (const [key, value] of Object.entries(portfolio.extra ?? {})) {
    if (!JSON_PORTFOLIO_KEYS.includes(key)) setOwn(root, key, value);
  }
  return `${JSON.stringify(root, null, 2)}\n`;
}
