/**
 * Bracketed root finding: Brent's method (inverse quadratic interpolation, secant and bisection steps, with
 * bisection guaranteeing convergence inside the bracket).
 *
 * Conventions: f continuous on [a, b] with f(a)·f(b) ≤ 0; returns x with |bracket| ≤ 2·tol (or f(x) = 0).
 * References: R. P. Brent, "Algorithms for Minimization without Derivatives" (1973), ch. 4 (zero); the
 * arrangement of Numerical Recipes 3rd ed. §9.3 (zbrent).
 * Verified by: liquidation.test.ts (polynomial roots, a root at a bracket end, no sign change → null).
 */

/**
 * Root of f in [a, b] by Brent's method.
 * @param fa, fb optional precomputed f(a), f(b)
 * @returns the root, or null when f(a) and f(b) have the same strict sign
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, tol = 1e-10, maxIter = 200, fa = f(a), fb = f(b)): number | null {
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (Math.sign(fa) === Math.sign(fb)) return null;
  let c = b;
  let fc = fb;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < maxIter; iter++) {
    if (Math.sign(fb) === Math.sign(fc)) {
      // Keep the root between b and c.
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      // Attempt inverse quadratic interpolation (secant when only two points differ).
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      const min1 = 3 * xm * q - Math.abs(tol1 * q);
      const min2 = Math.abs(e * q);
      if (2 * p < Math.min(min1, min2)) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm >= 0 ? tol1 : -tol1;
    fb = f(b);
  }
  return b;
}
