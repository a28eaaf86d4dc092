/**
 * Market-data file import: detects the format of a dropped or picked file and returns a validated snapshot.
 *
 * Formats: our market snapshot JSON (PRODUCT.md, `schemaVersion` 1) and a Deribit
 * `public/get_book_summary_by_currency` response (JSON-RPC envelope or bare array). Errors start with the file
 * name. Pure TypeScript: no DOM, no Node APIs.
 */

import type { MarketSnapshot } from '../domain/market.ts';
import { importDeribitBookSummary } from './deribitBookSummary.ts';
import { parseMarketSnapshot } from './marketSnapshot.ts';

/** Outcome of importing a market file: the snapshot with its detected format and warnings, or one error. */
export type MarketImportOutcome =
  { ok: true; snapshot: MarketSnapshot; format: 'snapshot' | 'deribit-book-summary'; warnings: string[] } | { ok: false; error: string };

const EXPECTED = 'expected a market snapshot JSON (schemaVersion 1) or a Deribit public/get_book_summary_by_currency response';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Import the text of a market-data file. Never throws.
 * @param text file contents (UTF-8, a BOM is ignored)
 * @param fileName shown in error messages
 */
export function importMarketText(text: string, fileName: string): MarketImportOutcome {
  const fail = (message: string): MarketImportOutcome => ({ ok: false, error: `${fileName}: ${message}` });
  try {
    const body = (text.startsWith('\uFEFF') ? text.slice(1) : text).trim();
    if (body === '') return fail(`the file is empty; ${EXPECTED}`);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (e) {
      const looksCsv = !body.startsWith('{') && !body.startsWith('[') && body.split('\n', 1)[0]?.includes(',');
      const detail = e instanceof Error ? e.message : String(e);
      return fail(looksCsv ? `this looks like a CSV file, not JSON; ${EXPECTED}` : `not valid JSON (${detail}); ${EXPECTED}`);
    }

    if (isObject(value) && ('schemaVersion' in value || 'underlyings' in value)) {
      const r = parseMarketSnapshot(value);
      return r.ok ? { ok: true, snapshot: r.snapshot, format: 'snapshot', warnings: r.warnings } : fail(r.error);
    }
    if (Array.isArray(value) || (isObject(value) && ('result' in value || 'jsonrpc' in value || 'error' in value))) {
      const r = importDeribitBookSummary(value);
      if (!r.ok) return fail(r.error);
      const snapshot: MarketSnapshot = { ...r.snapshot, source: `${fileName}: ${r.snapshot.source}` };
      return { ok: true, snapshot, format: 'deribit-book-summary', warnings: r.warnings };
    }
    if (isObject(value) && 'positions' in value) return fail(`this is a portfolio file, not market data; ${EXPECTED}`);
    return fail(`unrecognised JSON; ${EXPECTED}`);
  } catch (e) {
    return fail(`unexpected error: ${e instanceof Error ? e.message : String(e)}`);
  }
}
