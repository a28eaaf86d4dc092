import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildMarketModel } from '../market/marketModel.ts';
import { computeReport } from '../risk/report.ts';
import { importMarketText } from '../../io/importMarket.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';
import type { Portfolio } from '../../domain/position.ts';
import { suggestHedge, tradePositions, type HedgeResult, type UnderlyingTargets } from './suggest.ts';
import { book, pos, TEST_MARKET } from '../testMarket.ts';

const model = buildMarketModel(TEST_MARKET);
/** Test market: BTC index 60,000, perpetual 60,030. */
const S = 60_000;
const F_PERP = 60_030;

/** The project's bundled Deribit snapshot (BTC index 78,617.31, no perpetual mark: the perpetual is the index). */
function defaultMarket() {
  const m = importMarketText(
    readFileSync(new URL('../../../public/data/default-market.json', import.meta.url), 'utf8'),
    'default-market.json',
  );
  if (!m.ok) throw new Error(m.error);
  return buildMarketModel(m.snapshot);
}
function defaultBook(): Portfolio {
  const p = importPortfolioText(
    readFileSync(new URL('../../../public/data/default-portfolio.csv', import.meta.url), 'utf8'),
    'default.csv',
  );
  if (!p.ok) throw new Error(p.error);
  return p.result.portfolio;
}

const flat = (measure: 'usd' | 'coin' = 'usd'): UnderlyingTargets => ({ delta: { lo: 0, hi: 0, measure } });
const ok = (r: HedgeResult) => {
  if (!r.ok) throw new Error(r.reason);
  return r;
};
/** P&L of the book with the trades for a relative spot move `m` of every underlying (full revaluation). */
const hedgedPnl = (p: Portfolio, r: Extract<HedgeResult, { ok: true }>, m: number, market = model) =>
  computeReport({ ...p, positions: [...p.positions, ...tradePositions(r.trades)] }, market, { spotAll: m }).scenario!.pnlUsd;

describe('suggestHedge: coin delta target', () => {
  it('delta-hedges a single option with the perpetual to zero coin delta (unrounded) and within a contract (rounded)', () => {
    const p = book(pos('BTC-31JAN26-65000-C', 5));
    const exact = ok(suggestHedge(p, model, { targets: { BTC: flat('coin') }, kinds: ['perpetual'], round: false }));
    expect(exact.trades).toHaveLength(1);
    expect(exact.trades[0]).toMatchObject({ instrument: 'BTC-PERPETUAL', side: 'sell', unit: 'usd' });
    expect(Math.abs(exact.after.BTC!.delta)).toBeLessThan(1e-9);
    const rounded = ok(suggestHedge(p, model, { targets: { BTC: flat('coin') }, kinds: ['perpetual'] }));
    expect(Math.abs(rounded.trades[0]!.quantity % 10)).toBe(0);
    expect(Math.abs(rounded.after.BTC!.delta)).toBeLessThanOrEqual(5 / F_PERP + 1e-12);
    expect(rounded.trades[0]!.explanation).toMatch(/^Sell .* BTC-PERPETUAL: USD delta/);
    expect(rounded.checks).toEqual([
      expect.objectContaining({ label: 'BTC coin delta', greek: 'delta', unit: 'BTC', met: true, missBy: 0 }),
    ]);
    expect(rounded.checks[0]!.roundingAllowance).toBeCloseTo(5 / F_PERP, 12);
  });

  it('respects a delta band: no trade when already inside', () => {
    const p = book(pos('BTC', 0.3));
    const r = ok(suggestHedge(p, model, { targets: { BTC: { delta: { lo: -0.5, hi: 0.5, measure: 'coin' } } }, kinds: ['perpetual'] }));
    expect(r.trades).toEqual([]);
    expect(r.misses).toEqual([]);
    const usd = ok(suggestHedge(p, model, { targets: { BTC: { delta: { lo: -20_000, hi: 20_000 } } }, kinds: ['perpetual'] }));
    expect(usd.trades).toEqual([]);
  });
});

describe('suggestHedge: USD delta target (a USD-neutral book)', () => {
  it('flattens deltaUsd of a short inverse perpetual entered below the forward (bundled market)', () => {
    const market = defaultMarket();
    const S0 = 78_617.31;
    const p = book(pos('BTC-PERPETUAL', -10_000_000, { unit: 'usd', entryPrice: 60_000 }));
    const r = ok(suggestHedge(p, market, { targets: { BTC: flat() }, kinds: ['perpetual'] }));
    // Independently: the position's coin P&L N(1/E − 1/F) is coin too, so ∂V_usd/∂m = N·S/E.
    const beforeUsd = (-10_000_000 * S0) / 60_000;
    expect(r.before.BTC!.deltaUsd).toBeCloseTo(beforeUsd, 4);
    // A new perpetual (entry = F = S here) has deltaUsd = N'·S/F = N': the hedge buys N' = 10M·S/E, in 10 USD contracts.
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ instrument: 'BTC-PERPETUAL', side: 'buy', unit: 'usd' });
    expect(Math.abs(r.trades[0]!.quantity % 10)).toBe(0);
    expect(Math.abs(r.trades[0]!.quantity + beforeUsd)).toBeLessThanOrEqual(5 + 1e-6);
    expect(Math.abs(r.after.BTC!.deltaUsd)).toBeLessThanOrEqual(5 + 1e-6);
    expect(Math.abs(r.after.BTC!.deltaUsd)).toBeLessThanOrEqual(0.005 * Math.abs(beforeUsd));
    // USD-neutral for real: a ±1 % move of the underlying leaves the USD value within the rounding residual.
    for (const m of [0.01, -0.01]) expect(Math.abs(hedgedPnl(p, r, m, market))).toBeLessThanOrEqual(5 * 0.0101);
    expect(r.checks[0]).toMatchObject({ label: 'BTC USD delta', greek: 'deltaUsd', unit: 'USD', met: true });
    // The coin target on the same book flattens coin delta and leaves −10M·S/E + 10M of USD delta.
    const coin = ok(suggestHedge(p, market, { targets: { BTC: flat('coin') }, kinds: ['perpetual'] }));
    expect(Math.abs(coin.after.BTC!.delta)).toBeLessThanOrEqual(5 / S0 + 1e-12);
    expect(coin.after.BTC!.deltaUsd).toBeCloseTo(beforeUsd + 10_000_000, -1);
    expect(hedgedPnl(p, coin, 0.01, market)).toBeCloseTo(0.01 * (beforeUsd + 10_000_000), -2);
  });

  it('long and short inverse futures, entry above and below the forward: USD delta ends within half a contract', () => {
    for (const [q, entry] of [
      [2_000_000, 50_000],
      [-2_000_000, 50_000],
      [2_000_000, 75_000],
      [-2_000_000, 75_000],
    ] as const) {
      const p = book(pos('BTC-1APR26', q, { unit: 'usd', entryPrice: entry }));
      const r = ok(suggestHedge(p, model, { targets: { BTC: flat() }, kinds: ['perpetual'] }));
      expect(r.before.BTC!.deltaUsd).toBeCloseTo((q * S) / entry, 4);
      expect(r.trades[0]!.side).toBe(q > 0 ? 'sell' : 'buy');
      // Hedge perpetual at entry F_PERP: deltaUsd = N'·S/F_PERP, so N' = −q·F_PERP/entry, rounded to 10 USD.
      expect(Math.abs(r.trades[0]!.quantity % 10)).toBe(0);
      expect(Math.abs(r.trades[0]!.quantity - (-q * F_PERP) / entry)).toBeLessThanOrEqual(5 + 1e-6);
      expect(Math.abs(r.after.BTC!.deltaUsd)).toBeLessThanOrEqual((5 * S) / F_PERP + 1e-6);
      expect(Math.abs(hedgedPnl(p, r, 0.02))).toBeLessThanOrEqual(((5 * S) / F_PERP) * 0.021);
    }
  });

  it('linear perpetual, long and short: USD and coin targets differ by the basis F/S', () => {
    for (const q of [100, -100]) {
      const p = book(pos('BTC_USDC-PERPETUAL', q, { entryPrice: 58_000 }));
      const usd = ok(suggestHedge(p, model, { targets: { BTC: flat() }, kinds: ['perpetual'] }));
      const coin = ok(suggestHedge(p, model, { targets: { BTC: flat('coin') }, kinds: ['perpetual'] }));
      // Linear: deltaUsd = q·F_lin, coin delta = q. Inverse hedge: deltaUsd = N'·S/F_PERP, coin = N'/F_PERP.
      const F_lin = usd.before.BTC!.deltaUsd / q;
      expect(Math.abs(usd.trades[0]!.quantity - (-q * F_lin * F_PERP) / S)).toBeLessThanOrEqual(5 + 1e-6);
      expect(Math.abs(coin.trades[0]!.quantity - -q * F_PERP)).toBeLessThanOrEqual(5 + 1e-6);
      expect(Math.abs(usd.after.BTC!.deltaUsd)).toBeLessThanOrEqual(5 + 1e-6);
      expect(Math.abs(coin.after.BTC!.delta)).toBeLessThanOrEqual(5 / F_PERP + 1e-12);
      expect(Math.abs(coin.after.BTC!.deltaUsd)).toBeGreaterThan(1_000);
    }
  });

  it('inverse and linear options, long and short: hedged to a flat USD delta', () => {
    for (const q of [5, -5]) {
      for (const name of ['BTC-31JAN26-65000-C', 'BTC_USDC-31JAN26-55000-P']) {
        const p = book(pos(name, q));
        const r = ok(suggestHedge(p, model, { targets: { BTC: flat() }, kinds: ['perpetual'] }));
        expect(Math.abs(r.after.BTC!.deltaUsd)).toBeLessThanOrEqual(5 + 1e-6);
        const unrounded = ok(suggestHedge(p, model, { targets: { BTC: flat() }, kinds: ['perpetual'], round: false }));
        expect(Math.abs(unrounded.after.BTC!.deltaUsd)).toBeLessThan(1e-6);
      }
    }
  });

  it('with spot collateral: the whole book counts it, the Deribit derivatives scope does not', () => {
    const p = book(
      pos('BTC', 10),
      pos('BTC', 3, { venue: 'coinbase' }),
      pos('BTC-1APR26', -500_000, { unit: 'usd', entryPrice: 55_000 }),
      pos('BTC-31JAN26-65000-C', -4),
    );
    const whole = ok(suggestHedge(p, model, { targets: { BTC: flat() }, kinds: ['perpetual'] }));
    expect(whole.scopeLabel).toBe('whole book (every venue, spot included)');
    expect(Math.abs(whole.after.BTC!.deltaUsd)).toBeLessThanOrEqual(5 + 1e-6);
    expect(whole.scopeAfter).toBe(whole.after);

    const account = ok(suggestHedge(p, model, { targets: { BTC: flat() }, kinds: ['perpetual'], scope: { venue: 'deribit' } }));
    expect(account.scopeLabel).toBe('Deribit account (collateral included)');
    expect(Math.abs(account.scopeAfter.BTC!.deltaUsd)).toBeLessThanOrEqual(5 + 1e-6);
    // The coinbase coins stay unhedged: the whole book keeps their 3·S of USD delta.
    expect(account.after.BTC!.deltaUsd).toBeCloseTo(3 * S + account.scopeAfter.BTC!.deltaUsd, 6);

    const derivs = ok(
      suggestHedge(p, model, { targets: { BTC: flat() }, kinds: ['perpetual'], scope: { venue: 'deribit', derivativesOnly: true } }),
    );
    expect(derivs.scopeLabel).toBe('Deribit derivatives (what its margin sees)');
    expect(derivs.scopeBefore.BTC!.deltaUsd).toBeCloseTo(whole.before.BTC!.deltaUsd - 13 * S, 6);
    expect(Math.abs(derivs.scopeAfter.BTC!.deltaUsd)).toBeLessThanOrEqual(5 + 1e-6);
    expect(derivs.after.BTC!.deltaUsd).toBeCloseTo(13 * S + derivs.scopeAfter.BTC!.deltaUsd, 6);

    // Without collateral the three scopes agree.
    const bare = book(pos('BTC-1APR26', -500_000, { unit: 'usd', entryPrice: 55_000 }));
    const a = ok(suggestHedge(bare, model, { targets: { BTC: flat() }, kinds: ['perpetual'] }));
    const b = ok(
      suggestHedge(bare, model, { targets: { BTC: flat() }, kinds: ['perpetual'], scope: { venue: 'deribit', derivativesOnly: true } }),
    );
    expect(b.trades).toEqual(a.trades);
  });

  it('refuses a venue scope the Deribit hedge cannot change', () => {
    const p = book(pos('BTC', 3, { venue: 'okx' }));
    expect(suggestHedge(p, model, { targets: { BTC: flat() }, kinds: ['perpetual'], scope: { venue: 'okx' } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/trade at Deribit, so they cannot change the okx account/),
    });
  });

  it('the default book: USD delta ends within half a contract instead of −5,020 / +5,605 USD after a coin-flat hedge', () => {
    const market = defaultMarket();
    const p = defaultBook();
    const coin = ok(suggestHedge(p, market, { targets: { BTC: flat('coin'), ETH: flat('coin') }, kinds: ['perpetual'] }));
    // The coin-flat residual is the inverse futures' N·S·(1/E − 1/F) plus the linear options' basis.
    expect(coin.after.BTC!.deltaUsd).toBeCloseTo(-5_022, -1);
    expect(coin.after.ETH!.deltaUsd).toBeCloseTo(5_605, -1);
    const usd = ok(suggestHedge(p, market, { targets: { BTC: flat(), ETH: flat() }, kinds: ['perpetual'] }));
    expect(Math.abs(usd.after.BTC!.deltaUsd)).toBeLessThanOrEqual(5 + 1e-6);
    expect(Math.abs(usd.after.ETH!.deltaUsd)).toBeLessThanOrEqual(0.5 + 1e-6);
  });
});

describe('suggestHedge: rounding keeps every ticked target', () => {
  it('the default book with delta, gamma and vega (2 % tolerances): every target met after rounding, checked by full revaluation', () => {
    const market = defaultMarket();
    const p = defaultBook();
    const now = computeReport(p, market).byUnderlying;
    const targets: Record<string, UnderlyingTargets> = {};
    for (const ul of ['BTC', 'ETH'])
      targets[ul] = {
        delta: { lo: 0, hi: 0 },
        gammaUsd1pct: { target: 0, tolerance: 0.02 * Math.abs(now[ul]!.gammaUsd1pct) },
        vega: { target: 0, tolerance: 0.02 * Math.abs(now[ul]!.vega) },
      };
    expect(targets.ETH!.gammaUsd1pct!.tolerance).toBeCloseTo(313.53, 2);
    for (const measure of ['usd', 'coin'] as const) {
      const t = Object.fromEntries(Object.entries(targets).map(([ul, x]) => [ul, { ...x, delta: { lo: 0, hi: 0, measure } }]));
      const r = ok(suggestHedge(p, market, { targets: t, kinds: ['perpetual', 'future', 'option'] }));
      expect(r.misses).toEqual([]);
      expect(r.checks).toHaveLength(6);
      expect(r.checks.every((c) => c.met)).toBe(true);
      // Independent full revaluation of the book with the trades.
      const after = computeReport({ ...p, positions: [...p.positions, ...tradePositions(r.trades)] }, market).byUnderlying;
      for (const ul of ['BTC', 'ETH']) {
        expect(Math.abs(after[ul]!.gammaUsd1pct)).toBeLessThanOrEqual(targets[ul]!.gammaUsd1pct!.tolerance);
        expect(Math.abs(after[ul]!.vega)).toBeLessThanOrEqual(targets[ul]!.vega!.tolerance);
      }
      expect(Math.abs(after.BTC![measure === 'usd' ? 'deltaUsd' : 'delta'])).toBeLessThanOrEqual(measure === 'usd' ? 5 : 5 / 78_617.31);
      for (const tr of r.trades) if (tr.kind === 'option') expect(Math.round(tr.quantity * 10) / 10).toBe(tr.quantity);
    }
  });

  it('names a target no rounded trade set can meet, with the miss', () => {
    const p = book(pos('BTC-1APR26-60000-C', -10));
    const gamma = computeReport(p, model).byUnderlying.BTC!.gammaUsd1pct;
    const r = ok(
      suggestHedge(p, model, {
        targets: { BTC: { delta: { lo: 0, hi: 0 }, gammaUsd1pct: { target: 0, tolerance: 1e-3 } } },
        kinds: ['perpetual', 'option'],
        instruments: ['BTC-PERPETUAL', 'BTC-31JAN26-60000-C'],
      }),
    );
    const check = r.checks.find((c) => c.greek === 'gammaUsd1pct')!;
    expect(check.met).toBe(false);
    expect(check.missBy).toBeGreaterThan(0);
    expect(check.missBy).toBeCloseTo(Math.abs(check.after) - 1e-3, 9);
    expect(Math.abs(check.after)).toBeLessThan(Math.abs(gamma));
    expect(r.misses).toHaveLength(1);
    expect(r.misses[0]).toMatch(/^BTC gamma after the rounded trades is .* USD per 1 %, outside 0\.00 ± 0\.00 by \d/);
    // Delta is still flat within half a contract.
    expect(r.checks.find((c) => c.greek === 'deltaUsd')!.met).toBe(true);
    // Unrounded, the same target is met exactly.
    const exact = ok(
      suggestHedge(p, model, {
        targets: { BTC: { delta: { lo: 0, hi: 0 }, gammaUsd1pct: { target: 0, tolerance: 1e-3 } } },
        kinds: ['perpetual', 'option'],
        instruments: ['BTC-PERPETUAL', 'BTC-31JAN26-60000-C'],
        round: false,
      }),
    );
    expect(exact.misses).toEqual([]);
  });

  it('meets gamma and vega targets with options and delta with a delta-one instrument', () => {
    const p = book(pos('BTC-1APR26-60000-C', -10), pos('BTC-31JAN26-55000-P', -5));
    const targets = {
      BTC: {
        delta: { lo: -0.05, hi: 0.05, measure: 'coin' as const },
        gammaUsd1pct: { target: 0, tolerance: 50 },
        vega: { target: 0, tolerance: 20 },
      },
    };
    for (const round of [false, true]) {
      const r = ok(suggestHedge(p, model, { targets, kinds: ['perpetual', 'future', 'option'], round }));
      expect(Math.abs(r.after.BTC!.gammaUsd1pct)).toBeLessThanOrEqual(50 + 1e-6);
      expect(Math.abs(r.after.BTC!.vega)).toBeLessThanOrEqual(20 + 1e-6);
      expect(Math.abs(r.after.BTC!.delta)).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(r.trades.some((t) => t.kind === 'option' && t.side === 'buy')).toBe(true);
      expect(r.totalCostUsd).toBeGreaterThan(0);
      expect(r.misses).toEqual([]);
    }
  });

  it('gamma and vega alone leave delta free', () => {
    const p = book(pos('BTC-1APR26-60000-C', -10));
    const r = ok(suggestHedge(p, model, { targets: { BTC: { vega: { target: 0, tolerance: 20 } } }, kinds: ['perpetual', 'option'] }));
    expect(r.checks.map((c) => c.greek)).toEqual(['vega']);
    expect(r.trades.every((t) => t.kind === 'option')).toBe(true);
    expect(Math.abs(r.after.BTC!.vega)).toBeLessThanOrEqual(20);
  });
});

describe('suggestHedge: infeasible targets', () => {
  it('reports infeasible targets with the reason', () => {
    const p = book(pos('BTC-1APR26-60000-C', -10));
    const noOptions = suggestHedge(p, model, {
      targets: { BTC: { delta: { lo: 0, hi: 0 }, vega: { target: 0, tolerance: 1 } } },
      kinds: ['perpetual'],
    });
    expect(noOptions).toMatchObject({ ok: false, reason: expect.stringMatching(/vega.*needs option candidates/) });
    const noCandidates = suggestHedge(book(pos('ETH', 10)), model, {
      targets: { ETH: { delta: { lo: 0, hi: 0 } } },
      kinds: [],
      instruments: [],
    });
    expect(noCandidates).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/ETH USD delta .* USD is outside \[0, 0\] and no ETH candidate/),
    });
  });
});

describe('hedge candidates', () => {
  it('skip instruments within 2 days of expiry and prefer the perpetual on equal cost', async () => {
    const { listHedgeCandidates } = await import('./candidates.ts');
    const near = buildMarketModel({
      ...TEST_MARKET,
      underlyings: {
        ...TEST_MARKET.underlyings,
        BTC: {
          ...TEST_MARKET.underlyings.BTC!,
          forwards: [{ expiry: '2026-01-02T08:00:00.000Z', price: 60_050 }, ...TEST_MARKET.underlyings.BTC!.forwards],
        },
      },
    });
    const names = listHedgeCandidates(near, ['BTC'], ['perpetual', 'future']).map((c) => c.instrument);
    expect(names[0]).toBe('BTC-PERPETUAL');
    expect(names).not.toContain('BTC-2JAN26');
    expect(names).toContain('BTC-31JAN26');
  });
});
