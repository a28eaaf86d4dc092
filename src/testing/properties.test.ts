import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NUM_RUNS, numRunsFrom, propertyRuns, seedFrom, seedLine, seedPrinter } from './properties.ts';

describe('fast-check settings from the environment', () => {
  it('FC_NUM_RUNS sets the runs per property (default 100) and scales a property’s own count', () => {
    expect(numRunsFrom({})).toBe(DEFAULT_NUM_RUNS);
    expect(numRunsFrom({ FC_NUM_RUNS: '' })).toBe(100);
    expect(numRunsFrom({ FC_NUM_RUNS: '2500' })).toBe(2500);
    expect(propertyRuns(300, {})).toBe(300);
    expect(propertyRuns(300, { FC_NUM_RUNS: '1000' })).toBe(3000);
    expect(propertyRuns(40, { FC_NUM_RUNS: '10' })).toBe(4);
    // Never scaled away: every property runs at least once.
    expect(propertyRuns(40, { FC_NUM_RUNS: '1' })).toBe(1);
    for (const bad of ['0', '-5', '1.5', 'many'])
      expect(() => numRunsFrom({ FC_NUM_RUNS: bad })).toThrow(/FC_NUM_RUNS must be a positive integer/);
  });

  it('FC_SEED replays a seed; none means a fresh one', () => {
    expect(seedFrom({})).toBeUndefined();
    expect(seedFrom({ FC_SEED: '-1794521893' })).toBe(-1794521893);
    expect(seedFrom({ FC_SEED: '4294967295' })).toBe(4294967295);
    expect(() => seedFrom({ FC_SEED: '1e20' })).toThrow(/FC_SEED/);
  });
});

describe('seed printing', () => {
  it('prints the test, seed and runs of each property, and for a failure the path and what to keep', () => {
    const lines: string[] = [];
    const plugin = seedPrinter(
      () => 'suite > test',
      (l) => lines.push(l),
    );
    fc.assert(
      fc.property(fc.integer(), (n) => n === n),
      { seed: 42, numRuns: 7, plugins: [plugin] },
    );
    expect(lines).toEqual(['fast-check: suite > test: seed 42, 7 runs']);
    // A failure (details as fast-check reports them): where to find it again and what to keep.
    expect(seedLine('suite > test', { seed: 7, numRuns: 12, failed: true, counterexamplePath: '11:0:1' })).toBe(
      'fast-check: suite > test: seed 7, 12 runs, FAILED (path 11:0:1). Replay: FC_SEED=7 npx vitest run -t "<test>". ' +
        "Once fixed, keep the counterexample in the property's `examples` (docs/EXTENDING.md, Property tests).",
    );
  });

  it('a counterexample kept in `examples` runs first, on every run', () => {
    const seen: number[] = [];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), (n) => void seen.push(n)),
      { examples: [[1234]], numRuns: 3 },
    );
    expect(seen[0]).toBe(1234);
    expect(seedLine('t', { seed: 1, numRuns: 1, failed: false, counterexamplePath: null })).toBe('fast-check: t: seed 1, 1 run');
  });
});
