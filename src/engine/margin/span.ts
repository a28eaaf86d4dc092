/**
 * SPAN-style 16-scenario margin, for comparison with the portfolio margin (METHODOLOGY.md §4 "Other models": CME
 * SPAN's scenario layout applied to a crypto book).
 *
 * Model, per underlying (its "combined commodity"), P&L in the settlement currency as in the PME
 * (margin/revalue.ts: coin for inverse products, USDC for linear ones):
 * - scenarios 1–14: price moves 0, ±⅓, ±⅔, ±1 × scan range, each with the vol up and down by the vol scan
 *   (absolute vol points added to each option's own vol, floored at 1e-4 by the pricer);
 * - scenarios 15–16: extreme moves ±2 × scan range, vol unchanged, only `extremeCover` (35 %) of the P&L counts;
 * - scan risk = max(0, the largest loss over the 16); the requirement of a currency is the sum over its
 *   underlyings (no inter-commodity credit); IM = scan risk, MM = mmFactor · IM.
 * Defaults (documented, editable): scan range = the underlying's PME price_range (16 % BTC, 18 % ETH, the default
 * pair's otherwise), vol scan 10 vol points, extreme multiple 2, cover 0.35, mmFactor 0.8 (as PME), no short
 * option minimum.
 *
 * References: CME Group, "CME SPAN: Standard Portfolio Analysis of Risk" (16 risk scenarios, extreme moves at a
 * 35 % cover); METHODOLOGY.md §4.
 * Verified by: alternatives.test.ts (16 scenarios, a perpetual's scan risk in closed form, the extreme-move cover).
 */
import type { MarketModel } from '../market/marketModel.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import type { ResolvedBook, ResolvedPosition } from '../resolve.ts';
import { DEFAULT_PME_PARAMS, pairParamsFor, type PmeParams } from './params.ts';
import { isLiveOption, settlementCurrencyOf, settlementValue } from './revalue.ts';

export interface SpanParams {
  /** Scan range per underlying (decimal); missing → the PME price_range of the underlying. */
  readonly scanRange?: Readonly<Record<string, number>>;
  /** Absolute vol scan (decimal, 0.10 = 10 vol points). */
  readonly volScan: number;
  /** Extreme move = extremeMultiple × scan range. */
  readonly extremeMultiple: number;
  /** Share of the extreme-move P&L that counts. */
  readonly extremeCover: number;
  /** MM = mmFactor · IM. */
  readonly mmFactor: number;
  /** Minimum per short option, per coin, in the settlement currency's coin (inverse) — 0 = none. */
  readonly shortOptionMinimumCoin: number;
}

export const DEFAULT_SPAN_PARAMS: SpanParams = {
  volScan: 0.1,
  extremeMultiple: 2,
  extremeCover: 0.35,
  mmFactor: 0.8,
  shortOptionMinimumCoin: 0,
};

export interface SpanScenario {
  /** 1-based, CME order. */
  readonly number: number;
  /** Fraction of the scan range (−2 … 2). */
  readonly scanFraction: number;
  /** −1 vol down, 0 unchanged, +1 vol up. */
  readonly volDirection: -1 | 0 | 1;
  /** Share of the P&L that counts (1, or the extreme cover). */
  readonly cover: number;
}

/** The 16 scenarios in CME's order: (0, up), (0, down), (+⅓, up), (+⅓, down), (−⅓, up), … (±1, …), then ±extreme. */
export function spanScenarios(params: SpanParams = DEFAULT_SPAN_PARAMS): SpanScenario[] {
  const out: SpanScenario[] = [];
  for (const f of [0, 1 / 3, -1 / 3, 2 / 3, -2 / 3, 1, -1]) {
    for (const vd of [1, -1] as const) out.push({ number: out.length + 1, scanFraction: f, volDirection: vd, cover: 1 });
  }
  out.push({ number: 15, scanFraction: params.extremeMultiple, volDirection: 0, cover: params.extremeCover });
  out.push({ number: 16, scanFraction: -params.extremeMultiple, volDirection: 0, cover: params.extremeCover });
  return out;
}

export interface SpanUnderlying {
  readonly underlying: string;
  readonly currency: string;
  readonly scanRange: number;
  /** Covered P&L per scenario (settlement currency), in `spanScenarios` order. */
  readonly pnl: readonly number[];
  readonly scanRisk: number;
  readonly shortOptionMinimum: number;
  /** max(scanRisk, shortOptionMinimum). */
  readonly requirement: number;
  /** Scenario number of the largest loss. */
  readonly worstScenario: number;
}

export interface SpanCurrency {
  readonly currency: string;
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
}

export interface SpanResult {
  readonly scenarios: readonly SpanScenario[];
  readonly underlyings: readonly SpanUnderlying[];
  readonly currencies: Readonly<Record<string, SpanCurrency>>;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
}

/**
 * SPAN-style margin of every derivative of `book` (see module header).
 * @param pmeParams used only for the default scan ranges (the PME price_range of each underlying)
 */
export function computeSpanMargin(
  book: ResolvedBook,
  _model: MarketModel,
  params: SpanParams = DEFAULT_SPAN_PARAMS,
  pmeParams: PmeParams = DEFAULT_PME_PARAMS,
): SpanResult {
  const scenarios = spanScenarios(params);
  const groups = new Map<string, { currency: string; ul: string; positions: ResolvedPosition[] }>();
  for (const rp of book.positions) {
    const currency = settlementCurrencyOf(rp);
    if (currency === null) continue;
    const key = `${currency}|${rp.instrument.underlying}`;
    const g = groups.get(key) ?? { currency, ul: rp.instrument.underlying, positions: [] };
    g.positions.push(rp);
    groups.set(key, g);
  }
  const underlyings: SpanUnderlying[] = [];
  const totals = new Map<string, { im: number; usd: number }>();
  for (const { currency, ul, positions } of groups.values()) {
    const scanRange = params.scanRange?.[ul] ?? pairParamsFor(pmeParams, ul).pair.price_range;
    const pnl = scenarios.map(() => 0);
    let shortOptionMinimum = 0;
    for (const rp of positions) {
      const base = settlementValue(rp, NO_SHOCK);
      const live = isLiveOption(rp);
      scenarios.forEach((s, i) => {
        const volShift = live ? s.volDirection * params.volScan : 0;
        const v = settlementValue(rp, { spotMove: s.scanFraction * scanRange, volShift, volTermPower: null, days: 0 });
        pnl[i]! += (v - base) * s.cover;
      });
      if (live && rp.quantityCoin < 0) {
        const perCoin = currency === 'USDC' ? params.shortOptionMinimumCoin * rp.index0 : params.shortOptionMinimumCoin;
        shortOptionMinimum += -rp.quantityCoin * perCoin;
      }
    }
    let worst = 0;
    pnl.forEach((x, i) => {
      if (x < pnl[worst]!) worst = i;
    });
    const scanRisk = Math.max(0, -pnl[worst]!);
    const requirement = Math.max(scanRisk, shortOptionMinimum);
    underlyings.push({ underlying: ul, currency, scanRange, pnl, scanRisk, shortOptionMinimum, requirement, worstScenario: worst + 1 });
    const t = totals.get(currency) ?? { im: 0, usd: currency === 'USDC' ? 1 : positions[0]!.index0 };
    t.im += requirement;
    totals.set(currency, t);
  }
  const currencies: Record<string, SpanCurrency> = {};
  let initialMarginUsd = 0;
  let maintenanceMarginUsd = 0;
  for (const [currency, t] of totals) {
    const mm = params.mmFactor * t.im;
    currencies[currency] = {
      currency,
      initialMargin: t.im,
      maintenanceMargin: mm,
      initialMarginUsd: t.im * t.usd,
      maintenanceMarginUsd: mm * t.usd,
    };
    initialMarginUsd += t.im * t.usd;
    maintenanceMarginUsd += mm * t.usd;
  }
  return { scenarios, underlyings, currencies, initialMarginUsd, maintenanceMarginUsd };
}
