/* eslint-disable no-loss-of-precision -- the published coefficients are kept verbatim (more digits than a double holds) so they can be checked against the source; the parser rounds them to the nearest double, as intended. */
/**
 * Standard normal distribution in double precision.
 *
 * - `normCdf`: W. J. Cody's rational Chebyshev approximations of erf/erfc ("Rational Chebyshev approximations for
 *   the error function", Math. Comp. 23 (1969) 631–637), in the arrangement of R's `pnorm` (Algorithm 715,
 *   ACM TOMS 19 (1993)). Relative error ≈ 1e-16 over the whole line, including the far tails
 *   (no cancellation: the upper tail is computed directly, never as 1 − lower).
 * - `normInv`: Acklam's rational approximation (relative error 1.15e-9) refined by one Halley step against
 *   `normCdf`, which brings it to full double precision.
 *
 * Not Abramowitz–Stegun 26.2.17 (error 7.5e-8), which is too coarse for Greeks by finite differences and for the
 * far tails used by VaR.
 *
 * Verified by: normal.test.ts (values computed with mpmath at 50 digits; symmetry; inverse round trip).
 */

const SQRT_2PI = 2.5066282746310002;
/** 1 / √(2π). */
export const INV_SQRT_2PI = 0.3989422804014327;

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326,
  11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091, 34900.952721145977266,
  38912.003286093271411, 19685.429676859990727,
];
const P = [
  0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303,
];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

const [A0, A1, A2, A3, A4] = A as [number, number, number, number, number];
const [B0, B1, B2, B3] = B as [number, number, number, number];
const [C0, C1, C2, C3, C4, C5, C6, C7, C8] = C as [number, number, number, number, number, number, number, number, number];
const [D0, D1, D2, D3, D4, D5, D6, D7] = D as [number, number, number, number, number, number, number, number];
const [P0, P1, P2, P3, P4, P5] = P as [number, number, number, number, number, number];
const [Q0, Q1, Q2, Q3, Q4] = Q as [number, number, number, number, number];

/** Standard normal density φ(x). */
export function normPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * Standard normal cumulative distribution Φ(x) = P(Z ≤ x), relative error ≈ 1e-16.
 * @example normCdf(0) // 0.5
 */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    // Central range: Φ(x) = 0.5 + x·R(x²).
    let xnum = 0;
    let xden = 0;
    if (y > 1.11e-16) {
      const xsq = x * x;
      xnum = A4 * xsq;
      xden = xsq;
      xnum = (xnum + A0) * xsq;
      xden = (xden + B0) * xsq;
      xnum = (xnum + A1) * xsq;
      xden = (xden + B1) * xsq;
      xnum = (xnum + A2) * xsq;
      xden = (xden + B2) * xsq;
    }
    return 0.5 + (x * (xnum + A3)) / (xden + B3);
  }
  let tail: number; // upper tail Q(y) = 1 − Φ(y)
  if (y <= 5.656854249492380195) {
    // √32: erfc rational approximation.
    let xnum = C8 * y;
    let xden = y;
    xnum = (xnum + C0) * y;
    xden = (xden + D0) * y;
    xnum = (xnum + C1) * y;
    xden = (xden + D1) * y;
    xnum = (xnum + C2) * y;
    xden = (xden + D2) * y;
    xnum = (xnum + C3) * y;
    xden = (xden + D3) * y;
    xnum = (xnum + C4) * y;
    xden = (xden + D4) * y;
    xnum = (xnum + C5) * y;
    xden = (xden + D5) * y;
    xnum = (xnum + C6) * y;
    xden = (xden + D6) * y;
    const r = (xnum + C7) / (xden + D7);
    // exp(−y²/2) split as exp(−ys²/2)·exp(−(y−ys)(y+ys)/2) to keep full precision (Cody).
    const ys = Math.trunc(y * 16) / 16;
    const del = (y - ys) * (y + ys);
    tail = Math.exp(-ys * ys * 0.5) * Math.exp(-del * 0.5) * r;
  } else if (y < 40) {
    // Asymptotic range.
    const xsq = 1 / (x * x);
    let xnum = P5 * xsq;
    let xden = xsq;
    xnum = (xnum + P0) * xsq;
    xden = (xden + Q0) * xsq;
    xnum = (xnum + P1) * xsq;
    xden = (xden + Q1) * xsq;
    xnum = (xnum + P2) * xsq;
    xden = (xden + Q2) * xsq;
    xnum = (xnum + P3) * xsq;
    xden = (xden + Q3) * xsq;
    let r = (xsq * (xnum + P4)) / (xden + Q4);
    r = (INV_SQRT_2PI - r) / y;
    const ys = Math.trunc(y * 16) / 16;
    const del = (y - ys) * (y + ys);
    tail = Math.exp(-ys * ys * 0.5) * Math.exp(-del * 0.5) * r;
  } else {
    tail = 0;
  }
  return x > 0 ? 1 - tail : tail;
}

// Acklam's coefficients for the initial guess of Φ⁻¹.
const IA = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const IB = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const IC = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ID = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function poly(c: readonly number[], x: number): number {
  let acc = 0;
  for (const ci of c) acc = acc * x + ci;
  return acc;
}

/**
 * Inverse standard normal Φ⁻¹(p), full double precision for p in (0, 1).
 * @throws RangeError when p is outside [0, 1].
 * @example normInv(0.99) // 2.3263478740408408
 */
export function normInv(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normInv: probability ${p} is outside [0, 1]`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(IC, q) / (poly(ID, q) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(IA, r) * q) / (poly(IB, r) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -poly(IC, q) / (poly(ID, q) * q + 1);
  }
  // One Halley step on f(x) = Φ(x) − p, using the tail that avoids cancellation.
  // For p ≥ 0.5, Φ(x) − p = (1 − p) − Φ(−x).
  const e = p < 0.5 ? normCdf(x) - p : 1 - p - normCdf(-x);
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}
