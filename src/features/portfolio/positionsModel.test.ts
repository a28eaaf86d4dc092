import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { importMarketText } from '../../io/importMarket.ts';
import type { Position } from '../../domain/position.ts';
import { computeReport } from '../../engine/index.ts';
import { TEST_BOOK, TEST_MARKET } from '../../state/testing/fixtures.ts';
import { activeFilterIds, buildPositionRows, buildTotalsRow, countRows } from './positionsModel.ts';

describe('positions model', () => {
  const report = computeReport(TEST_BOOK, TEST_MARKET);
  const rows = buildPositionRows(TEST_BOOK, report);

  it('one row per position, in book order, figures by id', () => {
    expect(rows.map((r) => r.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
    const p1 = report.positions.find((p) => p.id === 'p1');
    expect(rows[0]).toMatchObject({
      status: 'priced',
      valueUsd: p1?.valueUsd,
      delta: p1?.delta,
      iv: p1?.iv,
      quoteCcy: 'BTC',
      kind: 'option',
    });
    expect(rows[1]).toMatchObject({ unit: 'usd', quoteCcy: 'USD' });
  });

  it('an unpriced position keeps its row with the engine’s reason and no figures (never 0)', () => {
    const sol = rows[2]!;
    expect(sol.status).toBe('unpriced');
    expect(sol.message).toContain('SOL');
    expect([sol.valueUsd, sol.delta, sol.mark]).toEqual([null, null, null]);
  });

  it('excluded what-ifs are marked and have no figures; unknown names are unpriced even before a report', () => {
    const book = {
      ...TEST_BOOK,
      positions: [
        ...TEST_BOOK.positions,
        { id: 'w', instrument: 'ETH-PERPETUAL', quantity: 5, entryPrice: null, venue: 'deribit', label: '', whatIf: true, excluded: true },
      ],
    };
    const r = buildPositionRows(book, computeReport(book, TEST_MARKET));
    expect(r.at(-1)).toMatchObject({ status: 'excluded', whatIf: true, excluded: true, valueUsd: null });
    const noReport = buildPositionRows(
      { name: 'x', positions: [{ id: 'z', instrument: 'NOPE-1', quantity: 1, entryPrice: null, venue: 'd', label: '' }] },
      null,
    );
    expect(noReport[0]?.status).toBe('unpriced');
    expect(buildPositionRows(TEST_BOOK, null)[0]?.status).toBe('pending');
  });

  it('totals add USD figures; coin delta only for a single underlying', () => {
    const t = buildTotalsRow(rows);
    const priced = report.positions;
    expect(t.valueUsd).toBeCloseTo(
      priced.reduce((s, p) => s + p.valueUsd, 0),
      9,
    );
    expect(t.vega).toBeCloseTo(
      priced.reduce((s, p) => s + p.vega, 0),
      9,
    );
    expect(t.delta).not.toBeNull(); // BTC only (cash does not count as an underlying)
    expect(t.instrument).toContain('1 unpriced');
    const mixed = buildTotalsRow([...rows, { ...rows[0]!, id: 'e', underlying: 'ETH' }]);
    expect(mixed.delta).toBeNull();
  });

  it('counts', () => {
    expect(countRows(rows)).toEqual({ positions: 4, whatIf: 0, whatIfExcluded: 0, unpriced: 1, settled: 0, interpolated: 0 });
  });
});

describe('expired and unlisted expiries in the grid (default market, 2026-08-22)', () => {
  const market = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'default-market.json');
  if (!market.ok) throw new Error(market.error);
  const positions: Position[] = [
    { id: 'a', instrument: 'BTC-27DEC24-60000-C', quantity: 2, entryPrice: null, venue: 'deribit', label: '', line: 2 },
    { id: 'b', instrument: 'BTC-26SEP26-80000-C', quantity: -1, entryPrice: null, venue: 'deribit', label: '', line: 3 },
    { id: 'c', instrument: 'BTC-25SEP26-80000-C', quantity: 1, entryPrice: null, venue: 'deribit', label: '', line: 4 },
  ];
  const book = { name: 'x', positions };
  const rows = buildPositionRows(book, computeReport(book, market.snapshot));

  it('an expired row is settled: the message says so, no figures, not in the totals', () => {
    expect(rows[0]).toMatchObject({ status: 'settled', valueUsd: null, delta: null, mark: null, note: null });
    expect(rows[0]!.message).toMatch(/^Expired on 27 Dec 2024 08:00 UTC, settled; settlement amount unknown/);
    const totals = buildTotalsRow(rows);
    expect(totals.instrument).toBe('Total · 2 priced · 1 expired');
    expect(totals.valueUsd).toBeCloseTo((rows[1]!.valueUsd ?? NaN) + (rows[2]!.valueUsd ?? NaN), 9);
    expect(totals.delta).toBeCloseTo((rows[1]!.delta ?? NaN) + (rows[2]!.delta ?? NaN), 12);
  });

  it('an unlisted expiry is priced with the note "not listed in this market; value interpolated"', () => {
    expect(rows[1]).toMatchObject({ status: 'priced', note: 'not listed in this market; value interpolated' });
    expect(rows[2]).toMatchObject({ status: 'priced', note: null });
    expect(countRows(rows)).toMatchObject({ settled: 1, interpolated: 1, unpriced: 0 });
  });
});

describe('filtered totals', () => {
  it('say when they cover only the rows a filter shows', () => {
    const rows = buildPositionRows(TEST_BOOK, computeReport(TEST_BOOK, TEST_MARKET));
    expect(buildTotalsRow(rows.slice(0, 2), rows.length).instrument).toBe('Total · 2 priced of 2 shown (filter)');
    expect(buildTotalsRow(rows.slice(0, 2), rows.length).valueUsd).toBeCloseTo((rows[0]!.valueUsd ?? 0) + (rows[1]!.valueUsd ?? 0), 9);
  });
});

describe('filter from another view', () => {
  it('keeps the ids that still hold the instrument they held when the filter was set', () => {
    const filter = { ids: ['p1', 'p2', 'gone'], label: 'x', instruments: { p1: 'BTC-25SEP26-90000-C', p2: 'ETH-PERPETUAL', gone: 'BTC' } };
    expect([...activeFilterIds(filter, TEST_BOOK.positions)]).toEqual(['p1']);
    expect([...activeFilterIds({ ids: ['p2', 'p4'], label: 'no instruments recorded' }, TEST_BOOK.positions)]).toEqual(['p2', 'p4']);
  });
});
