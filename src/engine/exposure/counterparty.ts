/**
 * Counterparty exposure per venue (issue 6 "Counterparty exposure").
 *
 * Model, per venue (USD):
 * - collateral = spot holdings (at the index) and cash held there; derivatives value = its options at mark and its
 *   futures and perpetuals at their P&L against entry (the engine's position values);
 * - unrealised P&L = Σ P&L against entry of the derivatives that have an entry price (pricers/positionPricer.ts
 *   `pnlVsEntryUsd`). Spot holdings are left out of it: their gain against cost is already inside the collateral,
 *   which is at market value, so adding it to collateral would count it twice; it is reported on its own as
 *   `spotPnlUsd` (information, part of the collateral);
 * - equity = collateral + derivatives value; exposure (EAD) = max(equity, 0): what is lost if the venue fails
 *   (the venue-default scenario loss);
 * - margin posted = the venue's initial margin (its Deribit PME, margin/pme.ts, supplied by the caller or computed);
 * - share = exposure / Σ exposures (0 when nothing is exposed), so the shares sum to 1;
 * - expected loss = PD · LGD · exposure when a PD is given (LGD default 1);
 * - potential future exposure (PFE) at confidence c over h days: the venue's exposure max(0, equity) is revalued
 *   under every overlapping h-day historical return (compounded from the daily returns given, all underlyings on
 *   the same dates; vols and time unchanged, as the historical VaR of PRODUCT.md), and PFE is the k-th largest
 *   exposure with k = ⌈N·(1 − c) − 1e-9⌉ (the VaR convention); EE = the mean exposure. The returns are an input,
 *   so a Monte Carlo engine can pass simulated returns instead.
 *
 * Verified by: counterparty.test.ts (collateral + derivatives = equity; spot P&L is not in the unrealised P&L;
 * shares sum to 1; default loss = equity; EL = PD·LGD·EAD; PFE of a spot
 * holding equals its price quantile; historicalReturns / horizon compounding).
 */
import type { MarketModel } from '../market/marketModel.ts';
import { pnlVsEntryUsd, pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK } from '../pricers/shock.ts';
import type { ResolvedBook } from '../resolve.ts';
import { baseScenario, compileBook, valueCompiled } from '../risk/compiledBook.ts';
import { DEFAULT_PME_PARAMS, type PmeParams } from '../margin/params.ts';
import { computePortfolioMargin, venueBook, venuesOf } from '../margin/pme.ts';

/** Simple daily returns r_t = close_t / close_{t−1} − 1 (oldest first). */
export function historicalReturns(closes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) out.push(closes[i]! / closes[i - 1]! - 1);
  return out;
}

/** Overlapping h-day compounded returns Π(1 + r) − 1 of a daily series (h = 1 returns a copy). */
export function horizonReturns(daily: readonly number[], horizonDays: number): number[] {
  const h = Math.max(1, Math.round(horizonDays));
  const out: number[] = [];
  for (let i = 0; i + h <= daily.length; i++) {
    let g = 1;
    for (let j = i; j < i + h; j++) g *= 1 + daily[j]!;
    out.push(g - 1);
  }
  return out;
}

/** The k-th largest of `xs`, k = ⌈N·(1 − c) − 1e-9⌉ (at least 1): the VaR quantile convention of PRODUCT.md. */
export function upperQuantile(xs: readonly number[], confidence: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => b - a);
  const k = Math.min(sorted.length, Math.max(1, Math.ceil(sorted.length * (1 - confidence) - 1e-9)));
  return sorted[k - 1]!;
}

export interface PfePoint {
  readonly horizonDays: number;
  readonly confidence: number;
  /** Potential future exposure, USD. */
  readonly pfeUsd: number;
  /** Expected exposure (mean), USD. */
  readonly eeUsd: number;
  readonly scenarios: number;
}

export interface VenueExposure {
  readonly venue: string;
  readonly collateralUsd: number;
  readonly derivativesValueUsd: number;
  /** Σ P&L against entry of the derivatives with an entry price, USD (not additive to equity: futures' is their value). */
  readonly unrealisedPnlUsd: number;
  /** Spot holdings' P&L against their entry price, USD: already inside the collateral (at market value). */
  readonly spotPnlUsd: number;
  readonly equityUsd: number;
  /** max(equity, 0): the venue-default loss. */
  readonly exposureUsd: number;
  readonly marginPostedUsd: number;
  /** exposure / total exposure. */
  readonly share: number;
  readonly defaultLossUsd: number;
  readonly pd: number | null;
  readonly lgd: number;
  /** PD · LGD · exposure, null without a PD. */
  readonly expectedLossUsd: number | null;
  readonly pfe: readonly PfePoint[];
}

export interface CounterpartyResult {
  readonly venues: readonly VenueExposure[];
  readonly totalExposureUsd: number;
  /** Σ expected losses of the venues with a PD. */
  readonly totalExpectedLossUsd: number;
  /** The largest share (concentration). */
  readonly maxShare: number;
  readonly warnings: readonly string[];
}

export interface CounterpartyOptions {
  /** IM per venue (USD); venues missing here get their PME computed with `pmeParams`. */
  readonly marginPostedUsd?: Readonly<Record<string, number>>;
  readonly pmeParams?: PmeParams;
  /** Annual probability of default per venue (decimal). */
  readonly pd?: Readonly<Record<string, number>>;
  /** Loss given default per venue (decimal), default `defaultLgd`. */
  readonly lgd?: Readonly<Record<string, number>>;
  readonly defaultLgd?: number;
  /** Daily returns per underlying on common dates (oldest first): historicalReturns(closes), or simulated. */
  readonly returns?: Readonly<Record<string, readonly number[]>>;
  /** PFE horizons in days (default 1, 10, 30) and confidences (default 0.95, 0.99). */
  readonly horizonsDays?: readonly number[];
  readonly confidences?: readonly number[];
}

/**
 * Exposure to every venue of the book (see module header).
 * @returns per venue collateral, derivatives value, equity, exposure, margin, share, default loss, EL and PFE
 */
export function computeCounterparty(book: ResolvedBook, model: MarketModel, options: CounterpartyOptions = {}): CounterpartyResult {
  const warnings: string[] = [];
  const horizons = options.horizonsDays ?? [1, 10, 30];
  const confidences = options.confidences ?? [0.95, 0.99];
  const returns = options.returns;
  const rows = venuesOf(book).map((venue) => {
    const vb = venueBook(book, venue);
    let collateralUsd = 0;
    let derivativesValueUsd = 0;
    let unrealisedPnlUsd = 0;
    let spotPnlUsd = 0;
    for (const rp of vb.positions) {
      const v = pricePosition(rp, NO_SHOCK);
      if (rp.path === 'spot' || rp.path === 'cash') {
        collateralUsd += v.valueUsd;
        spotPnlUsd += pnlVsEntryUsd(rp, v) ?? 0;
      } else {
        derivativesValueUsd += v.valueUsd;
        unrealisedPnlUsd += pnlVsEntryUsd(rp, v) ?? 0;
      }
    }
    const equityUsd = collateralUsd + derivativesValueUsd;
    const marginPostedUsd =
      options.marginPostedUsd?.[venue] ?? computePortfolioMargin(vb, model, options.pmeParams ?? DEFAULT_PME_PARAMS).initialMarginUsd;
    const pfe: PfePoint[] = [];
    if (returns) {
      // Revalue the venue's compiled book under each historical h-day move of its underlyings.
      const compiled = compileBook(vb, model);
      const uls = compiled.underlyings;
      const missing = uls.filter((ul) => !returns[ul]);
      if (missing.length > 0) warnings.push(`${venue}: no return history for ${missing.join(', ')} (held fixed in the PFE)`);
      // Series aligned at their ends (latest dates), all cut to the shortest length.
      const present = uls.map((ul) => returns[ul]).filter((s): s is readonly number[] => s !== undefined);
      const n = present.length > 0 ? Math.min(...present.map((s) => s.length)) : 0;
      const base = baseScenario(compiled);
      for (const h of horizons) {
        const hr = uls.map((ul) => {
          const s = returns[ul];
          return s === undefined ? null : horizonReturns(s.slice(s.length - n), h);
        });
        // With no history at all, one scenario: today's exposure.
        const count = present.length > 0 ? Math.max(0, n - Math.max(1, Math.round(h)) + 1) : 1;
        const exposures: number[] = [];
        for (let i = 0; i < count; i++) {
          const growth = Float64Array.from(hr, (r) => 1 + (r === null ? 0 : r[i]!));
          exposures.push(Math.max(0, valueCompiled(compiled, { ...base, growth })));
        }
        const ee = exposures.reduce((s, x) => s + x, 0) / Math.max(1, exposures.length);
        for (const c of confidences)
          pfe.push({ horizonDays: h, confidence: c, pfeUsd: upperQuantile(exposures, c), eeUsd: ee, scenarios: exposures.length });
      }
    }
    return {
      venue,
      collateralUsd,
      derivativesValueUsd,
      unrealisedPnlUsd,
      spotPnlUsd,
      equityUsd,
      exposureUsd: Math.max(0, equityUsd),
      marginPostedUsd,
      pfe,
    };
  });
  const totalExposureUsd = rows.reduce((s, r) => s + r.exposureUsd, 0);
  const defaultLgd = options.defaultLgd ?? 1;
  const venues: VenueExposure[] = rows.map((r) => {
    const pd = options.pd?.[r.venue] ?? null;
    const lgd = options.lgd?.[r.venue] ?? defaultLgd;
    return {
      ...r,
      share: totalExposureUsd > 0 ? r.exposureUsd / totalExposureUsd : 0,
      defaultLossUsd: r.exposureUsd,
      pd,
      lgd,
      expectedLossUsd: pd === null ? null : pd * lgd * r.exposureUsd,
    };
  });
  return {
    venues,
    totalExposureUsd,
    totalExpectedLossUsd: venues.reduce((s, v) => s + (v.expectedLossUsd ?? 0), 0),
    maxShare: venues.reduce((m, v) => Math.max(m, v.share), 0),
    warnings,
  };
}
