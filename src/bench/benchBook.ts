/**
 * The Monte Carlo bench book: `positions` positions on the default market's options with strikes moved by up to
 * ±10 % (so nearly every option is a distinct contract and netting does not help), every tenth a perpetual, signed
 * quantities; the same book `npm run bench` builds for its Monte Carlo figure (seeded mulberry32, seed 13).
 */
import { listMarketInstruments } from '../engine/index.ts';
import type { MarketSnapshot } from '../domain/market.ts';
import type { Portfolio } from '../domain/position.ts';

/** mulberry32: a small seeded generator for reproducible bench inputs (not the Monte Carlo generator). */
export function benchRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function monteCarloBenchBook(market: MarketSnapshot, positions = 1000, seed = 13): Portfolio {
  const optionInstruments = listMarketInstruments(market).filter((i) => i.kind === 'option');
  const r = benchRng(seed);
  return {
    name: `bench-mc-${positions}`,
    positions: Array.from({ length: positions }, (_, i) => {
      const base = optionInstruments[Math.floor(r() * optionInstruments.length)]!;
      const strike = Math.round(base.strike! * (0.9 + 0.2 * r()) * 100) / 100;
      const name = base.name.replace(/-[0-9d]+-([CP])$/, `-${String(strike).replace('.', 'd')}-$1`);
      return {
        id: `m${i}`,
        instrument: i % 10 === 0 ? `${base.underlying}-PERPETUAL` : name,
        quantity: Math.round((r() - 0.5) * 20) || 1,
        entryPrice: null,
        venue: 'deribit',
        label: '',
      };
    }),
  };
}
