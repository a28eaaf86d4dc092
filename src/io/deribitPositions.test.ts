/**
 * Fixture deribit-get-positions.json (JSON-RPC envelope, pretty-printed with 2 spaces) is built from the real payloads
 * in /work/shared/data/deribit-raw:
 * - entry 1 (line 5): BTC-PERPETUAL, verbatim from Deribit's OpenAPI 2.1.1 `/private/get_positions` example;
 * - entry 2 (line 27): ETH-29DEC23-1500-P, verbatim from search_index_snippets.json `position_records[0]`;
 * - entry 3 (line 49): closed BTC-PERPETUAL (size 0, average_price 0), verbatim from the `/private/get_position` example;
 * - entries 4–8: the same shapes with instrument/size/price changed: a short dated future (line 70), a linear
 *   BTC_USDC-PERPETUAL (line 92), a short BTC call (line 114), a future-spread combo name (line 136, not a
 *   supported instrument) and an entry without `size` (line 158).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PortfolioImport } from '../domain/position.ts';
import { importDeribitPositions, looksLikeDeribitPositions } from './deribitPositions.ts';

const fixtureText = readFileSync(new URL('./__fixtures__/deribit-get-positions.json', import.meta.url), 'utf8');

function load(text: string, fileName = 'positions.json'): PortfolioImport {
  const outcome = importDeribitPositions(text, { fileName });
  if (!outcome.ok) throw new Error(`expected positions, got: ${outcome.error}`);
  return outcome.result;
}

describe('importDeribitPositions: get_positions fixture', () => {
  const result = load(fixtureText);

  it('maps size → quantity with Deribit units (usd for inverse futures/perpetuals, coin for options and linear), average_price → entryPrice', () => {
    expect(result.format).toBe('deribit-positions');
    expect(result.portfolio.name).toBe('positions');
    expect(result.portfolio.positions).toStrictEqual([
      { id: 'p1', instrument: 'BTC-PERPETUAL', quantity: 50, unit: 'usd', entryPrice: 7440.18, venue: 'deribit', label: '', line: 5 },
      { id: 'p2', instrument: 'ETH-29DEC23-1500-P', quantity: 1, unit: 'coin', entryPrice: 0.421, venue: 'deribit', label: '', line: 27 },
      { id: 'p3', instrument: 'BTC-29DEC23', quantity: -12000, unit: 'usd', entryPrice: 43500.5, venue: 'deribit', label: '', line: 70 },
      {
        id: 'p4',
        instrument: 'BTC_USDC-PERPETUAL',
        quantity: 0.25,
        unit: 'coin',
        entryPrice: 42000,
        venue: 'deribit',
        label: '',
        line: 92,
      },
      {
        id: 'p5',
        instrument: 'BTC-29DEC23-50000-C',
        quantity: -3.5,
        unit: 'coin',
        entryPrice: 0.0125,
        venue: 'deribit',
        label: '',
        line: 114,
      },
    ]);
  });

  it('skips the closed (size 0) entry and lists it as skipped with its line; reports bad entries with their line', () => {
    expect(result.skipped).toEqual([
      { line: 49, instrument: 'BTC-PERPETUAL', message: 'size 0: a closed position (Deribit keeps listing it), skipped' },
    ]);
    expect(result.portfolio.positions.some((p) => p.quantity === 0)).toBe(false);
    expect(result.errors).toEqual([
      {
        line: 136,
        instrument: 'BTC-FS-29DEC23_PERP',
        message: expect.stringContaining('"BTC-FS-29DEC23_PERP" is not a Deribit instrument name') as unknown as string,
      },
      { line: 158, instrument: 'ETH-PERPETUAL', message: 'size is missing' },
    ]);
  });
});

describe('importDeribitPositions: shapes', () => {
  it('accepts the bare result array and a single get_position result', () => {
    const bare = load('[\n {"instrument_name": "ETH-PERPETUAL", "size": -7, "average_price": 2300}\n]');
    expect(bare.portfolio.positions).toStrictEqual([
      { id: 'p1', instrument: 'ETH-PERPETUAL', quantity: -7, unit: 'usd', entryPrice: 2300, venue: 'deribit', label: '', line: 2 },
    ]);
    const single = load('{"jsonrpc": "2.0", "result":\n  {"instrument_name": "SOL_USDC-27DEC24-200-C", "size": 30, "average_price": 0}}');
    expect(single.portfolio.positions).toStrictEqual([
      {
        id: 'p1',
        instrument: 'SOL_USDC-27DEC24-200-C',
        quantity: 30,
        unit: 'coin',
        entryPrice: null,
        venue: 'deribit',
        label: '',
        line: 2,
      },
    ]);
  });

  it('treats a missing average_price as no entry price and rejects a negative one', () => {
    const result = load(
      '{"result": [{"instrument_name": "BTC-PERPETUAL", "size": 10}, {"instrument_name": "BTC-PERPETUAL", "size": 10, "average_price": -1}, "x"]}',
    );
    expect(result.portfolio.positions.map((p) => p.entryPrice)).toEqual([null]);
    expect(result.errors.map((e) => e.message)).toEqual(['average_price -1 must be positive', 'entry 3 is not an object']);
  });

  it('refuses a JSON-RPC error response and other shapes', () => {
    expect(
      importDeribitPositions('{"jsonrpc":"2.0","id":1,"error":{"message":"unauthorized","code":13009}}', { fileName: 'p.json' }),
    ).toEqual({
      ok: false,
      error: 'p.json: the file is a Deribit error response, not positions: unauthorized (code 13009)',
    });
    expect(
      importDeribitPositions('{"jsonrpc":"2.0","result":[{"instrument_name":"BTC-PERPETUAL","mark_price":1,"volume":2}]}', {
        fileName: 's.json',
      }),
    ).toEqual({
      ok: false,
      error:
        's.json: not a Deribit get_positions response: its entries have no "size" (another API method, e.g. get_book_summary_by_currency?)',
    });
    expect(importDeribitPositions('{"result": 5}').ok).toBe(false);
    expect(importDeribitPositions('{"foo": []}').ok).toBe(false);
    expect(importDeribitPositions('{"result": [').ok).toBe(false);
  });

  it('recognises get_positions shapes', () => {
    expect(looksLikeDeribitPositions(JSON.parse(fixtureText))).toBe(true);
    expect(looksLikeDeribitPositions([])).toBe(true);
    expect(looksLikeDeribitPositions([{ instrument_name: 'BTC' }])).toBe(true);
    expect(looksLikeDeribitPositions([{ instrument: 'BTC' }])).toBe(false);
    expect(looksLikeDeribitPositions({ positions: [], result: [] })).toBe(false);
    expect(looksLikeDeribitPositions({ jsonrpc: '2.0', error: {} })).toBe(true);
  });
});
