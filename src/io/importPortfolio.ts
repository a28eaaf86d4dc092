/**
 * Portfolio import entry point: detects the format from the content (not the extension) and delegates.
 *
 * Detection, after a BOM and leading whitespace:
 * - starts with `{` or `[` → JSON. An object with `positions` is our portfolio JSON; a JSON-RPC envelope with
 *   `result` (or `error`), or an array of entries with `instrument_name`, is a Deribit `private/get_positions`
 *   response; anything else is refused.
 * - otherwise → portfolio CSV (the header must name `instrument` and `quantity`).
 *
 * Never throws: every input string yields an outcome.
 */

import type { PortfolioImport } from '../domain/position.ts';
import type { HeaderProblem } from './portfolioCsv.ts';
import { deribitPositionsFromDocument, looksLikeDeribitPositions } from './deribitPositions.ts';
import { filePrefix, importPortfolioCsv, type ImportOptions } from './portfolioCsv.ts';
import { isJsonObject, parseJsonDocument, portfolioFromJsonDocument } from './portfolioJson.ts';

export type { ImportOptions } from './portfolioCsv.ts';

/** Result of reading a file that may or may not be a portfolio. */
export type PortfolioImportOutcome =
  /** A recognised portfolio file: `result.errors` lists rejected rows; there may be 0 good rows. */
  | { ok: true; result: PortfolioImport }
  /**
   * Not a portfolio file at all; the message names the file and says why. `header` is set when a CSV header lacks
   * required columns: the names found, for a column mapping.
   */
  | { ok: false; error: string; header?: HeaderProblem };

/**
 * Import a portfolio file of any supported format: portfolio CSV, portfolio JSON (schemaVersion 1), or a Deribit
 * `private/get_positions` JSON response.
 * @param text the file contents, decoded as UTF-8 (a BOM is accepted)
 * @param fileName the file's name, used in messages and as the default portfolio name (`book.csv` → `book`)
 * @param options id prefix / portfolio name override (optional)
 * @returns `{ ok: true, result }` with positions in the units the file gave (quantity signed, `unit` undefined
 *   meaning coin; entryPrice in the quote currency) and one RowError per rejected row with its physical line;
 *   `{ ok: false, error }` when the file is empty or not a portfolio file.
 */
export function importPortfolioText(text: string, fileName: string, options: Omit<ImportOptions, 'fileName'> = {}): PortfolioImportOutcome {
  const opts: ImportOptions = { ...options, fileName };
  try {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const trimmed = body.trimStart();
    if (trimmed === '') return { ok: false, error: `${filePrefix(opts)}the file is empty` };
    const first = trimmed[0];
    if (first === '{' || first === '[') {
      const parsed = parseJsonDocument(body);
      if (!parsed.ok) return { ok: false, error: `${filePrefix(opts)}not a portfolio file: ${parsed.error}` };
      const value = parsed.document.value;
      if (isJsonObject(value) && 'positions' in value) return portfolioFromJsonDocument(parsed.document, opts);
      if (looksLikeDeribitPositions(value)) return deribitPositionsFromDocument(parsed.document, opts);
      if (isJsonObject(value) && 'schemaVersion' in value) return portfolioFromJsonDocument(parsed.document, opts);
      return {
        ok: false,
        error: `${filePrefix(opts)}not a portfolio file: JSON that is neither a portfolio ({"schemaVersion": 1, "positions": [...]}) nor a Deribit get_positions response ({"result": [...]})`,
      };
    }
    return importPortfolioCsv(body, opts);
  } catch (e) {
    // Defensive: the importers are written not to throw, but a caller must always get an outcome.
    return { ok: false, error: `${filePrefix(opts)}could not read the file (${e instanceof Error ? e.message : String(e)})` };
  }
}
