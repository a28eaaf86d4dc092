/**
 * Payoff chart data (PRODUCT.md §6): P&L against the target underlying's spot, today (the what-if's days), at
 * chosen later dates and at each expiry of the book's options on that underlying, with breakevens. Other
 * dimensions (vol shift, other underlyings' moves) come from the what-if scenario. At an expiry, options of that
 * expiry and earlier settle at intrinsic; later ones keep their remaining time value.
 * Verified by: views.test.ts (curves equal direct revaluations; breakevens are zeros of the curve).
 */
import type { Scenario } from '../../domain/scenario.ts';
import type { CompiledBook } from '../risk/compiledBook.ts';
import { DAYS_PER_YEAR } from '../market/time.ts';
import { range, rowEvaluator } from './scenarioGrid.ts';

export interface PayoffCurve {
  /** 'today', '+7d', 'expiry 25SEP26', … */
  readonly label: string;
  /** Days forward from the valuation time. */
  readonly days: number;
  /** P&L (USD) at each x. */
  readonly pnlUsd: number[];
  /** Spot prices (USD) where the curve crosses zero (linear interpolation between points). */
  readonly breakevensUsd: number[];
}

export interface PayoffResult {
  readonly underlying: string;
  /** x axis: spot prices (USD). */
  readonly spotUsd: number[];
  /** Current spot in the what-if scenario (USD). */
  readonly currentSpotUsd: number;
  readonly curves: PayoffCurve[];
}

export interface PayoffRequest {
  readonly underlying: string;
  readonly base: Scenario;
  /** Extra dates as days from the valuation time (e.g. [7, 30]). */
  readonly dateOffsetsDays?: readonly number[];
  /** Include one curve per option expiry, nearest first (up to `maxExpiries`, default 5). */
  readonly maxExpiries?: number;
  /** x range as moves in percent. */
  readonly fromPct?: number;
  readonly toPct?: number;
  /** Number of x points (default 61: 1.67 % apart over ±50 %). */
  readonly points?: number;
}

function zeros(xs: readonly number[], ys: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < ys.length; i++) {
    const a = ys[i - 1]!;
    const b = ys[i]!;
    if (a === 0) out.push(xs[i - 1]!);
    else if (a * b < 0) out.push(xs[i - 1]! + ((xs[i]! - xs[i - 1]!) * a) / (a - b));
  }
  if (ys.length > 0 && ys[ys.length - 1] === 0) out.push(xs[xs.length - 1]!);
  return out;
}

export function computePayoff(book: CompiledBook, req: PayoffRequest): PayoffResult {
  const u = book.underlyings.indexOf(req.underlying);
  const S0 = u >= 0 ? book.index0[u]! : NaN;
  const from = req.fromPct ?? -50;
  const to = req.toPct ?? 50;
  const n = req.points ?? 61;
  const moves = range(from, to, (to - from) / (n - 1));
  const spotUsd = moves.map((m) => S0 * (1 + m / 100));
  const todayDays = req.base.days ?? 0;
  const curvesSpec: { label: string; days: number }[] = [{ label: 'today', days: todayDays }];
  for (const d of req.dateOffsetsDays ?? [7, 30]) curvesSpec.push({ label: `+${d}d`, days: todayDays + d });
  const expiries = new Set<number>();
  for (let i = 0; i < book.nOptions; i++) {
    if (book.optUl[i] === u && book.optTte0[i]! > 0) expiries.add(book.optTte0[i]!);
  }
  [...expiries]
    .sort((a, b) => a - b)
    .slice(0, req.maxExpiries ?? 5)
    .forEach((tte) => {
      const days = tte * DAYS_PER_YEAR;
      curvesSpec.push({ label: `expiry +${days.toFixed(1)}d`, days });
    });
  const curves = curvesSpec
    .filter((c) => c.days >= todayDays)
    .map((c) => {
      const evaluate = rowEvaluator(book, req.base, req.underlying, { days: c.days });
      const pnlUsd = Array.from(evaluate.values(moves.map((m) => m / 100)), (v) => v - book.baseValueUsd);
      return { label: c.label, days: c.days, pnlUsd, breakevensUsd: zeros(spotUsd, pnlUsd) };
    });
  const currentMove = req.base.spot?.[req.underlying] ?? req.base.spotAll ?? 0;
  return { underlying: req.underlying, spotUsd, currentSpotUsd: S0 * (1 + currentMove), curves };
}
