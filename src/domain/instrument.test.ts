import { describe, expect, it } from 'vitest';
import { formatExpiryCode, parseInstrument, type Instrument } from './instrument.ts';

const ok = (name: string): Instrument => {
  const r = parseInstrument(name);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const err = (name: string): string => {
  const r = parseInstrument(name);
  if (r.ok) throw new Error(`${name} parsed`);
  return r.error;
};

describe('parseInstrument (Deribit names, METHODOLOGY.md §1)', () => {
  it('parses inverse options with an 08:00 UTC expiry and no leading zero', () => {
    expect(ok('BTC-5JAN24-43000-C')).toEqual({
      kind: 'option',
      name: 'BTC-5JAN24-43000-C',
      underlying: 'BTC',
      settlement: 'inverse',
      expiryMs: Date.UTC(2024, 0, 5, 8),
      strike: 43_000,
      putCall: 'call',
    });
    expect(ok('ETH-27DEC24-3500-P')).toMatchObject({ kind: 'option', putCall: 'put', settlement: 'inverse', strike: 3500 });
  });
  it('parses linear options with d as the decimal point, case-insensitively', () => {
    expect(ok('XRP_USDC-27DEC24-0d625-C')).toMatchObject({
      settlement: 'linear',
      underlying: 'XRP',
      strike: 0.625,
      name: 'XRP_USDC-27DEC24-0d625-C',
    });
    expect(ok('AVAX_USDC-29MAY26-8D6-P')).toMatchObject({ strike: 8.6, putCall: 'put', name: 'AVAX_USDC-29MAY26-8d6-P' });
    expect(ok('btc-27dec24-60000-c')).toMatchObject({ name: 'BTC-27DEC24-60000-C' });
  });
  it('parses futures, perpetuals, spot and cash', () => {
    expect(ok('BTC-27DEC24')).toMatchObject({ kind: 'future', settlement: 'inverse', expiryMs: Date.UTC(2024, 11, 27, 8) });
    expect(ok('SOL_USDC-27DEC24')).toMatchObject({ kind: 'future', settlement: 'linear', underlying: 'SOL' });
    expect(ok('BTC-PERPETUAL')).toMatchObject({ kind: 'perpetual', settlement: 'inverse' });
    expect(ok('BTC_USDC-PERPETUAL')).toMatchObject({ kind: 'perpetual', settlement: 'linear' });
    expect(ok('BTC')).toMatchObject({ kind: 'spot', underlying: 'BTC' });
    expect(ok('ETH_USDC')).toMatchObject({ kind: 'spot', underlying: 'ETH' });
    for (const c of ['USDC', 'USD', 'USDT', 'usdc']) expect(ok(c)).toMatchObject({ kind: 'cash' });
  });
  it('rejects anything else with a precise reason', () => {
    expect(err('BTC-05JAN24-43000-C')).toMatch(/leading zero.*5JAN24/);
    expect(err('BTC-31FEB24')).toMatch(/FEB 2024 has no day 31/);
    expect(err('BTC-5JAX24')).toMatch(/unknown month "JAX"/);
    expect(err('BTC-27DEC24-60000-X')).toMatch(/option type must be C or P/);
    expect(err('BTC-27DEC24-abc-C')).toMatch(/strike "ABC"/);
    expect(err('BTC-27DEC24-0-C')).toMatch(/must be positive/);
    expect(err('BTC_USDT-PERPETUAL')).toMatch(/only _USDC/);
    expect(err('')).toMatch(/empty/);
    expect(err('BTC-27DEC24-1-C-X')).toMatch(/not a Deribit instrument name/);
    expect(err('USDC-PERPETUAL')).toMatch(/cash/);
  });
  it('formats expiry codes back without a leading zero', () => {
    expect(formatExpiryCode(Date.UTC(2024, 0, 5, 8))).toBe('5JAN24');
    expect(formatExpiryCode(Date.UTC(2026, 8, 25, 8))).toBe('25SEP26');
  });
});
