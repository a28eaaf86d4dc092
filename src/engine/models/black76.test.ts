import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import tickers from '../__fixtures__/deribit-tickers-2020-05-21.json' with { type: 'json' };
import { parseInstrument } from '../../domain/instrument.ts';
import { black76, black76Price } from './black76.ts';

interface Ticker {
  instrument_name: string;
  timestamp: number;
  underlying_price: number;
  index_price: number;
  mark_price: number;
  mark_iv: number;
  greeks: { delta: number; gamma: number; vega: number; theta: number; rho: number };
  expiration_timestamp: number;
}

/** Tolerance of shared/reference/README.md: Deribit rounds mark_iv to 2 and Greeks to 5 decimals. */
const tol = (ref: number) => 5e-6 + 5e-3 * Math.abs(ref);

/**
 * Theta within a day of expiry is ill-conditioned in the time: its relative change per relative change of T is
 * about (d1² + 1) / 2 (from φ(d1)·√T). Deribit computes ticker Greeks asynchronously from the record's `timestamp`;
 * a ±60 s difference is propagated into the tolerance. Beyond a day this term is negligible (< 1e-4 relative for
 * |d1| < 3), so it only widens the two deep ITM/OTM rows with 8.7 hours left.
 */
const TIMING_UNCERTAINTY_S = 60;
const thetaTol = (ref: number, d1: number, tteYears: number) =>
  tol(ref) + Math.abs(ref) * ((d1 * d1 + 1) / 2) * (TIMING_UNCERTAINTY_S / (tteYears * 365 * 86_400));

function close(name: string, got: number, expected: number, tolerance: number, context: object) {
  expect(
    Math.abs(got - expected),
    `${name}: got ${got}, expected ${expected}, tol ${tolerance}, ${JSON.stringify(context)}`,
  ).toBeLessThanOrEqual(tolerance);
}

describe('Black-76 against 163 real Deribit tickers (2020-05-21, shared/reference)', () => {
  const rows = tickers as Ticker[];
  it('has all 163 rows', () => expect(rows).toHaveLength(163));

  it.each(rows.map((r) => [r.instrument_name, r] as const))('%s: mark and every Greek', (_name, r) => {
    const parsed = parseInstrument(r.instrument_name);
    if (!parsed.ok || parsed.value.kind !== 'option') throw new Error(`cannot parse ${r.instrument_name}`);
    const o = parsed.value;
    expect(o.expiryMs).toBe(r.expiration_timestamp);
    const tte = (o.expiryMs - r.timestamp) / (365 * 86_400_000);
    const F = r.underlying_price;
    const g = black76(o.putCall, F, o.strike, r.mark_iv / 100, tte);
    const ctx = { F, K: o.strike, iv: r.mark_iv, tte };
    close('mark (coin)', g.price / F, r.mark_price, tol(r.mark_price), ctx);
    close('delta', g.delta, r.greeks.delta, tol(r.greeks.delta), ctx);
    close('gamma', g.gamma, r.greeks.gamma, tol(r.greeks.gamma), ctx);
    close('vega', g.vega, r.greeks.vega, tol(r.greeks.vega), ctx);
    close('theta', g.theta, r.greeks.theta, thetaTol(r.greeks.theta, g.d1, tte), ctx);
    close('rho', g.rho, r.greeks.rho, tol(r.greeks.rho), ctx);
  });
});

describe('Black-76 identities', () => {
  const arb = fc.record({
    F: fc.double({ min: 1, max: 200_000, noNaN: true }),
    kRatio: fc.double({ min: 0.3, max: 3, noNaN: true }),
    vol: fc.double({ min: 0.05, max: 3, noNaN: true }),
    tte: fc.double({ min: 1 / 365 / 24, max: 3, noNaN: true }),
  });

  it('put-call parity: C − P = F − K (r = 0), to 1e-10 relative to F', () => {
    fc.assert(
      fc.property(arb, ({ F, kRatio, vol, tte }) => {
        const K = F * kRatio;
        const c = black76Price('call', F, K, vol, tte);
        const p = black76Price('put', F, K, vol, tte);
        return Math.abs(c - p - (F - K)) <= 1e-10 * F;
      }),
    );
  });

  it('price is non-decreasing in vol and monotone in strike', () => {
    fc.assert(
      fc.property(arb, ({ F, kRatio, vol, tte }) => {
        const K = F * kRatio;
        const c1 = black76Price('call', F, K, vol, tte);
        const c2 = black76Price('call', F, K, vol * 1.1, tte);
        const p1 = black76Price('put', F, K, vol, tte);
        const p2 = black76Price('put', F, K, vol * 1.1, tte);
        const cK = black76Price('call', F, K * 1.05, vol, tte);
        const pK = black76Price('put', F, K * 1.05, vol, tte);
        const eps = 1e-12 * F;
        return c2 >= c1 - eps && p2 >= p1 - eps && cK <= c1 + eps && pK >= p1 - eps;
      }),
    );
  });

  it('prices stay within no-arbitrage bounds', () => {
    fc.assert(
      fc.property(arb, ({ F, kRatio, vol, tte }) => {
        const K = F * kRatio;
        const c = black76Price('call', F, K, vol, tte);
        const p = black76Price('put', F, K, vol, tte);
        const eps = 1e-9 * F;
        return c >= Math.max(F - K, 0) - eps && c <= F + eps && p >= Math.max(K - F, 0) - eps && p <= K + eps;
      }),
    );
  });

  it('analytic delta, gamma, vega and the unscaled theta match central finite differences', () => {
    const cases = [
      ['call', 60_000, 65_000, 0.55, 0.25],
      ['put', 60_000, 50_000, 0.7, 0.08],
      ['call', 3_000, 2_500, 0.8, 1.2],
      ['put', 150, 160, 1.1, 0.5],
      ['call', 60_000, 60_000, 0.45, 30 / 365],
    ] as const;
    for (const [pc, F, K, vol, tte] of cases) {
      const g = black76(pc, F, K, vol, tte);
      const hF = F * 1e-4;
      const dF = (black76Price(pc, F + hF, K, vol, tte) - black76Price(pc, F - hF, K, vol, tte)) / (2 * hF);
      const gF =
        (black76Price(pc, F + hF, K, vol, tte) - 2 * black76Price(pc, F, K, vol, tte) + black76Price(pc, F - hF, K, vol, tte)) / (hF * hF);
      const hV = 1e-5;
      const dV = (black76Price(pc, F, K, vol + hV, tte) - black76Price(pc, F, K, vol - hV, tte)) / (2 * hV) / 100;
      const hT = 1e-6;
      const dT = -(black76Price(pc, F, K, vol, tte + hT) - black76Price(pc, F, K, vol, tte - hT)) / (2 * hT) / 365;
      const ctx = `${pc} F=${F} K=${K} vol=${vol} T=${tte}`;
      expect(Math.abs(g.delta - dF), ctx).toBeLessThan(1e-7);
      expect(Math.abs(g.gamma - gF) / g.gamma, ctx).toBeLessThan(1e-4);
      expect(Math.abs(g.vega - dV) / g.vega, ctx).toBeLessThan(1e-7);
      // Deribit's theta equals the analytic one-day theta when more than a day is left and the cap does not bind.
      expect(Math.abs(g.theta - dT) / Math.abs(dT), ctx).toBeLessThan(1e-6);
    }
  });

  it("applies Deribit's theta rule: scaled by the time left inside the last day, never more than the value", () => {
    const F = 10_000;
    const inDay = black76('call', F, 10_000, 0.6, 0.25 / 365);
    const sqrtT = Math.sqrt(0.25 / 365);
    const pdf = Math.exp(-0.5 * inDay.d1 * inDay.d1) / Math.sqrt(2 * Math.PI);
    const thetaDay = (-F * pdf * 0.6) / (2 * sqrtT) / 365;
    expect(inDay.theta).toBeCloseTo(thetaDay * 0.25, 10);
    const cheap = black76('call', F, 14_000, 0.6, 3 / 365);
    expect(cheap.theta).toBe(-cheap.price);
  });

  it('settles at intrinsic when expired, with step delta and zero other Greeks', () => {
    expect(black76('call', 110, 100, 0.5, 0)).toMatchObject({ price: 10, delta: 1, gamma: 0, vega: 0, theta: 0, rho: 0 });
    expect(black76('put', 110, 100, 0.5, -0.01)).toMatchObject({ price: 0, delta: 0, gamma: 0 });
    expect(black76('put', 90, 100, 0.5, 0)).toMatchObject({ price: 10, delta: -1 });
  });

  it('matches the textbook value: F = K = 100, σ = 20 %, T = 1 → 7.965567455405804 (Haug 2007 §1.1.5 form, r = 0)', () => {
    // C = F(N(d1) − N(d2)), d1 = 0.1, d2 = −0.1 → 100 · (2Φ(0.1) − 1); Φ(0.1) = 0.539827837277029 (mpmath).
    expect(black76Price('call', 100, 100, 0.2, 1)).toBeCloseTo(100 * (2 * 0.539827837277029 - 1), 12);
  });
});
