import { describe, expect, it } from 'vitest';
import { solveLp } from './lp.ts';

describe('solveLp', () => {
  it('solves a textbook maximisation (as min of −objective)', () => {
    // max 3x + 5y s.t. x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 → x = 2, y = 6, 36 (Hillier & Lieberman's Wyndor example).
    const r = solveLp(
      [-3, -5],
      [
        { coefficients: [1, 0], sense: '<=', rhs: 4 },
        { coefficients: [0, 2], sense: '<=', rhs: 12 },
        { coefficients: [3, 2], sense: '<=', rhs: 18 },
      ],
    );
    expect(r.status).toBe('optimal');
    if (r.status === 'optimal') {
      expect(r.x[0]).toBeCloseTo(2, 9);
      expect(r.x[1]).toBeCloseTo(6, 9);
      expect(r.objective).toBeCloseTo(-36, 9);
    }
  });
  it('handles equalities, ≥ rows and negative right-hand sides (L1 minimisation)', () => {
    // min |d| with d = x⁺ − x⁻ and 2d = −6 → d = −3, cost 3.
    const r = solveLp([1, 1], [{ coefficients: [2, -2], sense: '=', rhs: -6 }]);
    expect(r.status === 'optimal' && r.x).toEqual([0, 3]);
    const r2 = solveLp(
      [2, 3],
      [
        { coefficients: [1, 1], sense: '>=', rhs: 4 },
        { coefficients: [1, 3], sense: '>=', rhs: 6 },
      ],
    );
    // Optimum at x = 3, y = 1 → 9.
    expect(r2.status === 'optimal' && r2.objective).toBeCloseTo(9, 9);
  });
  it('reports infeasible and unbounded problems', () => {
    expect(
      solveLp(
        [1],
        [
          { coefficients: [1], sense: '<=', rhs: 1 },
          { coefficients: [1], sense: '>=', rhs: 2 },
        ],
      ).status,
    ).toBe('infeasible');
    expect(solveLp([-1], [{ coefficients: [1], sense: '>=', rhs: 1 }]).status).toBe('unbounded');
    expect(solveLp([1, 1], [{ coefficients: [0, 0], sense: '=', rhs: 1 }]).status).toBe('infeasible');
  });
});
