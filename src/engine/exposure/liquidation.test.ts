/** Cross-margin accounts and liquidation distance, the root against brute-force scanning. */
import { describe, expect, it } from 'vitest';
import type { Position } from '../../domain/position.ts';
import { buildMarketModel } from '../market/marketModel.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import { resolveBook } from '../resolve.ts';
import { TEST_MARKET, pos } from '../testMarket.ts';
import { computePortfolioMargin } from '../margin/pme.ts';
import { rebasePosition } from '../margin/revalue.ts';
import { accountHealth, computeVenueAccounts, liquidationDistance, liquidationDistances } from './liquidation.ts';
import { brentRoot } from './rootFind.ts';

const model = buildMarketModel(TEST_MARKET);
const bookOf = (...p: Position[]) => resolveBook({ name: 't', positions: p }, model);

/** First m on a grid from 0 toward ±0.95 where equity − MM ≤ 0, refined linearly between grid points. */
function bruteForce(
  book: ReturnType<typeof bookOf>,
  moveOf: (m: number) => (ul: string) => number,
  sign: 1 | -1,
  step = 0.001,
): number | null {
  const f = (m: number) => {
    const h = accountHealth(book, model, moveOf(m));
    return h.equityUsd - h.maintenanceMarginUsd;
  };
  let prev = f(0);
  for (let i = 1; i * step <= 0.95 + 1e-12; i++) {
    const m = sign * i * step;
    const cur = f(m);
    if (cur <= 0) return m - (sign * step * cur) / (cur - prev);
    prev = cur;
  }
  return null;
}

describe('Brent root finder', () => {
  it('finds polynomial roots to tolerance, a root at an end, and null without a sign change', () => {
    expect(brentRoot((x) => x * x * x - 2 * x - 5, 2, 3, 1e-14)).toBeCloseTo(2.0945514815423265, 12);
    expect(brentRoot((x) => Math.cos(x) - x, 0, 1, 1e-14)).toBeCloseTo(0.7390851332151607, 12);
    expect(brentRoot((x) => x - 1, 1, 2)).toBe(1);
    expect(brentRoot((x) => x * x + 1, -1, 1)).toBeNull();
  });
});

describe('rebased positions', () => {
  it('valued at the base, a rebased position is worth what the original is worth under the move', () => {
    const book = bookOf(
      pos('BTC-31JAN26-65000-C', -2),
      pos('BTC-1APR26-55000-P', 3),
      pos('BTC-PERPETUAL', 50_000, { unit: 'usd', entryPrice: 58_000 }),
      pos('BTC_USDC-1APR26', 0.5, { entryPrice: 59_000 }),
      pos('BTC', 1),
      pos('USDC', 100),
    );
    for (const m of [-0.5, -0.1, 0.3]) {
      for (const rp of book.positions) {
        const a = pricePosition(rebasePosition(rp, 1 + m), NO_SHOCK).valueUsd;
        const b = pricePosition(rp, { ...NO_SHOCK, spotMove: rp.path === 'cash' ? 0 : m }).valueUsd;
        expect(a).toBeCloseTo(b, 7);
      }
    }
  });
});

describe('venue accounts', () => {
  it('equity = collateral + derivatives value; usage = IM / equity, ratio = MM / equity, per venue', () => {
    const book = bookOf(pos('BTC-PERPETUAL', -2), pos('BTC', 1), pos('USDC', 5_000), pos('ETH', 10, { venue: 'okx' }));
    const [deribit, okx] = computeVenueAccounts(book, model);
    expect(deribit!.collateralUsd).toBeCloseTo(60_000 + 5_000, 9);
    expect(deribit!.derivativesValueUsd).toBeCloseTo(0, 9);
    const pme = computePortfolioMargin(bookOf(pos('BTC-PERPETUAL', -2)), model);
    expect(deribit!.initialMarginUsd).toBeCloseTo(pme.initialMarginUsd, 9);
    expect(deribit!.marginUsage).toBeCloseTo(pme.initialMarginUsd / 65_000, 12);
    expect(deribit!.marginRatio).toBeCloseTo(pme.maintenanceMarginUsd / 65_000, 12);
    expect(okx).toMatchObject({ venue: 'okx', collateralUsd: 30_000, initialMarginUsd: 0, marginUsage: 0 });
  });
});

describe('liquidation distance', () => {
  // Short puts and a short perpetual against cash: equity falls toward MM as BTC falls (puts) and as it rises (perp).
  const book = bookOf(
    pos('BTC-1APR26-55000-P', -4),
    pos('BTC-PERPETUAL', -1.5),
    pos('USDC', 45_000),
    pos('ETH-31JAN26-3000-C', -20),
    pos('ETH', 2),
  );
  it('BTC alone: the nearest crossing each side agrees with brute-force scanning (0.1 % grid)', () => {
    const r = liquidationDistance(book, model, 'deribit', 'BTC');
    const only = (m: number) => (ul: string) => (ul === 'BTC' ? m : 0);
    const down = bruteForce(book, only, -1);
    const up = bruteForce(book, only, 1);
    expect(down).not.toBeNull();
    expect(up).not.toBeNull();
    expect(r.down!.move).toBeCloseTo(down!, 3);
    expect(r.up!.move).toBeCloseTo(up!, 3);
    expect(r.down!.pricesUsd['BTC']).toBeCloseTo(60_000 * (1 + r.down!.move), 6);
    // At the root, equity equals MM.
    expect(Math.abs(r.down!.equityUsd - r.down!.maintenanceMarginUsd)).toBeLessThan(1e-2);
    expect(r.nearest).toBe(Math.abs(r.down!.move) <= Math.abs(r.up!.move) ? r.down : r.up);
    expect(r.alreadyBelow).toBe(false);
  });
  it('all underlyings together agrees with brute force', () => {
    const all = liquidationDistances(book, model, 'deribit');
    expect(Object.keys(all.byUnderlying)).toEqual(['BTC', 'ETH']);
    const down = bruteForce(book, (m) => () => m, -1);
    expect(all.all.down!.move).toBeCloseTo(down!, 3);
    expect(Object.keys(all.all.down!.pricesUsd)).toEqual(['BTC', 'ETH']);
  });
  it('"none within ±95 %" for a well-collateralised book', () => {
    const r = liquidationDistance(bookOf(pos('BTC-PERPETUAL', 0.1), pos('USDC', 1_000_000)), model, 'deribit', 'BTC');
    expect(r.down).toBeNull();
    expect(r.up).toBeNull();
    expect(r.note).toBe('none within ±95 %');
  });
  it('already below maintenance margin: distance 0', () => {
    const r = liquidationDistance(bookOf(pos('BTC-PERPETUAL', -10), pos('USDC', 1_000)), model, 'deribit', 'ALL');
    expect(r.alreadyBelow).toBe(true);
    expect(r.nearest!.move).toBe(0);
  });
});
