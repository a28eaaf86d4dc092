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
  | { ok: true; snapshot: MarketSnapshot; format: 'snapshot' | 'deribit-book-summary' | 'merged'; warnings: string[] }
  | { ok: false; error: string };

const EXPECTED = 'expected a market snapshot JSON (schemaVersion 1) or a Deribit public/get_book_summary_by_currency response';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A market file read as far as merging needs: a validated snapshot, or the raw entries of a Deribit book summary. */
export type MarketFileContent =
  | { ok: true; kind: 'snapshot'; snapshot: MarketSnapshot; warnings: string[] }
  | { ok: true; kind: 'deribit-book-summary'; entries: readonly unknown[] }
  | { ok: false; error: string };

/**
 * Read a market file without converting a Deribit book summary yet (several summaries of one currency, e.g. its
 * options and its futures, are converted together). Never throws; errors start with the file name.
 */
export function readMarketFileContent(text: string, fileName: string): MarketFileContent {
  const fail = (message: string): MarketFileContent => ({ ok: false, error: `${fileName}: ${message}` });
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
      return r.ok ? { ok: true, kind: 'snapshot', snapshot: r.snapshot, warnings: r.warnings } : fail(r.error);
    }
    if (Array.isArray(value)) return { ok: true, kind: 'deribit-book-summary', entries: value };
    if (isObject(value) && Array.isArray(value.result)) return { ok: true, kind: 'deribit-book-summary', entries: value.result };
    if (isObject(value) && ('result' in value || 'jsonrpc' in value || 'error' in value)) {
      const r = importDeribitBookSummary(value); // an error response, or a result that is not a list: its message
      return fail(r.ok ? 'unrecognised book summary' : r.error);
    }
    if (isObject(value) && 'positions' in value) return fail(`this is a portfolio file, not market data; ${EXPECTED}`);
    return fail(`unrecognised JSON; ${EXPECTED}`);
  } catch (e) {
    return fail(`unexpected error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Import the text of a market-data file. Never throws.
 * @param text file contents (UTF-8, a BOM is ignored)
 * @param fileName shown in error messages
 */
export function importMarketText(text: string, fileName: string): MarketImportOutcome {
  const content = readMarketFileContent(text, fileName);
  if (!content.ok) return content;
  if (content.kind === 'snapshot') return { ok: true, snapshot: content.snapshot, format: 'snapshot', warnings: content.warnings };
  const r = importDeribitBookSummary(content.entries);
  if (!r.ok) return { ok: false, error: `${fileName}: ${r.error}` };
  const snapshot: MarketSnapshot = { ...r.snapshot, source: `${fileName}: ${r.snapshot.source}` };
  return { ok: true, snapshot, format: 'deribit-book-summary', warnings: r.warnings };
}
