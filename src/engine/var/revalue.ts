/**
 * Full-revaluation kernel for VaR scenarios: the compiled book's valuation (risk/compiledBook.ts `valueCompiled`,
 * same formulas, same netted rows) specialised for the two things VaR needs and `valueCompiled` cannot do:
 *
 * 1. a vol change proportional to each option's own vol, per underlying (historical simulation with DVOL):
 *      σ = max(σ0 · ρ_u, 1e-4), ρ_u = DVOL_t / DVOL_{t−1} of the option's underlying, i.e. the vol shift
 *      σ0 · (ρ_u − 1) of METHODOLOGY.md §5 ("the relative DVOL change applied to the option's own vol");
 *      `CompiledScenario.volShift` is one parallel number, so this cannot be expressed as a CompiledScenario;
 * 2. speed for Monte Carlo: per option, ln(F0/K) and σ0√T0 are computed once, so a path costs per option one
 *    multiply-add for ln(F/K) = ln(F0/K) + ln g_u, one division and two normal CDFs (Cody, as valueCompiled).
 *
 * Scenario: spot growth g_u = 1 + r_u per underlying (index, perpetual and forwards × g_u), vols as above (ρ = 1:
 * unchanged), valuation time unchanged (VaR scenarios are instantaneous: PRODUCT.md "vols and time unchanged").
 * An option row with T0 ≤ 0 (only a hand-built compiled book has one: resolution keeps expired positions out of the
 * book) is its settled amount at the shocked forward (pricers/settlement.ts), delta-one rows are a + b·g, cash
 * constant — exactly as valueCompiled. P&L is measured against the kernel's own base value (g = 1, ρ = 1), so the base
 * scenario has P&L exactly 0.
 *
 * `positionKernel`/`positionValues`: the same formulas with one row per resolved position (no netting), for the
 * per-position component allocation (a pricePosition call per position and tail scenario would cost ~25× more).
 *
 * Verified by: revalue.test.ts (equal to valueCompiled to 1e-12 relative for random spot scenarios; with vol ratios,
 * equal to the per-position pricers with a per-position vol shift σ0(ρ − 1); per-underlying split sums to the total;
 * the per-position kernel equals pricePosition for every position).
 */
import type { CompiledBook } from '../risk/compiledBook.ts';
import type { ResolvedPosition } from '../resolve.ts';
import { normCdf } from '../math/normal.ts';
import { MIN_VOL } from '../../domain/scenario.ts';
import { optionPayoffUsd } from '../pricers/settlement.ts';

/**
 * Smallest spot growth a VaR scenario may apply (a price cannot fall below zero; only a filtered historical return
 * or a fat-tailed Monte Carlo draw below −100 % reaches it).
 */
export const GROWTH_FLOOR = 1e-6;

/** Precomputed per-option constants of a compiled book. */
export interface RevalKernel {
  readonly nUl: number;
  readonly nOpt: number;
  readonly ul: Int32Array;
  readonly forward0: Float64Array;
  readonly strike: Float64Array;
  /** ln(F0 / K). */
  readonly lnFK: Float64Array;
  /** Base vol σ0 (NaN for expired rows). */
  readonly vol0: Float64Array;
  /** √T0 (0 for expired rows). */
  readonly sqrtT0: Float64Array;
  /** max(σ0, 1e-4)·√T0: the unshocked standard deviation. */
  readonly sd0: Float64Array;
  /** 1 call, 0 put. */
  readonly isCall: Uint8Array;
  /** 1 when T0 ≤ 0 (intrinsic). */
  readonly expired: Uint8Array;
  /** USD per USD of Black-76 price. */
  readonly weight: Float64Array;
  readonly d1Const: Float64Array;
  readonly d1Slope: Float64Array;
  readonly cashUsd: number;
  /** Kernel value at the base (g = 1, ρ = 1), total and per underlying. */
  readonly baseValueUsd: number;
  readonly basePerUl: Float64Array;
}

const cache = new WeakMap<CompiledBook, RevalKernel>();

/** The kernel of a compiled book (cached per book object). */
export function revalKernel(book: CompiledBook): RevalKernel {
  // Compiled books are immutable, so the kernel is cached by identity (a new book object gets a new kernel).
  const hit = cache.get(book);
  if (hit) return hit;
  const n = book.nOptions;
  const lnFK = new Float64Array(n);
  const sqrtT0 = new Float64Array(n);
  const sd0 = new Float64Array(n);
  const expired = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const T0 = book.optTte0[i]!;
    lnFK[i] = Math.log(book.optForward0[i]! / book.optStrike[i]!);
    if (T0 <= 0) {
      expired[i] = 1;
      continue;
    }
    sqrtT0[i] = Math.sqrt(T0);
    const sigma = book.optVol0[i]! < MIN_VOL ? MIN_VOL : book.optVol0[i]!;
    sd0[i] = sigma * sqrtT0[i]!;
  }
  const partial: RevalKernel = {
    nUl: book.underlyings.length,
    nOpt: n,
    ul: book.optUl,
    forward0: book.optForward0,
    strike: book.optStrike,
    lnFK,
    vol0: book.optVol0,
    sqrtT0,
    sd0,
    isCall: book.optIsCall,
    expired,
    weight: book.optWeight,
    d1Const: book.d1Const,
    d1Slope: book.d1Slope,
    cashUsd: book.cashUsd,
    baseValueUsd: 0,
    basePerUl: new Float64Array(book.underlyings.length),
  };
  const basePerUl = new Float64Array(partial.nUl);
  const ones = new Float64Array(partial.nUl).fill(1);
  const baseValueUsd = kernelValue(partial, ones, null, basePerUl);
  const kernel = { ...partial, baseValueUsd, basePerUl };
  cache.set(book, kernel);
  return kernel;
}

/**
 * USD value of the book with spot growth `growth[u]` and (optionally) vol ratio `volRatio[u]` per underlying.
 * @param perUl optional output: value per underlying (cash excluded)
 * @param lnGrowthScratch optional scratch of length nUl (avoids an allocation per call)
 */
export function kernelValue(
  k: RevalKernel,
  growth: ArrayLike<number>,
  volRatio: ArrayLike<number> | null,
  perUl: Float64Array | null,
  lnGrowthScratch?: Float64Array,
): number {
  const nUl = k.nUl;
  const lng = lnGrowthScratch ?? new Float64Array(nUl);
  let total = k.cashUsd;
  // Delta-one rows are affine in g; ln g is computed once per underlying, not once per option.
  for (let u = 0; u < nUl; u++) {
    const g = growth[u]!;
    lng[u] = Math.log(g);
    const v = k.d1Const[u]! + k.d1Slope[u]! * g;
    total += v;
    if (perUl) perUl[u] = v;
  }
  const { ul, forward0, strike, lnFK, vol0, sqrtT0, sd0, isCall, expired, weight } = k;
  for (let i = 0; i < k.nOpt; i++) {
    const u = ul[i]!;
    const F = forward0[i]! * growth[u]!;
    const K = strike[i]!;
    let price: number;
    if (expired[i] === 1) {
      price = optionPayoffUsd(isCall[i] === 1, K, F);
    } else {
      let sd = sd0[i]!;
      if (volRatio !== null) {
        // DVOL scenario: the option's own vol scaled by its underlying's ratio, floored as every shocked vol.
        let sigma = vol0[i]! * volRatio[u]!;
        if (sigma < MIN_VOL) sigma = MIN_VOL;
        sd = sigma * sqrtT0[i]!;
      }
      // ln(F/K) = ln(F0/K) + ln g: the same d1 as valueCompiled's ln(F0·g/K), to rounding.
      const d1 = (lnFK[i]! + lng[u]!) / sd + 0.5 * sd;
      price = isCall[i] === 1 ? F * normCdf(d1) - K * normCdf(d1 - sd) : K * normCdf(sd - d1) - F * normCdf(-d1);
    }
    const val = price * weight[i]!;
    total += val;
    if (perUl) perUl[u]! += val;
  }
  return total;
}

/**
 * Scenario P&L (value − base value) of the book, and optionally per underlying.
 * @param perUlPnl optional output: P&L per underlying
 */
export function kernelPnl(
  k: RevalKernel,
  growth: ArrayLike<number>,
  volRatio: ArrayLike<number> | null,
  perUlPnl?: Float64Array | null,
  scratch?: Float64Array,
): number {
  const v = kernelValue(k, growth, volRatio, perUlPnl ?? null, scratch);
  if (perUlPnl) for (let u = 0; u < k.nUl; u++) perUlPnl[u]! -= k.basePerUl[u]!;
  return v - k.baseValueUsd;
}

// ---------------------------------------------------------------------------------------------------------------
// Per-position kernel (component VaR per position): the same formulas, one row per resolved position, no netting.

/** One row per resolved position: value = a + b·g (delta-one, spot; cash a constant) or weight·Black-76 (options). */
export interface PositionKernel {
  readonly n: number;
  /** Underlying index per position, −1 for cash or an underlying not in the list (P&L 0). */
  readonly ul: Int32Array;
  /** 1 option, 0 affine. */
  readonly isOption: Uint8Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly forward0: Float64Array;
  readonly strike: Float64Array;
  readonly lnFK: Float64Array;
  readonly vol0: Float64Array;
  readonly sqrtT0: Float64Array;
  readonly sd0: Float64Array;
  readonly weight: Float64Array;
  readonly isCall: Uint8Array;
  readonly expired: Uint8Array;
  /** Value at the base (g = 1, ρ = 1). */
  readonly base: Float64Array;
}

/** Build the per-position kernel of `positions` (as compileBook rearranges them, without netting). */
export function positionKernel(positions: readonly ResolvedPosition[], underlyings: readonly string[]): PositionKernel {
  const n = positions.length;
  const idx = new Map(underlyings.map((u, i) => [u, i] as const));
  const k = {
    n,
    ul: new Int32Array(n).fill(-1),
    isOption: new Uint8Array(n),
    a: new Float64Array(n),
    b: new Float64Array(n),
    forward0: new Float64Array(n),
    strike: new Float64Array(n),
    lnFK: new Float64Array(n),
    vol0: new Float64Array(n),
    sqrtT0: new Float64Array(n),
    sd0: new Float64Array(n),
    weight: new Float64Array(n),
    isCall: new Uint8Array(n),
    expired: new Uint8Array(n),
    base: new Float64Array(n),
  };
  positions.forEach((rp, p) => {
    if (rp.path === 'cash') return;
    const u = idx.get(rp.instrument.underlying);
    if (u === undefined) return;
    k.ul[p] = u;
    const q = rp.quantityCoin;
    switch (rp.path) {
      case 'inverseOption':
      case 'linearOption': {
        k.isOption[p] = 1;
        k.forward0[p] = rp.forward0;
        k.strike[p] = rp.strike;
        k.lnFK[p] = Math.log(rp.forward0 / rp.strike);
        k.vol0[p] = rp.vol0;
        k.weight[p] = rp.path === 'inverseOption' ? (q * rp.index0) / rp.forward0 : q;
        k.isCall[p] = rp.isCall ? 1 : 0;
        if (rp.tteYears0 <= 0) k.expired[p] = 1;
        else {
          k.sqrtT0[p] = Math.sqrt(rp.tteYears0);
          k.sd0[p] = Math.max(rp.vol0, MIN_VOL) * k.sqrtT0[p]!;
        }
        break;
      }
      case 'inverseDelta1':
        k.b[p] = (rp.notionalUsd * rp.index0) / rp.entryUsd;
        k.a[p] = -(rp.notionalUsd * rp.index0) / rp.forward0;
        break;
      case 'linearDelta1':
        k.b[p] = q * rp.forward0;
        k.a[p] = -q * rp.entryUsd;
        break;
      case 'spot':
        k.b[p] = q * rp.index0;
        break;
    }
  });
  // Base values from the same kernel, so P&L at g = 1 is exactly 0 per position.
  const ones = new Float64Array(underlyings.length).fill(1);
  positionValues(k, ones, null, k.base);
  return k;
}

/** Value of every position (USD) with spot growth and optional vol ratio per underlying, into `out`. */
export function positionValues(
  k: PositionKernel,
  growth: ArrayLike<number>,
  volRatio: ArrayLike<number> | null,
  out: Float64Array,
): Float64Array {
  for (let p = 0; p < k.n; p++) {
    const u = k.ul[p]!;
    if (u < 0) {
      out[p] = 0;
      continue;
    }
    const g = growth[u]!;
    if (k.isOption[p] === 0) {
      out[p] = k.a[p]! + k.b[p]! * g;
      continue;
    }
    const F = k.forward0[p]! * g;
    const K = k.strike[p]!;
    let price: number;
    if (k.expired[p] === 1) {
      price = optionPayoffUsd(k.isCall[p] === 1, K, F);
    } else {
      let sd = k.sd0[p]!;
      if (volRatio !== null) {
        let sigma = k.vol0[p]! * volRatio[u]!;
        if (sigma < MIN_VOL) sigma = MIN_VOL;
        sd = sigma * k.sqrtT0[p]!;
      }
      const d1 = (k.lnFK[p]! + Math.log(g)) / sd + 0.5 * sd;
      price = k.isCall[p] === 1 ? F * normCdf(d1) - K * normCdf(d1 - sd) : K * normCdf(sd - d1) - F * normCdf(-d1);
    }
    out[p] = price * k.weight[p]!;
  }
  return out;
}
