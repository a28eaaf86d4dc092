import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocGreekBatch, black76Batch } from './black76Batch.ts';
import { black76 } from './black76.ts';
import { propertyRuns } from '../../testing/properties.ts';

describe('black76Batch', () => {
  it('equals the scalar black76 exactly on random inputs, including expired options', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            F: fc.double({ min: 1, max: 1e5, noNaN: true }),
            k: fc.double({ min: 0.2, max: 5, noNaN: true }),
            vol: fc.double({ min: 1e-4, max: 3, noNaN: true }),
            tte: fc.double({ min: -0.1, max: 3, noNaN: true }),
            call: fc.boolean(),
          }),
          { minLength: 1, maxLength: 50 },
        ),
        (rows) => {
          const n = rows.length;
          const inp = {
            n,
            forward: Float64Array.from(rows, (r) => r.F),
            strike: Float64Array.from(rows, (r) => r.F * r.k),
            vol: Float64Array.from(rows, (r) => r.vol),
            tteYears: Float64Array.from(rows, (r) => r.tte),
            isCall: Uint8Array.from(rows, (r) => (r.call ? 1 : 0)),
          };
          const out = allocGreekBatch(n);
          black76Batch(inp, out);
          rows.forEach((r, i) => {
            const g = black76(r.call ? 'call' : 'put', r.F, r.F * r.k, r.vol, r.tte);
            expect([out.price[i], out.delta[i], out.gamma[i], out.vega[i], out.theta[i]]).toEqual([
              g.price,
              g.delta,
              g.gamma,
              g.vega,
              g.theta,
            ]);
          });
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});
