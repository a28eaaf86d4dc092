/** Small hand-made book and market for state and view-model tests (no engine numbers asserted here). */
import type { MarketSnapshot } from '../../domain/market.ts';
import type { Portfolio } from '../../domain/position.ts';

export const TEST_MARKET: MarketSnapshot = {
  schemaVersion: 1,
  valuationTime: '2026-08-22T08:00:00.000Z',
  source: 'test',
  underlyings: {
    BTC: {
      index: 80000,
      forwards: [{ expiry: '2026-09-25T08:00:00.000Z', price: 80500 }],
      smiles: [
        {
          expiry: '2026-09-25T08:00:00.000Z',
          points: [
            { strike: 70000, iv: 0.5 },
            { strike: 80000, iv: 0.45 },
            { strike: 90000, iv: 0.47 },
          ],
        },
      ],
    },
    ETH: {
      index: 2500,
      perpetual: 2501,
      forwards: [{ expiry: '2026-09-25T08:00:00.000Z', price: 2510 }],
      smiles: [{ expiry: '2026-09-25T08:00:00.000Z', points: [{ strike: 2500, iv: 0.6 }] }],
    },
  },
};

export const TEST_BOOK: Portfolio = {
  name: 'test book',
  positions: [
    { id: 'p1', instrument: 'BTC-25SEP26-90000-C', quantity: -10, entryPrice: 0.013, venue: 'deribit', label: 'short call', line: 2 },
    { id: 'p2', instrument: 'BTC-PERPETUAL', quantity: -800000, unit: 'usd', entryPrice: 77674, venue: 'deribit', label: 'hedge', line: 3 },
    { id: 'p3', instrument: 'SOL-PERPETUAL', quantity: 5, entryPrice: null, venue: 'deribit', label: '', line: 4 },
    { id: 'p4', instrument: 'USDC', quantity: 1000, entryPrice: null, venue: 'okx', label: 'cash', line: 5 },
  ],
};
