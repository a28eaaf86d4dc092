/**
 * SPAN-style margin, for comparison with the portfolio margin: CME SPAN's structure (scan risk over 16 scenarios,
 * the inter-month spread charge, the short option minimum) applied to a crypto book (METHODOLOGY.md "Other models").
 *
 * Per underlying (its "combined commodity") and settlement currency, P&L in that currency as in the PME
 * (margin/revalue.ts: coin for inverse products, USDC for linear ones):
 * - Scan risk. Scenarios 1–14: price moves 0, ±⅓, ±⅔, ±1 × scan range, each with the vol up and down by the vol
 *   scan (absolute vol points added to each option's own vol, floored at 1e-4 by the pricer); scenarios 15–16:
 *   extreme moves ±`extremeMultiple` × scan range, vol unchanged, of which only `extremeCover` of the P&L counts.
 *   Every scenario is valued `lookAheadDays` later (CME's look-ahead time: the options' time to expiry shrinks, so
 *   one day of time decay is in every scenario; an option expiring inside it is worth its intrinsic value). Scan
 *   risk = max(0, the largest covered loss).
 * - Inter-month (calendar) spread charge. Scan risk moves every expiry by the same percentage, i.e. treats the
 *   months as perfectly correlated; SPAN adds a charge for spreads between months. Tiers = expiries (the perpetual
 *   its own tier at T = 0); a tier's delta is Σ of its options' Black deltas q·N(d1) and its futures' coin
 *   quantities (the PME roll shock's deltas). Spreads are formed between tiers of opposite delta, nearest expiries
 *   first (smallest |T_a − T_b|, then the earlier pair), each of size min(|Δ_a|, |Δ_b|), until no tier pair of
 *   opposite sign is left; each spread is charged
 *     rate = max(minimum, exp(annualised · |T_a − T_b|) − 1)   per coin of spread (× index for USDC),
 *   the basis move between the two expiries, with Deribit's roll-shock parameters of the settlement currency
 *   (`annualised_move_risk`, `min_annualised_move`: 7.5 % / 1 % BTC) unless `calendarMove` overrides them.
 * - Short option minimum (CME: "a percentage of the outright margin on one underlying futures contract", for books
 *   of short options whose scan risk is tiny): `shortOptionMinimum` × scan range per coin of short option (× index
 *   for USDC); the combined commodity's requirement = max(scan risk + spread charge, short option minimum).
 * - A currency's IM = Σ of its underlyings' requirements (no inter-commodity credit); MM = mmFactor · IM.
 * Defaults (editable in the Margin tab and by the CLI's --span-* flags): scan range = the underlying's PME
 * price_range (16 % BTC, 18 % ETH), vol scan 10 vol points, extreme move 2 × scan range at a 35 % cover, look-ahead
 * 1 day, short option minimum 10 % of the outright scan charge (assumed: CME sets it per product, no crypto value is
 * published), calendar rates from the PME parameters, mmFactor 0.8 (as PME).
 *
 * References: CME Group, "CME SPAN Methodology Overview" and "Components of SPAN" (risk arrays over a one-day
 * look-ahead time; scan ranges; 16 scenarios; intra-commodity spread charge; short option minimum), CME Clearing
 * performance-bond advisories (e.g. 20-247: "The SOM charge per short calls or short puts is a percentage of the
 * outright margin on one underlying futures contract"; extreme move and coverage are per-product parameters, e.g.
 * 3 and 0.33 for gasoil options); the classic 16-scenario table with ±2 × scan range at 35 % (NSE SPAN, CME's
 * default layout); Deribit's PME roll-shock parameters (METHODOLOGY.md §4).
 * Verified by: alternatives.test.ts (16 scenarios; a perpetual's scan risk in closed form; the extreme cover and
 * multiple; one day of theta in the scan; a calendar spread's charge by hand, nearest tiers first; the short
 * option minimum binding for a far out-of-the-money short option).
 */
import type { MarketModel } from '../market/marketModel.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import type { ResolvedBook, ResolvedPosition } from '../resolve.ts';
import { currencyParamsFor, DEFAULT_PME_PARAMS, pairParamsFor, type PmeParams } from './params.ts';
import { isLiveOption, settlementCurrencyOf, settlementValue } from './revalue.ts';

export interface SpanParams {
  /** Scan range per underlying (decimal); missing → the PME price_range of the underlying. */
  readonly scanRange?: Readonly<Record<string, number>>;
  /** Absolute vol scan (decimal, 0.10 = 10 vol points). */
  readonly volScan: number;
  /** Extreme move = extremeMultiple × scan range (scenarios 15 and 16). */
  readonly extremeMultiple: number;
  /** Share of the extreme-move P&L that counts (CME's "extreme move coverage"). */
  readonly extremeCover: number;
  /** Look-ahead time of every scenario, days (options lose this much time to expiry). */
  readonly lookAheadDays: number;
  /** Short option minimum per coin of short option, as a fraction of the outright scan charge (scan range × 1 coin). */
  readonly shortOptionMinimum: number;
  /** Calendar spread rate parameters (decimal); null = the settlement currency's PME roll-shock parameters. */
  readonly calendarMove: { readonly annualised: number; readonly minimum: number } | null;
  /** MM = mmFactor · IM. */
  readonly mmFactor: number;
}

export const DEFAULT_SPAN_PARAMS: SpanParams = {
  volScan: 0.1,
  extremeMultiple: 2,
  extremeCover: 0.35,
  lookAheadDays: 1,
  shortOptionMinimum: 0.1,
  calendarMove: null,
  mmFactor: 0.8,
};

/**
 * Problems with a parameter set, one message per field (empty when valid).
 */
export function validateSpanParams(p: SpanParams): string[] {
  const errors: string[] = [];
  const check = (ok: boolean, msg: string) => {
    if (!ok) errors.push(msg);
  };
  const finite = (x: number) => typeof x === 'number' && Number.isFinite(x);
  check(finite(p.volScan) && p.volScan >= 0, 'vol scan must be ≥ 0 (decimal, 0.10 = 10 vol points)');
  check(finite(p.extremeMultiple) && p.extremeMultiple >= 1, 'extreme-move multiple must be ≥ 1 (× scan range)');
  check(finite(p.extremeCover) && p.extremeCover >= 0 && p.extremeCover <= 1, 'extreme-move cover must be between 0 and 1');
  check(finite(p.lookAheadDays) && p.lookAheadDays >= 0, 'look-ahead must be ≥ 0 days');
  check(finite(p.shortOptionMinimum) && p.shortOptionMinimum >= 0, 'short option minimum must be ≥ 0 (fraction of the scan charge)');
  check(finite(p.mmFactor) && p.mmFactor >= 0, 'MM factor must be ≥ 0');
  if (p.calendarMove)
    check(
      finite(p.calendarMove.annualised) && p.calendarMove.annualised >= 0 && finite(p.calendarMove.minimum) && p.calendarMove.minimum >= 0,
      'calendar spread rates must be ≥ 0',
    );
  for (const [ul, r] of Object.entries(p.scanRange ?? {}))
    check(finite(r) && r > 0 && r < 1, `scan range of ${ul} must be between 0 and 1`);
  return errors;
}

export interface SpanScenario {
  /** 1-based, CME order. */
  readonly number: number;
  /** Fraction of the scan range (−extremeMultiple … extremeMultiple). */
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

/** One expiry tier of an underlying: its net delta. */
export interface SpanTier {
  /** `PERPETUAL` or the expiry instant (ISO). */
  readonly expiry: string;
  readonly tteYears: number;
  /** Σ Black deltas of its options + coin quantities of its futures, coin. */
  readonly deltaCoin: number;
}

/** One calendar spread formed between two tiers. */
export interface SpanSpread {
  readonly nearExpiry: string;
  readonly farExpiry: string;
  /** Spread size, coin. */
  readonly sizeCoin: number;
  /** max(minimum, exp(annualised·ΔT) − 1), per coin. */
  readonly rate: number;
  /** Charge in the settlement currency. */
  readonly charge: number;
}

export interface SpanUnderlying {
  readonly underlying: string;
  readonly currency: string;
  readonly scanRange: number;
  /** Covered P&L per scenario (settlement currency), in `spanScenarios` order. */
  readonly pnl: readonly number[];
  readonly scanRisk: number;
  /** Scenario number of the largest loss. */
  readonly worstScenario: number;
  readonly tiers: readonly SpanTier[];
  readonly spreads: readonly SpanSpread[];
  /** Σ of the spreads' charges. */
  readonly calendarSpreadCharge: number;
  /** Coins of short (live) options. */
  readonly shortOptionsCoin: number;
  readonly shortOptionMinimum: number;
  /** max(scanRisk + calendarSpreadCharge, shortOptionMinimum). */
  readonly requirement: number;
}

export interface SpanCurrency {
  readonly currency: string;
  /** Σ over the currency's underlyings. */
  readonly scanRisk: number;
  readonly calendarSpreadCharge: number;
  readonly shortOptionMinimum: number;
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
}

export interface SpanResult {
  /** The parameters used. */
  readonly params: SpanParams;
  readonly scenarios: readonly SpanScenario[];
  readonly underlyings: readonly SpanUnderlying[];
  readonly currencies: Readonly<Record<string, SpanCurrency>>;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
}

/** Expiry tiers of a set of positions (the perpetual at T = 0), by expiry. */
function spanTiers(positions: readonly ResolvedPosition[]): SpanTier[] {
  const byKey = new Map<string, { expiryMs: number | null; tteYears: number; delta: number }>();
  for (const rp of positions) {
    const inst = rp.instrument;
    const expiryMs = inst.kind === 'option' || inst.kind === 'future' ? inst.expiryMs : null;
    const key = expiryMs === null ? 'PERPETUAL' : String(expiryMs);
    const t = byKey.get(key) ?? { expiryMs, tteYears: expiryMs === null ? 0 : Math.max(0, rp.tteYears0), delta: 0 };
    t.delta += pricePosition(rp, NO_SHOCK).delta;
    byKey.set(key, t);
  }
  return [...byKey.values()]
    .sort((a, b) => (a.expiryMs ?? -Infinity) - (b.expiryMs ?? -Infinity))
    .map((t) => ({
      expiry: t.expiryMs === null ? 'PERPETUAL' : new Date(t.expiryMs).toISOString(),
      tteYears: t.tteYears,
      deltaCoin: t.delta,
    }));
}

/**
 * Calendar spreads between tiers of opposite delta, nearest expiries first (module header).
 * @param toCcy 1 for coin-settled, the index for USDC
 */
export function calendarSpreads(
  tiers: readonly SpanTier[],
  move: { readonly annualised: number; readonly minimum: number },
  toCcy: number,
): SpanSpread[] {
  const left = tiers.map((t) => t.deltaCoin);
  const spreads: SpanSpread[] = [];
  const eps = 1e-12 * tiers.reduce((m, t) => Math.max(m, Math.abs(t.deltaCoin)), 0);
  for (;;) {
    let best: [number, number] | null = null;
    let bestGap = Infinity;
    for (let a = 0; a < tiers.length; a++) {
      if (Math.abs(left[a]!) <= eps) continue;
      for (let b = a + 1; b < tiers.length; b++) {
        if (Math.abs(left[b]!) <= eps || Math.sign(left[a]!) === Math.sign(left[b]!)) continue;
        const gap = tiers[b]!.tteYears - tiers[a]!.tteYears;
        if (gap < bestGap) {
          bestGap = gap;
          best = [a, b];
        }
      }
    }
    if (!best) break;
    const [a, b] = best;
    const size = Math.min(Math.abs(left[a]!), Math.abs(left[b]!));
    const rate = Math.max(move.minimum, Math.exp(move.annualised * Math.abs(bestGap)) - 1);
    spreads.push({ nearExpiry: tiers[a]!.expiry, farExpiry: tiers[b]!.expiry, sizeCoin: size, rate, charge: size * rate * toCcy });
    left[a] = left[a]! - Math.sign(left[a]!) * size;
    left[b] = left[b]! - Math.sign(left[b]!) * size;
    if (Math.abs(left[a]!) <= eps) left[a] = 0;
    if (Math.abs(left[b]!) <= eps) left[b] = 0;
  }
  return spreads;
}

/**
 * SPAN-style margin of every derivative of `book` (see module header).
 * @param pmeParams the default scan ranges (PME price_range) and calendar rates (PME roll-shock parameters)
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
  const totals = new Map<string, { scan: number; cal: number; som: number; im: number; usd: number }>();
  for (const { currency, ul, positions } of groups.values()) {
    const linear = currency === 'USDC';
    const index = positions[0]!.index0;
    const toCcy = linear ? index : 1;
    const scanRange = params.scanRange?.[ul] ?? pairParamsFor(pmeParams, ul).pair.price_range;
    const pnl = scenarios.map(() => 0);
    let shortOptionsCoin = 0;
    for (const rp of positions) {
      const base = settlementValue(rp, NO_SHOCK);
      const live = isLiveOption(rp);
      scenarios.forEach((s, i) => {
        const volShift = live ? s.volDirection * params.volScan : 0;
        const v = settlementValue(rp, { spotMove: s.scanFraction * scanRange, volShift, volTermPower: null, days: params.lookAheadDays });
        pnl[i]! += (v - base) * s.cover;
      });
      if (live && rp.quantityCoin < 0) shortOptionsCoin += -rp.quantityCoin;
    }
    let worst = 0;
    pnl.forEach((x, i) => {
      if (x < pnl[worst]!) worst = i;
    });
    const scanRisk = Math.max(0, -pnl[worst]!);
    const tiers = spanTiers(positions);
    const ccyParams = currencyParamsFor(pmeParams, currency).currency;
    const move = params.calendarMove ?? { annualised: ccyParams.annualised_move_risk, minimum: ccyParams.min_annualised_move };
    const spreads = calendarSpreads(tiers, move, toCcy);
    const calendarSpreadCharge = spreads.reduce((s, x) => s + x.charge, 0);
    const shortOptionMinimum = shortOptionsCoin * params.shortOptionMinimum * scanRange * toCcy;
    const requirement = Math.max(scanRisk + calendarSpreadCharge, shortOptionMinimum);
    underlyings.push({
      underlying: ul,
      currency,
      scanRange,
      pnl,
      scanRisk,
      worstScenario: worst + 1,
      tiers,
      spreads,
      calendarSpreadCharge,
      shortOptionsCoin,
      shortOptionMinimum,
      requirement,
    });
    const t = totals.get(currency) ?? { scan: 0, cal: 0, som: 0, im: 0, usd: linear ? 1 : index };
    t.scan += scanRisk;
    t.cal += calendarSpreadCharge;
    t.som += shortOptionMinimum;
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
      scanRisk: t.scan,
      calendarSpreadCharge: t.cal,
      shortOptionMinimum: t.som,
      initialMargin: t.im,
      maintenanceMargin: mm,
      initialMarginUsd: t.im * t.usd,
      maintenanceMarginUsd: mm * t.usd,
    };
    initialMarginUsd += t.im * t.usd;
    maintenanceMarginUsd += mm * t.usd;
  }
  return { params, scenarios, underlyings, currencies, initialMarginUsd, maintenanceMarginUsd };
}

/** The report JSON's `marginSpan` object: the parameters, per currency and per underlying (with its spreads). */
export function spanReportJson(r: SpanResult): Record<string, unknown> {
  const p = r.params;
  return {
    params: {
      volScan: p.volScan,
      extremeMultiple: p.extremeMultiple,
      extremeCover: p.extremeCover,
      lookAheadDays: p.lookAheadDays,
      shortOptionMinimum: p.shortOptionMinimum,
      calendarMove: p.calendarMove,
      mmFactor: p.mmFactor,
      ...(p.scanRange ? { scanRange: p.scanRange } : {}),
    },
    currencies: Object.fromEntries(
      Object.entries(r.currencies).map(([ccy, c]) => [
        ccy,
        {
          scanRisk: c.scanRisk,
          calendarSpreadCharge: c.calendarSpreadCharge,
          shortOptionMinimum: c.shortOptionMinimum,
          initialMargin: c.initialMargin,
          maintenanceMargin: c.maintenanceMargin,
          initialMarginUsd: c.initialMarginUsd,
          maintenanceMarginUsd: c.maintenanceMarginUsd,
        },
      ]),
    ),
    underlyings: r.underlyings.map((u) => ({
      underlying: u.underlying,
      currency: u.currency,
      scanRange: u.scanRange,
      scanRisk: u.scanRisk,
      worstScenario: u.worstScenario,
      calendarSpreadCharge: u.calendarSpreadCharge,
      spreads: u.spreads,
      shortOptionMinimum: u.shortOptionMinimum,
      requirement: u.requirement,
    })),
  };
}
