/**
 * The risk report (PRODUCT.md "Report JSON"): every position valued at the base market with its Greeks, the
 * aggregates by underlying, the rows that could not be read or valued, and optionally one scenario's P&L (full
 * revaluation of every position in the shocked market; P&L = value after − value before, USD).
 */
import type { MarketSnapshot } from '../../domain/market.ts';
import type { Portfolio } from '../../domain/position.ts';
import type { PositionResult, RiskReport, ScenarioResult, SettledResult } from '../../domain/results.ts';
import type { Scenario } from '../../domain/scenario.ts';
import { buildMarketModel, type MarketModel } from '../market/marketModel.ts';
import { pnlVsEntryUsd, pricePosition } from '../pricers/positionPricer.ts';
import { NO_SHOCK, shockFor } from '../pricers/shock.ts';
import { resolveBook, type ResolvedBook, type ResolvedPosition, type SettledPosition } from '../resolve.ts';
import { aggregateByUnderlying } from './aggregate.ts';

function toResult(rp: ResolvedPosition, v: ReturnType<typeof pricePosition>): PositionResult {
  const p = rp.position;
  return {
    id: p.id,
    line: p.line ?? null,
    instrument: p.instrument,
    kind: rp.instrument.kind,
    settlement: rp.instrument.settlement,
    underlying: rp.instrument.underlying,
    quantity: p.quantity,
    unit: rp.unit,
    quantityCoin: rp.quantityCoin,
    markPrice: v.markPrice,
    iv: v.iv,
    forward: v.forward,
    valueUsd: v.valueUsd,
    delta: v.delta,
    gamma: v.gamma,
    vega: v.vega,
    theta: v.theta,
    rho: v.rho,
    deltaUsd: v.deltaUsd,
    gammaUsd1pct: v.gammaUsd1pct,
    vegaStd: v.vegaStd,
    deltaTotal: v.deltaTotal,
    tteYears: v.tteYears,
    pnlVsEntryUsd: pnlVsEntryUsd(rp, v),
    whatIf: p.whatIf ?? false,
    venue: p.venue,
    label: p.label,
    expiryListed: rp.expiryListed,
  };
}

/** The grid's and the import report's flag for an expiry the snapshot does not quote. */
export const UNLISTED_EXPIRY_NOTE = 'not listed in this market; value interpolated';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** `27 Dec 2024 08:00 UTC`. */
export function formatExpiryUtc(expiryMs: number): string {
  const d = new Date(expiryMs);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hh}:${mm} UTC`;
}

const fmt = (x: number, digits: number) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "expired on 27 Dec 2024 08:00 UTC, settled at 94,532.12 USD: +0.7306 BTC (…)", or why the amount is unknown. */
export function settledMessage(sp: SettledPosition): string {
  const head = `expired on ${formatExpiryUtc(sp.expiryMs)}, settled`;
  const tail = 'no Greeks, in no figure';
  if (!sp.payout || sp.valueUsd === null || sp.settlementPriceUsd === null) {
    return `${head}; settlement amount unknown (${sp.unknownReason ?? 'no settlement price'}); ${tail}`;
  }
  const ccy = sp.payout.unit === 'coin' ? sp.instrument.underlying : 'USDC';
  const sign = sp.payout.amount > 0 ? '+' : '';
  const amount = sp.payout.unit === 'coin' ? `${sign}${fmt(sp.payout.amount, 4)} ${ccy}` : `${sign}${fmt(sp.payout.amount, 2)} USDC`;
  const usd = sp.payout.unit === 'coin' ? ` (${fmt(sp.valueUsd, 0)} USD at the index now)` : '';
  return `${head} at ${fmt(sp.settlementPriceUsd, 2)} USD into ${amount}${usd}; ${tail}`;
}

function toSettledResult(sp: SettledPosition): SettledResult {
  const p = sp.position;
  const inverse = sp.instrument.settlement === 'inverse';
  return {
    id: p.id,
    line: p.line ?? null,
    instrument: p.instrument,
    kind: sp.instrument.kind,
    settlement: sp.instrument.settlement,
    underlying: sp.instrument.underlying,
    quantity: p.quantity,
    unit: sp.unit,
    expiry: new Date(sp.expiryMs).toISOString(),
    settlementPriceUsd: sp.settlementPriceUsd,
    payout: sp.payout?.amount ?? null,
    payoutCurrency: inverse ? sp.instrument.underlying : 'USDC',
    valueUsd: sp.valueUsd,
    message: settledMessage(sp),
    whatIf: p.whatIf ?? false,
    venue: p.venue,
    label: p.label,
  };
}

/**
 * Base (unshocked) valuations, computed once per resolved position: a what-if step only reprices the shock, and a
 * book edit that keeps most resolved positions (see resolveBookIncremental) reprices only the changed ones.
 */
const baseCache = new WeakMap<ResolvedPosition, ReturnType<typeof pricePosition>>();
function baseValuations(book: ResolvedBook) {
  return book.positions.map((rp) => {
    let v = baseCache.get(rp);
    if (!v) {
      v = pricePosition(rp, NO_SHOCK);
      baseCache.set(rp, v);
    }
    return { rp, v };
  });
}

/** True when the scenario changes nothing: no spot move, vol shift or days. */
export function isNoOpScenario(s: Scenario): boolean {
  const spotMoves = s.spot ? Object.values(s.spot) : [];
  return (s.spotAll ?? 0) === 0 && spotMoves.every((m) => m === 0) && (s.vol ?? 0) === 0 && (s.days ?? 0) === 0;
}

/** Accept a snapshot or an already-built model (the worker caches models). */
export function asMarketModel(market: MarketSnapshot | MarketModel): MarketModel {
  return 'underlyings' in market && market.underlyings instanceof Map
    ? (market as MarketModel)
    : buildMarketModel(market as MarketSnapshot);
}

/**
 * Value a portfolio and, when `scenario` is given, its scenario P&L.
 * @param portfolio the book; positions with `excluded: true` are skipped
 * @param market snapshot (or built model)
 * @param scenario optional `{ spot | spotAll, vol, days }` (decimals, days)
 * @returns the report; positions that cannot be valued are in `errors[]` with their line and reason
 */
export function computeReport(portfolio: Portfolio, market: MarketSnapshot | MarketModel, scenario?: Scenario): RiskReport {
  const model = asMarketModel(market);
  return computeReportResolved(resolveBook(portfolio, model), model, scenario);
}

/**
 * The report of an already-resolved book: what a what-if step costs once the book and market are resolved
 * (the worker caches the resolution until the book or the market changes).
 */
export function computeReportResolved(book: ResolvedBook, model: MarketModel, scenario?: Scenario): RiskReport {
  const base = baseValuations(book);
  const positions = base.map(({ rp, v }) => toResult(rp, v));
  const totalValueUsd = base.reduce((s, { v }) => s + v.valueUsd, 0);
  const report: RiskReport = {
    valuationTime: model.valuationTime,
    positions,
    byUnderlying: aggregateByUnderlying(base),
    errors: book.errors,
    totalValueUsd,
    settled: book.settled.map(toSettledResult),
  };
  if (!scenario) return report;

  // A scenario that moves nothing (the app always sends one) values exactly like the base: reuse it.
  const after = isNoOpScenario(scenario)
    ? base
    : book.positions.map((rp) => ({
        rp,
        v: pricePosition(rp, shockFor(scenario, rp.instrument.underlying, rp.path === 'cash')),
      }));
  const pnlByUnderlyingUsd: Record<string, number> = {};
  const valueUsdAfterById: Record<string, number> = {};
  let pnlUsd = 0;
  let valueUsdAfter = 0;
  after.forEach(({ rp, v }, i) => {
    const pnl = v.valueUsd - base[i]!.v.valueUsd;
    pnlUsd += pnl;
    valueUsdAfter += v.valueUsd;
    const ul = rp.instrument.underlying;
    pnlByUnderlyingUsd[ul] = (pnlByUnderlyingUsd[ul] ?? 0) + pnl;
    valueUsdAfterById[rp.position.id] = v.valueUsd;
  });
  const scenarioResult: ScenarioResult = {
    spot: scenario.spot ?? scenario.spotAll ?? 0,
    vol: scenario.vol ?? 0,
    days: scenario.days ?? 0,
    pnlUsd,
    pnlByUnderlyingUsd,
    valueUsdAfter,
    byUnderlyingAfter: aggregateByUnderlying(after),
    valueUsdAfterById,
  };
  return { ...report, scenario: scenarioResult };
}
