/**
 * A small dense linear-program solver: minimise cᵀx subject to A x (≤ | = | ≥) b, x ≥ 0.
 *
 * Two-phase simplex on a dense tableau with Bland's rule (no cycling). Sized for hedge problems: tens of
 * variables, a handful of constraints. Every right-hand side is made non-negative first; phase 1 minimises the sum
 * of artificial variables (a positive optimum means infeasible), phase 2 the objective.
 *
 * Reference: Bertsimas & Tsitsiklis, "Introduction to Linear Optimization" (1997) §3.5 (two-phase), §3.4 (Bland).
 * Verified by: lp.test.ts (textbook problems with known optima, infeasible and unbounded cases, equality rows).
 */

export type ConstraintSense = '<=' | '=' | '>=';

export interface LinearConstraint {
  readonly coefficients: readonly number[];
  readonly sense: ConstraintSense;
  readonly rhs: number;
}

export type LpResult =
  | { readonly status: 'optimal'; readonly x: number[]; readonly objective: number }
  | { readonly status: 'infeasible' }
  | { readonly status: 'unbounded' };

const EPS = 1e-9;

/**
 * Solve min cᵀx, A x ⋚ b, x ≥ 0.
 * @param cost objective coefficients c (length n)
 * @param constraints rows of A with sense and b
 */
export function solveLp(cost: readonly number[], constraints: readonly LinearConstraint[]): LpResult {
  const n = cost.length;
  const m = constraints.length;
  // Normalise to b ≥ 0.
  const rows = constraints.map((c) => {
    if (c.rhs >= 0) return { a: [...c.coefficients], sense: c.sense, b: c.rhs };
    const flipped: ConstraintSense = c.sense === '<=' ? '>=' : c.sense === '>=' ? '<=' : '=';
    return { a: c.coefficients.map((v) => -v), sense: flipped, b: -c.rhs };
  });
  const nSlack = rows.filter((r) => r.sense !== '=').length;
  const nArt = rows.filter((r) => r.sense !== '<=').length;
  const width = n + nSlack + nArt + 1; // last column = rhs
  const tableau: number[][] = [];
  const basis: number[] = [];
  const artificial: number[] = [];
  let slackCol = n;
  let artCol = n + nSlack;
  for (const r of rows) {
    const row = new Array<number>(width).fill(0);
    for (let j = 0; j < n; j++) row[j] = r.a[j] ?? 0;
    row[width - 1] = r.b;
    if (r.sense === '<=') {
      row[slackCol] = 1;
      basis.push(slackCol++);
    } else if (r.sense === '>=') {
      row[slackCol++] = -1;
      row[artCol] = 1;
      artificial.push(artCol);
      basis.push(artCol++);
    } else {
      row[artCol] = 1;
      artificial.push(artCol);
      basis.push(artCol++);
    }
    tableau.push(row);
  }

  const pivot = (pr: number, pc: number) => {
    const prow = tableau[pr]!;
    const pv = prow[pc]!;
    for (let j = 0; j < width; j++) prow[j] = prow[j]! / pv;
    for (let i = 0; i < m; i++) {
      if (i === pr) continue;
      const row = tableau[i]!;
      const f = row[pc]!;
      if (Math.abs(f) < 1e-15) continue;
      for (let j = 0; j < width; j++) row[j] = row[j]! - f * prow[j]!;
    }
    basis[pr] = pc;
  };

  /** Run simplex on objective `obj` (length width−1) over allowed columns; false if unbounded. */
  const simplex = (obj: readonly number[], allowed: (j: number) => boolean): boolean => {
    for (let iter = 0; iter < 10_000; iter++) {
      // Reduced costs r_j = c_j − c_Bᵀ B⁻¹ A_j.
      let enter = -1;
      for (let j = 0; j < width - 1; j++) {
        if (!allowed(j) || basis.includes(j)) continue;
        let r = obj[j]!;
        for (let i = 0; i < m; i++) r -= obj[basis[i]!]! * tableau[i]![j]!;
        if (r < -EPS) {
          enter = j; // Bland: smallest index
          break;
        }
      }
      if (enter < 0) return true;
      let leave = -1;
      let best = Infinity;
      for (let i = 0; i < m; i++) {
        const a = tableau[i]![enter]!;
        if (a > EPS) {
          const ratio = tableau[i]![width - 1]! / a;
          if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && leave >= 0 && basis[i]! < basis[leave]!)) {
            best = ratio;
            leave = i;
          }
        }
      }
      if (leave < 0) return false;
      pivot(leave, enter);
    }
    throw new Error('solveLp: iteration limit reached');
  };

  // Phase 1.
  if (artificial.length > 0) {
    const obj1 = new Array<number>(width - 1).fill(0);
    for (const a of artificial) obj1[a] = 1;
    simplex(obj1, () => true);
    let infeas = 0;
    for (let i = 0; i < m; i++) if (artificial.includes(basis[i]!)) infeas += tableau[i]![width - 1]!;
    if (infeas > 1e-7 * Math.max(1, ...rows.map((r) => Math.abs(r.b)))) return { status: 'infeasible' };
    // Drive remaining (zero-level) artificials out of the basis where possible.
    for (let i = 0; i < m; i++) {
      if (!artificial.includes(basis[i]!)) continue;
      const j = tableau[i]!.findIndex((v, col) => col < n + nSlack && Math.abs(v) > EPS);
      if (j >= 0) pivot(i, j);
    }
  }
  // Phase 2 (artificial columns barred).
  const obj2 = new Array<number>(width - 1).fill(0);
  for (let j = 0; j < n; j++) obj2[j] = cost[j]!;
  if (!simplex(obj2, (j) => j < n + nSlack)) return { status: 'unbounded' };
  const x = new Array<number>(n).fill(0);
  for (let i = 0; i < m; i++) if (basis[i]! < n) x[basis[i]!] = tableau[i]![width - 1]!;
  return { status: 'optimal', x, objective: x.reduce((s, v, j) => s + v * cost[j]!, 0) };
}
