/**
 * What a hedge target measures: which delta (USD or coin) and over which positions (the scope).
 *
 * Delta measures, per underlying (docs/METHODOLOGY.md "Hedging"):
 * - `usd`: `deltaUsd` = ∂V_usd/∂m, the USD P&L per unit relative move of the underlying. Spot collateral counts at
 *   the index, and an inverse future's unrealised coin P&L N·(1/E − 1/F) counts too: it is a coin balance whose USD
 *   value moves with the index (deltaUsd = N·S/E, not N·S/F). Flat `deltaUsd` = a USD-neutral book.
 * - `coin`: Deribit's delta in coin (options Δ, inverse futures N/F, spot its coins). Flat coin delta leaves the
 *   USD delta Σ N·S·(1/E − 1/F) of the inverse futures (and the basis F − S of linear positions) unhedged.
 *
 * Scopes: the whole book (every venue, spot held anywhere included: the P&L the trader feels), one venue's account
 * (its positions and the coin collateral held there) or one venue's derivatives only (what its portfolio margin
 * sees: Deribit PME margins derivatives, not the collateral). Hedge trades are booked at Deribit, so a venue scope
 * other than Deribit cannot be changed by them.
 */
import type { InstrumentKind } from '../../domain/instrument.ts';

export type DeltaMeasure = 'usd' | 'coin';

/** The venue every hedge candidate trades at (the candidates are Deribit instruments). */
export const HEDGE_VENUE = 'deribit';

export interface HedgeScope {
  /** null: every venue; else only the positions held at this venue (case-insensitive). */
  readonly venue: string | null;
  /** Leave spot holdings and cash out: the derivatives alone. */
  readonly derivativesOnly?: boolean;
}

export const WHOLE_BOOK: HedgeScope = { venue: null };

/** True when a position of `kind` held at `venue` counts toward targets of `scope`. */
export function inHedgeScope(venue: string, kind: InstrumentKind | null, scope: HedgeScope): boolean {
  if (scope.venue !== null && venue.trim().toLowerCase() !== scope.venue.trim().toLowerCase()) return false;
  if (scope.derivativesOnly && (kind === 'spot' || kind === 'cash')) return false;
  return true;
}

const venueName = (v: string) => (v.toLowerCase() === 'deribit' ? 'Deribit' : v);

/** What the scope covers, as a trader would say it. */
export function hedgeScopeLabel(scope: HedgeScope): string {
  if (scope.venue === null) return scope.derivativesOnly ? 'derivatives of every venue' : 'whole book (every venue, spot included)';
  const v = venueName(scope.venue);
  return scope.derivativesOnly ? `${v} derivatives (what its margin sees)` : `${v} account (collateral included)`;
}

/** The aggregate field a delta measure targets. */
export function deltaField(measure: DeltaMeasure): 'deltaUsd' | 'delta' {
  return measure === 'usd' ? 'deltaUsd' : 'delta';
}

/** "USD delta" / "coin delta". */
export function deltaMeasureLabel(measure: DeltaMeasure): string {
  return measure === 'usd' ? 'USD delta' : 'coin delta';
}
