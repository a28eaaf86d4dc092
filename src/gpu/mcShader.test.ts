import { describe, expect, it } from 'vitest';
import { GPU_PATH_XOR, GPU_OPTION_CALL, GPU_OPTION_EXPIRED, GPU_OPTION_WORDS } from '../engine/var/gpuPlan.ts';
import { CHECK_RAW_OUTPUTS, checkStride, monteCarloShader } from './mcShader.ts';

describe('the Monte Carlo kernel source', () => {
  it('compiles in the book’s shape and the encoding’s constants', () => {
    const src = monteCarloShader(3, true);
    expect(src).toContain('const N_UL: u32 = 3u;');
    expect(src).toContain('const STUDENT_T: bool = true;');
    expect(monteCarloShader(1, false)).toContain('const STUDENT_T: bool = false;');
    // The path mixing uses gpuPlan's constant (checked against rng.ts in gpuPlan.test.ts).
    expect(src).toContain(`const PATH_XOR: u32 = 0x${GPU_PATH_XOR.toString(16)}u;`);
    expect(src).toContain(`const OPT_CALL: u32 = ${GPU_OPTION_CALL}u;`);
    expect(src).toContain(`const OPT_EXPIRED: u32 = ${GPU_OPTION_EXPIRED}u;`);
    // The option row is GPU_OPTION_WORDS 32-bit fields.
    const row = /struct Opt \{([^}]*)\}/.exec(src)![1]!;
    expect(row.split(',').filter((f) => f.includes(':'))).toHaveLength(GPU_OPTION_WORDS);
    expect(src).toContain(`const CHECK_STRIDE: u32 = ${checkStride(3)}u;`);
    expect(checkStride(3)).toBe(1 + CHECK_RAW_OUTPUTS + 3 + 3);
    for (const entry of ['fn base_prices', 'fn simulate', 'fn check_streams']) expect(src).toContain(entry);
  });

  it('refuses a book without underlyings', () => {
    expect(() => monteCarloShader(0, false)).toThrow(/at least one underlying/);
  });
});
