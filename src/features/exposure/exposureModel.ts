/**
 * Exposure tab view-model: counterparty exposure per venue (with the venue-default loss, PD/LGD expected loss and
 * PFE), operational add-on, the exchange-outage scenario, settlement cash flows by expiry and funding carry beside
 * theta. The numbers are the engine's (worker `analysisExposure`); this file orders, totals and converts units.
 */
import type { ExposureView } from '../../worker/api/marginApi.ts';
import { compareUnderlyings } from '../summary/summaryModel.ts';
import { compareCurrencies } from '../margin/marginModel.ts';

/** PFE horizons shown, days (1 to 30). */
export const PFE_HORIZONS_DAYS: readonly number[] = [1, 5, 10, 20, 30];
export const PFE_CONFIDENCES: readonly number[] = [0.95, 0.99];

export interface CounterpartyRow {
  readonly venue: string;
  readonly collateralUsd: number;
  /** Derivatives' P&L against entry (spot's is inside the collateral). */
  readonly unrealisedPnlUsd: number;
  /** Spot holdings' gain against cost: part of the collateral, shown for information. */
  readonly spotPnlUsd: number;
  readonly derivativesValueUsd: number;
  readonly equityUsd: number;
  readonly marginPostedUsd: number;
  /** max(equity, 0): lost if the venue defaults. */
  readonly exposureUsd: number;
  readonly share: number;
  /** Inputs as typed (percent); null = none. */
  readonly pdPct: number | null;
  readonly lgdPct: number;
  readonly expectedLossUsd: number | null;
}

export interface CounterpartyTable {
  readonly rows: readonly CounterpartyRow[];
  readonly totals: {
    readonly collateralUsd: number;
    readonly derivativesValueUsd: number;
    readonly unrealisedPnlUsd: number;
    readonly equityUsd: number;
    readonly marginPostedUsd: number;
    readonly exposureUsd: number;
    readonly expectedLossUsd: number | null;
  };
  /** The largest venue and its share. */
  readonly largest: { readonly venue: string; readonly share: number } | null;
}

export function counterpartyTable(view: ExposureView | null): CounterpartyTable {
  const venues = view?.counterparty.venues ?? [];
  const rows = venues.map((v) => ({
    venue: v.venue,
    collateralUsd: v.collateralUsd,
    unrealisedPnlUsd: v.unrealisedPnlUsd,
    spotPnlUsd: v.spotPnlUsd,
    derivativesValueUsd: v.derivativesValueUsd,
    equityUsd: v.equityUsd,
    marginPostedUsd: v.marginPostedUsd,
    exposureUsd: v.exposureUsd,
    share: v.share,
    pdPct: v.pd === null ? null : v.pd * 100,
    lgdPct: v.lgd * 100,
    expectedLossUsd: v.expectedLossUsd,
  }));
  const sum = (f: (r: CounterpartyRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const anyEl = rows.some((r) => r.expectedLossUsd !== null);
  const largest = rows.reduce<CounterpartyRow | null>((m, r) => (m === null || r.share > m.share ? r : m), null);
  return {
    rows,
    totals: {
      collateralUsd: sum((r) => r.collateralUsd),
      derivativesValueUsd: sum((r) => r.derivativesValueUsd),
      unrealisedPnlUsd: sum((r) => r.unrealisedPnlUsd),
      equityUsd: sum((r) => r.equityUsd),
      marginPostedUsd: sum((r) => r.marginPostedUsd),
      exposureUsd: view?.counterparty.totalExposureUsd ?? 0,
      expectedLossUsd: anyEl ? (view?.counterparty.totalExpectedLossUsd ?? 0) : null,
    },
    largest: largest ? { venue: largest.venue, share: largest.share } : null,
  };
}

export interface PfeCell {
  readonly horizonDays: number;
  readonly confidence: number;
  readonly pfeUsd: number | null;
  readonly eeUsd: number | null;
}

/** Venue rows × (horizon, confidence) columns, in PFE_HORIZONS_DAYS × PFE_CONFIDENCES order. */
export function pfeTable(
  view: ExposureView | null,
): { readonly venue: string; readonly exposureUsd: number; readonly cells: readonly PfeCell[] }[] {
  return (view?.counterparty.venues ?? []).map((v) => ({
    venue: v.venue,
    exposureUsd: v.exposureUsd,
    cells: PFE_HORIZONS_DAYS.flatMap((h) =>
      PFE_CONFIDENCES.map((c) => {
        const p = v.pfe.find((x) => x.horizonDays === h && x.confidence === c);
        return { horizonDays: h, confidence: c, pfeUsd: p?.pfeUsd ?? null, eeUsd: p?.eeUsd ?? null };
      }),
    ),
  }));
}

export interface OutageModel {
  readonly moves: readonly {
    readonly underlying: string;
    readonly dailyVolPct: number;
    readonly source: 'realised' | 'default';
    readonly movePct: number;
    readonly pnlUsd: number | null;
  }[];
  readonly upPnlUsd: number;
  readonly downPnlUsd: number;
  readonly worstSide: 'up' | 'down';
  readonly unhedgedLossUsd: number;
}

export function outageModel(view: ExposureView | null): OutageModel | null {
  if (!view) return null;
  const o = view.outage;
  const moves = Object.entries(o.moves)
    .sort(([a], [b]) => compareUnderlyings(a, b))
    .map(([ul, m]) => ({
      underlying: ul,
      dailyVolPct: (view.dailyVol[ul]?.vol ?? NaN) * 100,
      source: view.dailyVol[ul]?.source ?? 'default',
      movePct: m * 100,
      pnlUsd: o.byUnderlying[ul] ?? null,
    }));
  return { moves, upPnlUsd: o.upPnlUsd, downPnlUsd: o.downPnlUsd, worstSide: o.worstSide, unhedgedLossUsd: o.unhedgedLossUsd };
}

export interface SettlementRow {
  readonly key: string;
  /** YYYY-MM-DD (08:00 UTC). */
  readonly date: string;
  readonly daysToExpiry: number;
  readonly underlying: string;
  readonly currency: string;
  readonly forwardUsd: number;
  /** In the settlement currency. */
  readonly amount: number;
  readonly coin: number;
  readonly usd: number;
  readonly positions: number;
}

export function settlementRows(view: ExposureView | null, valuationTime: string | null): { rows: SettlementRow[]; totalUsd: number } {
  const t0 = valuationTime ? Date.parse(valuationTime) : NaN;
  const rows = (view?.settlements ?? []).map((s) => ({
    key: `${s.expiry}|${s.underlying}|${s.settlementCurrency}`,
    date: s.expiry.slice(0, 10),
    daysToExpiry: (s.expiryMs - t0) / 86_400_000,
    underlying: s.underlying,
    currency: s.settlementCurrency,
    forwardUsd: s.forwardUsd,
    amount: s.amount,
    coin: s.coin,
    usd: s.usd,
    positions: s.flows.length,
  }));
  return { rows, totalUsd: rows.reduce((s, r) => s + r.usd, 0) };
}

/** Cumulative USD settled up to and including each row (the running cash profile). */
export function cumulativeUsd(rows: readonly SettlementRow[]): number[] {
  let run = 0;
  return rows.map((r) => (run += r.usd));
}

export interface CarryRow {
  readonly underlying: string;
  readonly fundingRatePct: number;
  readonly source: 'input' | 'market' | 'none';
  readonly perpetualNotionalUsd: number;
  readonly fundingUsdPerDay: number;
  readonly thetaUsdPerDay: number;
  readonly netUsdPerDay: number;
}

export function carryRows(view: ExposureView | null): { rows: CarryRow[]; totals: { funding: number; theta: number; net: number } } {
  const c = view?.carry;
  const rows = Object.values(c?.byUnderlying ?? {})
    .sort((a, b) => compareUnderlyings(a.underlying, b.underlying))
    .map((u) => ({
      underlying: u.underlying,
      fundingRatePct: u.fundingRate * 100,
      source: u.fundingRateSource,
      perpetualNotionalUsd: u.perpetualNotionalUsd,
      fundingUsdPerDay: u.fundingUsdPerDay,
      thetaUsdPerDay: u.thetaUsdPerDay,
      netUsdPerDay: u.netCarryUsdPerDay,
    }));
  return { rows, totals: { funding: c?.fundingUsdPerDay ?? 0, theta: c?.thetaUsdPerDay ?? 0, net: c?.netCarryUsdPerDay ?? 0 } };
}

/** Settlement currencies of the schedule, desk order (for the per-currency totals line). */
export function settlementCurrencies(rows: readonly SettlementRow[]): string[] {
  return [...new Set(rows.map((r) => r.currency))].sort(compareCurrencies);
}
