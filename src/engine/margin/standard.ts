/**
 * Deribit standard (per-position) margin, for comparison with the portfolio margin (METHODOLOGY.md "Other models").
 *
 * Model (amounts in the settlement currency, per position, summed per currency):
 * - Short options, per coin of underlying (1 inverse contract), mark in coin:
 *     calls: IM = max(0.15 − OTM/F, 0.1) + mark,                 MM = 0.075 + mark;
 *     puts:  IM = max(max(0.15 − OTM/F, 0.1) + mark, MM),        MM = max(0.075, 0.075·mark) + mark;
 *   × |q|. OTM = max(K − F, 0) for calls, max(F − K, 0) for puts, where F is the option's own forward: Deribit writes
 *   "Out of the Money Amount / Underlying MarkPrice", and the underlying of a Deribit option is the future of its
 *   expiry (the ticker's `underlying_price`, from which its mark is computed), not the index. With contango a call
 *   is nearer the money against its forward than against the index, so using the index would understate the
 *   margin of short dated calls. The put's MM differs from the call's when the mark exceeds 1 coin (a deep
 *   in-the-money put: K/F > 1). Linear (USDC) options: the same rule with coin amounts converted at the index S
 *   (max(…)·S + mark in USD; the put's MM max(0.075·S, 0.075·mark_usd) + mark_usd).
 * - Long options: 0 (the premium is paid in full).
 * - Futures and perpetuals: IM rate = im_base + |size|·increase, MM rate = mm_base + |size|·increase (size in coin),
 *   margin = rate · |size| in coin (inverse) or rate · |size| · S in USDC (linear: "calculated in the margin
 *   currency … on the index price of the underlying"). Rates per product line (`FuturesMarginRates`, each with its
 *   source): BTC and ETH inverse 2 % / 1 % + 0.005 % (BTC) or 0.0004 % (ETH) per coin (Deribit, "11 January 2022");
 *   BTC_USDC 2 % / 1 % + 0.005 % per BTC and SOL_USDC 4 % / 2 % + 0.0005 % per SOL (Deribit, "Linear Perpetual");
 *   ETH_USDC is not in that table: ETH's inverse rates, marked assumed; any other linear perpetual (XRP_USDC, …):
 *   SOL_USDC's rates, marked assumed. Assumed rates are flagged per position so the UI can say so, and every rate
 *   is a parameter the user can edit. Each position on its own (the size add-on is not netted across expiries).
 * - Spot and cash: collateral, no margin.
 *
 * References: Deribit Knowledge Base, "Linear Perpetual" (support.deribit.com, article 25944738177565: BTC_USDC
 * and SOL_USDC standard-margin tables); Deribit announcement "11 January 2022" (article 25944826427293: BTC and
 * ETH IM 2 % + size × 0.005 % / 0.0004 %, MM 1 % + the same increase); Deribit's option margin formulas as
 * published in Deribit's margin documentation and quoted by TSLab ("Deribit Margin Requirements Calculation": short
 * call IM max(0.15 − OTM/Underlying MarkPrice, 0.1) + mark, MM 0.075 + mark; short put IM max(max(…) + mark, MM),
 * MM max(0.075, 0.075 × mark) + mark).
 * Verified by: alternatives.test.ts (hand-computed short call and put against the forward, the put's MM above 1
 * coin of mark, long option 0, futures rates per product line, the assumed flag).
 */
import type { MarketModel } from '../market/marketModel.ts';
import { pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import type { ResolvedBook, ResolvedPosition } from '../resolve.ts';
import { settlementCurrencyOf } from './revalue.ts';

export interface FuturesMarginRates {
  /** IM base rate (decimal) and MM base rate. */
  readonly imBase: number;
  readonly mmBase: number;
  /** Rate increase per coin of position size (decimal per coin), e.g. 0.00005 = 0.005 %. */
  readonly increasePerCoin: number;
  /** Where the rates come from (publication), or why they are assumed. */
  readonly source: string;
  /** True when no published rate was found for the product line and a stand-in is used. */
  readonly assumed: boolean;
}

export interface StandardMarginParams {
  /** Short option IM: max(imRate − OTM/F, imFloor) + mark; MM: mmRate + mark (calls), max(mmRate, mmRate·mark) + mark (puts). */
  readonly optionImRate: number;
  readonly optionImFloor: number;
  readonly optionMmRate: number;
  /**
   * Futures/perpetual rates per product line: the underlying for inverse products (`BTC`, `ETH`), `<UL>_USDC` for
   * linear ones; `default` for any linear line without its own entry, `defaultInverse` for an inverse one.
   */
  readonly futures: Readonly<Record<string, FuturesMarginRates>>;
}

const JAN_2022 = 'Deribit, "11 January 2022" (support.deribit.com article 25944826427293)';
const LINEAR_PERP = 'Deribit, "Linear Perpetual" (support.deribit.com article 25944738177565)';

export const DEFAULT_STANDARD_MARGIN_PARAMS: StandardMarginParams = {
  optionImRate: 0.15,
  optionImFloor: 0.1,
  optionMmRate: 0.075,
  futures: {
    BTC: { imBase: 0.02, mmBase: 0.01, increasePerCoin: 0.00005, source: JAN_2022, assumed: false },
    ETH: { imBase: 0.02, mmBase: 0.01, increasePerCoin: 0.000004, source: JAN_2022, assumed: false },
    BTC_USDC: { imBase: 0.02, mmBase: 0.01, increasePerCoin: 0.00005, source: LINEAR_PERP, assumed: false },
    SOL_USDC: { imBase: 0.04, mmBase: 0.02, increasePerCoin: 0.000005, source: LINEAR_PERP, assumed: false },
    ETH_USDC: {
      imBase: 0.02,
      mmBase: 0.01,
      increasePerCoin: 0.000004,
      source: `assumed: ETH's inverse rates (${JAN_2022}); ETH_USDC is not in Deribit's linear table`,
      assumed: true,
    },
    default: {
      imBase: 0.04,
      mmBase: 0.02,
      increasePerCoin: 0.000005,
      source: `assumed: SOL_USDC's published rates (${LINEAR_PERP}); no published rate found for this product`,
      assumed: true,
    },
    defaultInverse: {
      imBase: 0.02,
      mmBase: 0.01,
      increasePerCoin: 0,
      source: 'assumed: BTC/ETH inverse base rates without a size add-on; no published rate found for this product',
      assumed: true,
    },
  },
};

/** Product-line key of a future or perpetual: `BTC` (inverse) or `BTC_USDC` (linear). */
export function productLineOf(rp: ResolvedPosition): string {
  return rp.path === 'linearDelta1' || rp.path === 'linearOption' ? `${rp.instrument.underlying}_USDC` : rp.instrument.underlying;
}

/** The rates of a future/perpetual position, with the key used (its own line, or a default). */
export function futuresRatesFor(
  params: StandardMarginParams,
  rp: ResolvedPosition,
): { readonly key: string; readonly rates: FuturesMarginRates | null } {
  const line = productLineOf(rp);
  const own = params.futures[line];
  if (own) return { key: line, rates: own };
  const key = rp.path === 'linearDelta1' ? 'default' : 'defaultInverse';
  return { key, rates: params.futures[key] ?? null };
}

export interface StandardMarginPosition {
  readonly id: string;
  readonly instrument: string;
  readonly currency: string;
  /** In the settlement currency. */
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
  /** Futures: the product line whose rates were used (`BTC`, `SOL_USDC`, `default`); options: null. */
  readonly rateKey: string | null;
  /** True when those rates are assumed (no published rate found). */
  readonly assumed: boolean;
}

export interface StandardMarginCurrency {
  readonly currency: string;
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
  /** Positions of the currency margined at assumed rates. */
  readonly assumedPositions: number;
}

export interface StandardMarginResult {
  readonly positions: readonly StandardMarginPosition[];
  readonly currencies: Readonly<Record<string, StandardMarginCurrency>>;
  readonly initialMarginUsd: number;
  readonly maintenanceMarginUsd: number;
  /** The product lines whose (assumed) rates were used, with their source text. */
  readonly assumedRates: Readonly<Record<string, string>>;
}

/**
 * Deribit standard margin of every derivative of `book` (see module header).
 * @returns per position and per settlement currency, IM and MM in that currency (and USD totals)
 */
export function computeStandardMargin(
  book: ResolvedBook,
  _model: MarketModel,
  params: StandardMarginParams = DEFAULT_STANDARD_MARGIN_PARAMS,
): StandardMarginResult {
  const positions: StandardMarginPosition[] = [];
  const totals = new Map<string, { im: number; mm: number; usd: number; assumed: number }>();
  const assumedRates: Record<string, string> = {};
  for (const rp of book.positions) {
    const currency = settlementCurrencyOf(rp);
    if (currency === null) continue;
    const linear = currency === 'USDC';
    const S = rp.index0;
    const q = rp.quantityCoin;
    let im = 0;
    let mm = 0;
    let rateKey: string | null = null;
    let assumed = false;
    if (rp.path === 'inverseOption' || rp.path === 'linearOption') {
      if (q < 0) {
        const F = rp.forward0;
        const otm = rp.isCall ? Math.max(rp.strike - F, 0) : Math.max(F - rp.strike, 0);
        // Mark per coin in the settlement currency: coin for inverse, USD for linear; coin amounts × S for linear.
        const mark = pricePosition(rp, NO_SHOCK).markPrice;
        const toCcy = linear ? S : 1;
        const markCoin = mark / toCcy;
        const imCoin = Math.max(params.optionImRate - otm / F, params.optionImFloor) + markCoin;
        const mmCoin = rp.isCall
          ? params.optionMmRate + markCoin
          : Math.max(params.optionMmRate, params.optionMmRate * markCoin) + markCoin;
        im = -q * (rp.isCall ? imCoin : Math.max(imCoin, mmCoin)) * toCcy;
        mm = -q * mmCoin * toCcy;
      }
    } else {
      const r = futuresRatesFor(params, rp);
      rateKey = r.key;
      const rates = r.rates ?? { imBase: 0, mmBase: 0, increasePerCoin: 0, source: '', assumed: true };
      assumed = rates.assumed;
      if (assumed) assumedRates[r.key] = rates.source;
      const size = Math.abs(q);
      const toCcy = linear ? S : 1;
      im = (rates.imBase + size * rates.increasePerCoin) * size * toCcy;
      mm = (rates.mmBase + size * rates.increasePerCoin) * size * toCcy;
    }
    positions.push({
      id: rp.position.id,
      instrument: rp.instrument.name,
      currency,
      initialMargin: im,
      maintenanceMargin: mm,
      rateKey,
      assumed,
    });
    const t = totals.get(currency) ?? { im: 0, mm: 0, usd: linear ? 1 : S, assumed: 0 };
    t.im += im;
    t.mm += mm;
    if (assumed) t.assumed++;
    totals.set(currency, t);
  }
  const currencies: Record<string, StandardMarginCurrency> = {};
  let initialMarginUsd = 0;
  let maintenanceMarginUsd = 0;
  for (const [currency, t] of totals) {
    currencies[currency] = {
      currency,
      initialMargin: t.im,
      maintenanceMargin: t.mm,
      initialMarginUsd: t.im * t.usd,
      maintenanceMarginUsd: t.mm * t.usd,
      assumedPositions: t.assumed,
    };
    initialMarginUsd += t.im * t.usd;
    maintenanceMarginUsd += t.mm * t.usd;
  }
  return { positions, currencies, initialMarginUsd, maintenanceMarginUsd, assumedRates };
}

/** The report JSON's `marginStandard` object: per currency, per position, and the assumed rates used. */
export function standardReportJson(r: StandardMarginResult): Record<string, unknown> {
  return {
    currencies: Object.fromEntries(
      Object.entries(r.currencies).map(([ccy, c]) => [
        ccy,
        {
          initialMargin: c.initialMargin,
          maintenanceMargin: c.maintenanceMargin,
          initialMarginUsd: c.initialMarginUsd,
          maintenanceMarginUsd: c.maintenanceMarginUsd,
        },
      ]),
    ),
    positions: r.positions.map((p) => ({
      instrument: p.instrument,
      currency: p.currency,
      initialMargin: p.initialMargin,
      maintenanceMargin: p.maintenanceMargin,
      rateKey: p.rateKey,
      assumed: p.assumed,
    })),
    assumedRates: r.assumedRates,
  };
}
