import { describe, expect, it } from 'vitest';
import {
  alignedZeroAxes,
  axisValues,
  contrastRatio,
  formatAxis,
  formatCompact,
  heatColour,
  maxAbsOf,
  nearestIndex,
  niceStep,
  niceTicks,
  parseNumberList,
} from './viewMath.ts';

describe('view maths', () => {
  it('axis values: inclusive, rounded, bounded', () => {
    expect(axisValues({ from: -0.3, to: 0.3, step: 0.1 })).toEqual({ ok: true, value: [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3] });
    expect(axisValues({ from: -10, to: 10, step: 7 })).toEqual({ ok: true, value: [-10, -3, 4] });
    expect(axisValues({ from: 0, to: 0, step: 5 })).toEqual({ ok: true, value: [0] });
    expect(axisValues({ from: 0, to: 100, step: 1 }, 41).ok).toBe(false);
    expect(axisValues({ from: Number.NaN, to: 1, step: 1 }).ok).toBe(false);
  });

  it('number lists: separators, +, U+2212, sorted and unique; errors name the entry', () => {
    expect(parseNumberList('30, 7;1  0 +7d')).toEqual({ ok: true, value: [0, 1, 7, 30] });
    expect(parseNumberList('\u22122, 3')).toEqual({ ok: true, value: [-2, 3] });
    expect(parseNumberList('1, two', { what: 'Days' })).toEqual({ ok: false, error: 'Days: “two” is not a number' });
    expect(parseNumberList('  ').ok).toBe(false);
    expect(parseNumberList('1 2 3', { max: 2 }).ok).toBe(false);
  });

  it('compact figures', () => {
    expect(formatCompact(0)).toBe('0');
    expect(formatCompact(0.4)).toBe('0');
    expect(formatCompact(-0.4)).toBe('0');
    expect(formatCompact(850, { signed: true })).toBe('+850');
    expect(formatCompact(-12_345)).toBe('\u221212.3k');
    expect(formatCompact(999.7)).toBe('1.0k');
    expect(formatCompact(123_456)).toBe('123k');
    expect(formatCompact(99_960)).toBe('100k');
    expect(formatCompact(-1_240_000)).toBe('\u22121.24M');
    expect(formatCompact(2.5e9)).toBe('2.50B');
    expect(formatCompact(Number.NaN)).toBe('\u2014');
    expect(formatAxis(60_000)).toBe('60k');
    expect(formatAxis(-250_000)).toBe('\u2212250k');
    expect(formatAxis(1_500_000)).toBe('1.50M');
  });

  it('diverging colours: transparent at 0, full at the max, red for losses, green for gains', () => {
    expect(heatColour(0, 100).background).toBe('transparent');
    expect(heatColour(-100, 100)).toMatchObject({ background: 'rgb(184, 58, 63)', intensity: 1 });
    expect(heatColour(100, 100)).toMatchObject({ background: 'rgb(27, 125, 82)', intensity: 1 });
    expect(heatColour(50, 100).intensity).toBe(0.5);
    expect(heatColour(100, 100, 'greek').background).toBe('rgb(47, 111, 184)');
    expect(heatColour(5, 0).background).toBe('transparent');
  });

  it('cell text keeps WCAG AA contrast (≥ 4.5) on every colour of both scales', () => {
    const rgb = (css: string) =>
      css.startsWith('#') ? [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16)) : css.match(/\d+/g)!.map(Number);
    for (const palette of ['pnl', 'greek'] as const) {
      for (let v = -100; v <= 100; v += 2.5) {
        if (v === 0) continue;
        const c = heatColour(v, 100, palette);
        expect(contrastRatio(rgb(c.background), rgb(c.color)), `${palette} ${v}`).toBeGreaterThanOrEqual(4.5);
      }
    }
    expect(maxAbsOf([3, -7, Number.NaN, 2])).toBe(7);
    expect(nearestIndex([-10, -5, 0, 5], -6)).toBe(1);
    expect(nearestIndex([-10, -5], Number.NaN)).toBe(-1);
  });

  it('nice ticks and steps', () => {
    expect(niceStep(23_000)).toBe(25_000);
    expect(niceStep(0.7)).toBe(1);
    expect(niceTicks(39_308, 117_925, 10)).toEqual({
      domain: [30_000, 120_000],
      ticks: [30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000, 100_000, 110_000, 120_000],
    });
    expect(niceTicks(5, 5).ticks.length).toBeGreaterThan(1);
  });

  it('two y axes with their zeros at the same height, covering both series', () => {
    const pnl = [-84_000, 0, 34_000];
    const delta = [-330_000, 430_000];
    const { a, b } = alignedZeroAxes(pnl, delta, 6);
    const zeroAt = (d: [number, number]) => -d[0] / (d[1] - d[0]);
    expect(zeroAt(a.domain)).toBeCloseTo(zeroAt(b.domain), 12);
    expect(a.domain[0]).toBeLessThanOrEqual(-84_000);
    expect(a.domain[1]).toBeGreaterThanOrEqual(34_000);
    expect(b.domain[0]).toBeLessThanOrEqual(-330_000);
    expect(b.domain[1]).toBeGreaterThanOrEqual(430_000);
    expect(a.ticks).toContain(0);
    expect(b.ticks).toContain(0);
  });
});
