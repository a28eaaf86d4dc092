import { describe, expect, it } from 'vitest';
import {
  MINUS,
  formatCoin,
  formatNumber,
  formatPercent,
  formatPrice,
  formatSignificant,
  formatUsd,
  formatUsdWithSymbol,
  formatUtc,
  parseUserNumber,
} from './format.ts';

describe('format', () => {
  it('uses a true minus, grouping and no "−0"', () => {
    expect(formatNumber(-1234.567, 2)).toBe(`${MINUS}1,234.57`);
    expect(formatNumber(-0.0001, 2)).toBe('0.00');
    expect(formatNumber(5, 0, { signed: true })).toBe('+5');
    expect(formatNumber(Number.NaN)).toBe('\u2014');
    expect(formatNumber(null)).toBe('\u2014');
  });

  it('USD: 0 decimals from 1,000, 2 below; symbol variant keeps the sign first', () => {
    expect(formatUsd(3143460.4)).toBe('3,143,460');
    expect(formatUsd(12.345)).toBe('12.35');
    expect(formatUsdWithSymbol(-9672.2)).toBe(`${MINUS}$9,672`);
    expect(formatUsdWithSymbol(4891, { signed: true })).toBe('+$4,891');
  });

  it('coins, small numbers, percents, prices', () => {
    expect(formatCoin(4.40612)).toBe('4.4061');
    expect(formatSignificant(-0.000476123)).toBe(`${MINUS}0.000476`);
    expect(formatSignificant(1.23e-8)).toBe(`1.23e${MINUS}8`);
    expect(formatSignificant(0)).toBe('0');
    expect(formatSignificant(-0.0000496, 3, 1e-4)).toBe(`${MINUS}4.96e${MINUS}5`);
    expect(formatPercent(0.4512, 1)).toBe('45.1');
    expect(formatPrice(0.01234)).toBe('0.0123');
    expect(formatPrice(3468.07)).toBe('3,468.07');
    expect(formatPrice(78617.31)).toBe('78,617');
  });

  it('UTC times and user numbers', () => {
    expect(formatUtc('2026-08-22T03:50:45.199Z')).toBe('2026-08-22 03:50 UTC');
    expect(formatUtc('garbage')).toBe('garbage');
    expect(parseUserNumber(` ${MINUS}1,000.5 `)).toBe(-1000.5);
    expect(parseUserNumber('-')).toBeNull();
    expect(parseUserNumber('abc')).toBeNull();
  });
});
