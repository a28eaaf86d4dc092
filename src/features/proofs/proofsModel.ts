/**
 * Pure view-models of the Proofs view and the shared-book dialog: figure rows of a statement, file names, the
 * content of a share and its one-line descriptions. Unit-tested in proofsModel.test.ts.
 */
import type { Portfolio } from '../../domain/position.ts';
import type { CurrencyFigures } from '../../proof/figures.ts';
import type { SharedContent } from '../../proof/share.ts';
import { formatCoin, formatNumber, formatPercent, formatUsd, formatUtc, MINUS } from '../../lib/format.ts';

export interface FigureRow {
  readonly ccy: string;
  readonly im: string;
  readonly mm: string;
  readonly equity: string;
  readonly ratio: string;
  readonly covers: boolean;
  /** Unrounded values for data-value hooks. */
  readonly raw: CurrencyFigures;
}

/** An amount of a currency: USD-like currencies with 2 decimals, coins with 4 (as the margin view). */
export function formatAmount(x: number, ccy: string): string {
  return ccy === 'USDC' || ccy === 'USD' || ccy === 'USDT' ? formatUsd(x, { digits: 2 }) : formatCoin(x);
}

export function figureRows(currencies: Readonly<Record<string, CurrencyFigures>>): FigureRow[] {
  return Object.entries(currencies).map(([ccy, f]) => ({
    ccy,
    im: formatAmount(f.initialMargin, ccy),
    mm: formatAmount(f.maintenanceMargin, ccy),
    equity: formatAmount(f.equity, ccy),
    ratio: f.marginRatio === null ? 'under water' : `${formatPercent(f.marginRatio, 2)} %`,
    covers: f.equityCoversMaintenance,
    raw: f,
  }));
}

/** `riskdeck-margin-proof-20260822-0350.json` from the valuation time (UTC). */
export function proofFileName(kind: 'proof' | 'opening' | 'inclusion' | 'shared-book', iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = Number.isNaN(d.getTime())
    ? 'undated'
    : `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
  const base = {
    proof: 'riskdeck-margin-proof',
    opening: 'riskdeck-margin-opening',
    inclusion: 'riskdeck-margin-inclusion',
    'shared-book': 'riskdeck-shared-book',
  }[kind];
  return `${base}-${stamp}.json`;
}

export interface WhatIfInputs {
  readonly spotPct: Readonly<Record<string, number>>;
  readonly volPts: number;
  readonly days: number;
}

/** "spot BTC −10 %, ETH +5 %; vol +5 pts; 1 day forward", or "no shock". */
export function describeWhatIf(w: WhatIfInputs): string {
  const signed = (x: number, digits = 2) => `${x > 0 ? '+' : x < 0 ? MINUS : ''}${formatNumber(Math.abs(x), digits).replace(/\.?0+$/, '')}`;
  const parts: string[] = [];
  const spots = Object.entries(w.spotPct).filter(([, v]) => v !== 0);
  if (spots.length > 0) parts.push(`spot ${spots.map(([ul, v]) => `${ul} ${signed(v)} %`).join(', ')}`);
  if (w.volPts !== 0) parts.push(`vol ${signed(w.volPts)} pts`);
  if (w.days !== 0) parts.push(`${formatNumber(w.days, 2).replace(/\.?0+$/, '')} day${w.days === 1 ? '' : 's'} forward`);
  return parts.length === 0 ? 'no shock' : parts.join('; ');
}

/** Positions per underlying, in first-seen order: "BTC 18 · ETH 12 · USDC 3". */
export function underlyingCounts(p: Portfolio): string {
  const counts = new Map<string, number>();
  for (const pos of p.positions) {
    const ul = pos.instrument.trim().toUpperCase().split(/[-_]/)[0] ?? pos.instrument;
    counts.set(ul, (counts.get(ul) ?? 0) + 1);
  }
  return [...counts].map(([ul, n]) => `${ul} ${n}`).join(' · ');
}

export interface ShareChoice {
  readonly includeMarket: boolean;
  readonly includeWhatIf: boolean;
}

/** The book a share carries: without what-if rows unless the what-if is shared. */
export function sharedBook(p: Portfolio, includeWhatIf: boolean): Portfolio {
  return includeWhatIf ? p : { ...p, positions: p.positions.filter((x) => !x.whatIf) };
}

export interface ShareState {
  readonly bookJson: string;
  readonly market: SharedContent['market'] | null;
  readonly whatIf: WhatIfInputs | null;
}

/** The plaintext of a share. */
export function sharedContent(s: ShareState, now: Date): SharedContent {
  return {
    format: 'riskdeck-shared-book',
    version: 1,
    createdAt: now.toISOString(),
    book: s.bookJson,
    ...(s.market ? { market: s.market } : {}),
    ...(s.whatIf ? { whatIf: { spotPct: { ...s.whatIf.spotPct }, volPts: s.whatIf.volPts, days: s.whatIf.days } } : {}),
  };
}

/** One line about a shared market: "Market of 2026-08-22 03:50 UTC (default-market.json), 1 override". */
export function describeSharedMarket(m: NonNullable<SharedContent['market']>, valuationTime: string | null): string {
  const n = Object.keys(m.overrides.spot).length + Object.keys(m.overrides.volPts).length;
  return `Market of ${formatUtc(valuationTime)} (${m.fileName})${n > 0 ? `, ${n} hand override${n === 1 ? '' : 's'}` : ''}`;
}
