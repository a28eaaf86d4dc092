import { describe, expect, it } from 'vitest';
import {
  describeSharedMarket,
  describeWhatIf,
  figureRows,
  formatAmount,
  proofFileName,
  sharedBook,
  sharedContent,
  underlyingCounts,
} from './proofsModel.ts';

const pos = (instrument: string, whatIf = false) => ({
  id: instrument,
  instrument,
  quantity: 1,
  entryPrice: null,
  venue: 'deribit',
  label: '',
  ...(whatIf ? { whatIf } : {}),
});

describe('proofs view-models', () => {
  it('rows of a statement: coins with 4 decimals, USD-like with 2, ratio in %, under water when equity ≤ 0', () => {
    const rows = figureRows({
      BTC: {
        initialMargin: 2.829024838,
        maintenanceMargin: 2.26321987,
        equity: 19.35757403,
        marginRatio: 0.116915,
        equityCoversMaintenance: true,
      },
      USDC: { initialMargin: 38233.118, maintenanceMargin: 30586.49, equity: -5, marginRatio: null, equityCoversMaintenance: false },
    });
    expect(rows[0]).toMatchObject({ ccy: 'BTC', im: '2.8290', mm: '2.2632', equity: '19.3576', ratio: '11.69 %', covers: true });
    expect(rows[1]).toMatchObject({ ccy: 'USDC', im: '38,233.12', equity: '\u22125.00', ratio: 'under water', covers: false });
    expect(formatAmount(250, 'USDT')).toBe('250.00');
  });

  it('file names carry the valuation time in UTC', () => {
    expect(proofFileName('proof', '2026-08-22T03:50:45.199Z')).toBe('riskdeck-margin-proof-20260822-0350.json');
    expect(proofFileName('opening', '2026-08-22T03:50:45.199Z')).toBe('riskdeck-margin-opening-20260822-0350.json');
    expect(proofFileName('inclusion', 'not a date')).toBe('riskdeck-margin-inclusion-undated.json');
  });

  it('describes a what-if and a shared market in one line', () => {
    expect(describeWhatIf({ spotPct: { BTC: -10, ETH: 0 }, volPts: 5, days: 1 })).toBe('spot BTC \u221210 %; vol +5 pts; 1 day forward');
    expect(describeWhatIf({ spotPct: {}, volPts: 0, days: 0 })).toBe('no shock');
    expect(describeWhatIf({ spotPct: { ETH: 2.5 }, volPts: -1.25, days: 2 })).toBe('spot ETH +2.5 %; vol \u22121.25 pts; 2 days forward');
    expect(
      describeSharedMarket({ fileName: 'm.json', snapshot: {}, overrides: { spot: { BTC: 1 }, volPts: {} } }, '2026-08-22T03:50:45Z'),
    ).toBe('Market of 2026-08-22 03:50 UTC (m.json), 1 hand override');
  });

  it('shares what-if rows only with the what-if', () => {
    const p = { name: 'b', positions: [pos('BTC'), pos('BTC-PERPETUAL', true), pos('ETH_USDC-PERPETUAL')] };
    expect(sharedBook(p, false).positions.map((x) => x.instrument)).toEqual(['BTC', 'ETH_USDC-PERPETUAL']);
    expect(sharedBook(p, true)).toBe(p);
    expect(underlyingCounts(p)).toBe('BTC 2 · ETH 1');
  });

  it('builds the shared content with only the parts chosen', () => {
    const now = new Date('2026-08-22T04:00:00Z');
    expect(sharedContent({ bookJson: '{}', market: null, whatIf: null }, now)).toEqual({
      format: 'riskdeck-shared-book',
      version: 1,
      createdAt: '2026-08-22T04:00:00.000Z',
      book: '{}',
    });
    const c = sharedContent(
      {
        bookJson: '{}',
        market: { fileName: 'm', snapshot: { a: 1 }, overrides: { spot: {}, volPts: {} } },
        whatIf: { spotPct: { BTC: 1 }, volPts: 2, days: 3 },
      },
      now,
    );
    expect(c.market?.fileName).toBe('m');
    expect(c.whatIf).toEqual({ spotPct: { BTC: 1 }, volPts: 2, days: 3 });
  });
});
