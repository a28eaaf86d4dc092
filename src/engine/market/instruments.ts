/**
 * The instruments a market snapshot can price, for the "add position" picker and hedge candidates: per underlying
 * the spot, the inverse and linear perpetuals, a future per quoted forward expiry (inverse and linear) and, per
 * smile node, a call and a put (inverse; linear options only where Deribit lists them, which the snapshot does not
 * say, so they are not offered).
 */
import { formatExpiryCode, formatStrike, type InstrumentKind } from '../../domain/instrument.ts';
import type { MarketModel } from './marketModel.ts';

export interface MarketInstrument {
  readonly name: string;
  readonly kind: InstrumentKind;
  readonly underlying: string;
  /** Epoch ms, dated instruments only. */
  readonly expiryMs?: number;
  /** USD, options only. */
  readonly strike?: number;
}

/** Every instrument name the market can price, sorted by underlying, kind, expiry and strike. */
export function listMarketInstruments(model: MarketModel): MarketInstrument[] {
  const out: MarketInstrument[] = [];
  for (const [ul, m] of model.underlyings) {
    out.push({ name: ul, kind: 'spot', underlying: ul });
    out.push({ name: `${ul}-PERPETUAL`, kind: 'perpetual', underlying: ul });
    out.push({ name: `${ul}_USDC-PERPETUAL`, kind: 'perpetual', underlying: ul });
    for (const expiryMs of m.forwardExpiries) {
      out.push({ name: `${ul}-${formatExpiryCode(expiryMs)}`, kind: 'future', underlying: ul, expiryMs });
    }
    for (const smile of m.smiles) {
      const code = formatExpiryCode(smile.expiryMs);
      for (let i = 0; i < smile.logMoneyness.length; i++) {
        const strike = Math.round(smile.forward * Math.exp(smile.logMoneyness[i]!) * 1e8) / 1e8;
        for (const pc of ['C', 'P'] as const) {
          out.push({
            name: `${ul}-${code}-${formatStrike(strike)}-${pc}`,
            kind: 'option',
            underlying: ul,
            expiryMs: smile.expiryMs,
            strike,
          });
        }
      }
    }
  }
  out.push({ name: 'USDC', kind: 'cash', underlying: 'USDC' });
  return out;
}
