/**
 * A small synthetic market for engine tests: round numbers so closed forms are easy to write down.
 * Valuation 2026-01-01T08:00Z; BTC forwards at 30 and 90 days; ETH with a single smile; no SOL.
 */
import type { MarketSnapshot } from '../domain/market.ts';
import type { Portfolio, Position } from '../domain/position.ts';

export const T0 = '2026-01-01T08:00:00.000Z';
export const EXP30 = '2026-01-31T08:00:00.000Z'; // 31JAN26, 30 days
export const EXP90 = '2026-04-01T08:00:00.000Z'; // 1APR26, 90 days

export const TEST_MARKET: MarketSnapshot = {
  schemaVersion: 1,
  valuationTime: T0,
  source: 'unit-test market',
  underlyings: {
    BTC: {
      index: 60_000,
      perpetual: 60_030,
      forwards: [
        { expiry: EXP30, price: 60_300 },
        { expiry: EXP90, price: 61_200 },
      ],
      smiles: [
        {
          expiry: EXP30,
          points: [
            { strike: 50_000, iv: 0.7 },
            { strike: 60_000, iv: 0.5 },
            { strike: 70_000, iv: 0.55 },
          ],
        },
        {
          expiry: EXP90,
          points: [
            { strike: 50_000, iv: 0.65 },
            { strike: 60_000, iv: 0.52 },
            { strike: 80_000, iv: 0.6 },
          ],
        },
      ],
    },
    ETH: {
      index: 3_000,
      forwards: [{ expiry: EXP30, price: 3_010 }],
      smiles: [
        {
          expiry: EXP30,
          points: [
            { strike: 2_500, iv: 0.8 },
            { strike: 3_000, iv: 0.65 },
            { strike: 3_500, iv: 0.7 },
          ],
        },
      ],
    },
  },
};

let seq = 0;
/** A position with defaults (venue deribit, no entry price). */
export function pos(instrument: string, quantity: number, extra: Partial<Position> = {}): Position {
  seq += 1;
  return { id: `t${seq}`, instrument, quantity, entryPrice: null, venue: 'deribit', label: '', ...extra };
}

export function book(...positions: Position[]): Portfolio {
  return { name: 'test', positions };
}
