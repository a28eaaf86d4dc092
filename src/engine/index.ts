/**
 * The engine's public surface: the only module the worker, the CLI and the app's type imports use.
 * Pure TypeScript: no DOM, no React, no worker APIs (enforced by tsconfig.engine.json and ESLint).
 */
import type { MarketSnapshot } from '../domain/market.ts';
import type { MarketModel } from './market/marketModel.ts';
import { listMarketInstruments as listFromModel, type MarketInstrument } from './market/instruments.ts';
import { asMarketModel } from './risk/report.ts';

export { buildMarketModel, forwardAt, volAt, type MarketModel, type UnderlyingModel } from './market/marketModel.ts';
export { computeReport, computeReportResolved, asMarketModel, UNLISTED_EXPIRY_NOTE, formatExpiryUtc } from './risk/report.ts';
export {
  resolveBook,
  resolvePosition,
  resolveBookIncremental,
  createResolutionCache,
  isResolved,
  isSettled,
  type ResolvedPosition,
  type ResolvedBook,
  type ResolutionCache,
  type SettledPosition,
} from './resolve.ts';
export { pricePosition } from './pricers/positionPricer.ts';
export {
  hasSettled,
  optionPayoffUsd,
  settle,
  settledValueUsd,
  settledValuation,
  settledOptionRowUsd,
  type SettledAmount,
  type SettlementTerms,
} from './pricers/settlement.ts';
export { shockFor, NO_SHOCK, type PositionShock } from './pricers/shock.ts';
export { black76, black76Price } from './models/black76.ts';
export { normCdf, normInv, normPdf } from './math/normal.ts';
export type { MarketInstrument } from './market/instruments.ts';

/** Instruments the snapshot can price (for pickers). */
export function listMarketInstruments(market: MarketSnapshot | MarketModel): MarketInstrument[] {
  return listFromModel(asMarketModel(market));
}

export {
  compileBook,
  valueCompiled,
  greeksCompiled,
  settleRowsOnPath,
  newPathSettlement,
  baseScenario,
  type CompiledBook,
  type PathSettlement,
  type CompiledScenario,
  type ScenarioGreeks,
} from './risk/compiledBook.ts';
export { computeHeatmap, type HeatmapRequest, type HeatmapResult } from './views/heatmap.ts';
export { computeSpotLadder, type SpotLadderRow } from './views/spotLadder.ts';
export { computePayoff, type PayoffRequest, type PayoffResult, type PayoffCurve } from './views/payoff.ts';
export {
  computeGreekLadder,
  defaultStrikeBucket,
  LADDER_MEASURES,
  type GreekLadder,
  type LadderCell,
  type LadderMeasure,
} from './views/greekLadder.ts';
export { computeVolSurface, type VolSurfaceView } from './views/volSurface.ts';
export { range, type ViewTarget, type TargetGreeks } from './views/scenarioGrid.ts';
export { solveLp, type LinearConstraint, type LpResult } from './hedge/lp.ts';
export { listHedgeCandidates, DEFAULT_COSTS, type HedgeCandidate, type CandidateKind } from './hedge/candidates.ts';
export {
  suggestHedge,
  tradePositions,
  OPTION_STEP_COIN,
  type HedgeRequest,
  type HedgeResult,
  type HedgeTrade,
  type TargetCheck,
  type TargetGreek,
  type UnderlyingTargets,
} from './hedge/suggest.ts';
export {
  deltaField,
  deltaMeasureLabel,
  hedgeScopeLabel,
  inHedgeScope,
  HEDGE_VENUE,
  WHOLE_BOOK,
  type DeltaMeasure,
  type HedgeScope,
} from './hedge/scope.ts';
export { quoteTrade, type TradeQuote, type TradeQuoteResult } from './trade/quote.ts';
export { cashLegLabel, cashLegQuantity, entryForSide, feePerCoin, ENTRY_SIDES, type EntrySide } from './trade/cashLeg.ts';
export {
  simulateDeltaHedge,
  compareHedgePolicies,
  compileOptionsBook,
  type HedgePolicy,
  type HedgePathResult,
  type PolicySummary,
} from './hedge/simulate.ts';
export * from './margin/index.ts';
export * from './stress/index.ts';
export * from './exposure/index.ts';
export * from './var/index.ts';
export * from './var/gpuPlan.ts';
export * from './var/gpuFinish.ts';
