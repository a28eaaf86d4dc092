/**
 * Deribit `private/get_positions` importer (PRODUCT.md "Deribit private/get_positions JSON").
 *
 * Input: the JSON-RPC response `{ "jsonrpc": "2.0", "id": …, "result": [ … ] }`, the bare `result` array, or a
 * `private/get_position` response whose `result` is a single entry.
 * Per entry: `instrument_name` → instrument (as written, trimmed); `size` (signed) → quantity, whose unit follows
 * Deribit's size convention: USD notional for inverse futures and perpetuals (unit `usd`), coin for options and
 * for linear `_USDC` products (unit `coin`); `average_price` → entryPrice (0 or absent → null; coin for inverse
 * options, USD/USDC otherwise); venue `deribit`; label empty. All other fields are ignored.
 * Entries with size 0 are closed positions (Deribit lists them after a trade is flattened): skipped, and listed in
 * `skipped` with their line so the import report can say so (nothing is dropped without a word).
 */

import type { Instrument } from '../domain/instrument.ts';
import type { Portfolio, Position, QuantityUnit, RowError } from '../domain/position.ts';
import type { PortfolioImportOutcome } from './importPortfolio.ts';
import {
  checkEntryPrice,
  checkQuantity,
  filePrefix,
  makePosition,
  memoInstrumentParser,
  portfolioNameFromFile,
  type ImportOptions,
} from './portfolioCsv.ts';
import { isJsonObject, parseJsonDocument, type JsonDocument } from './portfolioJson.ts';

/** Unit of Deribit's `size` for an instrument: USD for inverse futures/perpetuals, coin otherwise. */
export function deribitSizeUnit(instrument: Instrument): QuantityUnit {
  const inverseDelta1 = instrument.settlement === 'inverse' && (instrument.kind === 'future' || instrument.kind === 'perpetual');
  return inverseDelta1 ? 'usd' : 'coin';
}

/**
 * True when a parsed JSON value has the shape of a get_positions response: a JSON-RPC envelope with `result`
 * (or `error`), or an array whose entries carry `instrument_name` (an empty array counts).
 */
export function looksLikeDeribitPositions(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0 || value.some((e) => isJsonObject(e) && 'instrument_name' in e);
  if (!isJsonObject(value)) return false;
  if ('positions' in value) return false;
  if ('result' in value) return true;
  return 'error' in value && ('jsonrpc' in value || 'id' in value);
}

/**
 * Import a Deribit `private/get_positions` response.
 * @param text the response body as saved from the API
 * @param options file name for messages and the portfolio name, id prefix
 * @returns ok:false for invalid JSON, a JSON-RPC error response or another shape; otherwise the open positions
 *   (ids `p1`, …; `line` = line of the entry's `{`) and one RowError per unusable entry.
 */
export function importDeribitPositions(text: string, options: ImportOptions = {}): PortfolioImportOutcome {
  try {
    const parsed = parseJsonDocument(text);
    if (!parsed.ok) return { ok: false, error: `${filePrefix(options)}${parsed.error}` };
    return deribitPositionsFromDocument(parsed.document, options);
  } catch (e) {
    // Defensive: nothing above is meant to throw, but an import must always return an outcome.
    return { ok: false, error: `${filePrefix(options)}could not read the JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** {@link importDeribitPositions} for an already parsed document (used by the format detector). */
export function deribitPositionsFromDocument(document: JsonDocument, options: ImportOptions = {}): PortfolioImportOutcome {
  const prefix = filePrefix(options);
  const root = document.value;
  let entries: readonly unknown[];
  let lines: readonly (number | undefined)[];
  if (Array.isArray(root)) {
    entries = root;
    lines = document.elementLines(root) ?? [];
  } else if (isJsonObject(root) && 'result' in root) {
    const result = root.result;
    if (Array.isArray(result)) {
      entries = result;
      lines = document.elementLines(result) ?? [];
    } else if (isJsonObject(result) && 'instrument_name' in result) {
      entries = [result]; // private/get_position: one entry
      lines = [document.lineOfObject(result)];
    } else {
      return { ok: false, error: `${prefix}not a Deribit get_positions response: "result" is not a list of positions` };
    }
  } else if (isJsonObject(root) && isJsonObject(root.error)) {
    const { message, code } = root.error;
    return {
      ok: false,
      error: `${prefix}the file is a Deribit error response, not positions: ${typeof message === 'string' ? message : 'unknown error'}${code !== undefined ? ` (code ${JSON.stringify(code)})` : ''}`,
    };
  } else {
    return { ok: false, error: `${prefix}not a Deribit get_positions response: expected {"result": [...]} or a list of positions` };
  }

  if (entries.length > 0 && !entries.some((e) => isJsonObject(e) && 'size' in e)) {
    // Other Deribit methods (get_book_summary_by_currency, ticker) also answer {"result": [...instrument_name...]}:
    // refuse the file as a whole rather than report every entry as a position without a size.
    return {
      ok: false,
      error: `${prefix}not a Deribit get_positions response: its entries have no "size" (another API method, e.g. get_book_summary_by_currency?)`,
    };
  }

  const idPrefix = options.idPrefix ?? 'p';
  const parse = memoInstrumentParser();
  const positions: Position[] = [];
  const errors: RowError[] = [];
  const skipped: RowError[] = [];
  entries.forEach((entry, index) => {
    const line = lines[index] ?? null;
    if (!isJsonObject(entry)) {
      errors.push({ line, instrument: '', message: `entry ${index + 1} is not an object` });
      return;
    }
    const size = checkQuantity(entry.size, 'size');
    // A closed position (Deribit keeps listing it with size 0) holds nothing: skip it whatever else it says.
    if (size.ok && size.value === 0) {
      const name = typeof entry.instrument_name === 'string' ? entry.instrument_name.trim() : '';
      skipped.push({ line, instrument: name, message: 'size 0: a closed position (Deribit keeps listing it), skipped' });
      return;
    }
    const name = entry.instrument_name;
    const instrumentText = typeof name === 'string' ? name.trim() : '';
    const problems: string[] = [];
    let instrument: Instrument | undefined;
    if (typeof name !== 'string') problems.push(name === undefined ? 'instrument_name is missing' : 'instrument_name must be text');
    else {
      const parsedName = parse(instrumentText);
      if (parsedName.ok) instrument = parsedName.value;
      else problems.push(parsedName.error);
    }
    if (!size.ok) problems.push(size.message);
    // Deribit writes average_price 0 when there is no average (e.g. a closed position): not a price.
    const averagePrice =
      entry.average_price === 0 ? { ok: true as const, value: null } : checkEntryPrice(entry.average_price, 'average_price');
    if (!averagePrice.ok) problems.push(averagePrice.message);
    if (problems.length > 0 || instrument === undefined || !size.ok || !averagePrice.ok) {
      errors.push({ line, instrument: instrumentText, message: problems.join('; ') });
      return;
    }
    positions.push(
      makePosition(
        `${idPrefix}${positions.length + 1}`,
        {
          instrument: instrumentText,
          quantity: size.value,
          unit: deribitSizeUnit(instrument),
          entryPrice: averagePrice.value,
          venue: 'deribit',
          label: '',
        },
        line ?? undefined,
        undefined,
      ),
    );
  });

  const portfolio: Portfolio = { name: options.name ?? portfolioNameFromFile(options.fileName), positions };
  return { ok: true, result: { portfolio, errors, format: 'deribit-positions', ...(skipped.length > 0 ? { skipped } : {}) } };
}
