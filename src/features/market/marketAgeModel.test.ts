import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Portfolio } from '../../domain/position.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';
import {
  BUNDLED_PRICE_HISTORIES,
  expiredInBook,
  formatAge,
  historyAge,
  lastHistoryDate,
  marketAge,
  priceHistoryFile,
} from './marketAgeModel.ts';

const H = 3_600_000;
const D = 24 * H;
const market = '2026-08-22T03:50:45.199Z';
const t0 = Date.parse(market);
// The clock the trader had: 2026-12-04 17:01 UTC.
const now = Date.UTC(2026, 11, 4, 17, 1);

describe('market age', () => {
  it('is 104 d old on 2026-12-04 for the 2026-08-22 snapshot, red', () => {
    expect(marketAge(market, now)).toEqual({ ageMs: now - t0, text: '104 d old', tone: 'red' });
  });

  it('ok up to 1 hour, amber up to 24 hours, red after; minutes and hours below two days', () => {
    expect(marketAge(market, t0 + 59 * 60_000)).toMatchObject({ text: '59 min old', tone: 'ok' });
    expect(marketAge(market, t0 + H + 1)).toMatchObject({ text: '1 h old', tone: 'amber' });
    expect(marketAge(market, t0 + 24 * H)).toMatchObject({ text: '24 h old', tone: 'amber' });
    expect(marketAge(market, t0 + 24 * H + 1)).toMatchObject({ tone: 'red' });
    expect(formatAge(47 * H)).toBe('47 h');
    expect(formatAge(2 * D)).toBe('2 d');
    expect(marketAge(market, t0 - 2 * H)).toMatchObject({ text: '2 h ahead of this computer’s clock', tone: 'amber' });
    expect(marketAge('not a time', now)).toBeNull();
  });
});

describe('history age', () => {
  it('VaR data ends at the earliest last date of the book’s underlyings; red a month behind', () => {
    const h = historyAge({ ETH: '2024-12-31', BTC: '2025-01-02' }, now);
    expect(h).toMatchObject({
      lastDate: '2024-12-31',
      text: 'VaR data ends 2024-12-31',
      tone: 'red',
      detail: 'BTC 2025-01-02, ETH 2024-12-31',
    });
    expect(h?.daysBehind).toBe(703);
    expect(historyAge({ BTC: '2026-12-01' }, now)).toMatchObject({ daysBehind: 3, tone: 'ok' });
    expect(historyAge({ BTC: '2026-11-30' }, now)).toMatchObject({ daysBehind: 4, tone: 'amber' });
    expect(historyAge({ BTC: '2026-11-04' }, now)).toMatchObject({ daysBehind: 30, tone: 'amber' });
    expect(historyAge({ BTC: '2026-11-03' }, now)).toMatchObject({ tone: 'red' });
    expect(historyAge({}, now)).toBeNull();
  });

  it('reads the last date of the bundled files, and knows every bundled price history', () => {
    const dir = new URL('../../../public/data/history/', import.meta.url);
    const files = readdirSync(dir).filter((f) => /-usd-daily\.csv$/.test(f));
    expect(files.sort()).toEqual(BUNDLED_PRICE_HISTORIES.map(priceHistoryFile).sort());
    expect(lastHistoryDate(readFileSync(new URL('btc-usd-daily.csv', dir), 'utf8'))).toBe('2024-12-31');
    expect(lastHistoryDate('date,close\r\n2024-01-01,1\r\n2024-01-02,2\r\n\r\n')).toBe('2024-01-02');
    expect(lastHistoryDate('date,close\n')).toBeNull();
  });
});

describe('expired instruments in the book', () => {
  const sample = (() => {
    const r = importPortfolioText(readFileSync(new URL('../../../public/data/default-portfolio.csv', import.meta.url), 'utf8'), 's.csv');
    if (!r.ok) throw new Error(r.error);
    return r.result.portfolio;
  })();

  it('the sample book on 2026-12-04: nothing expired before the market time, 13 instruments since', () => {
    const e = expiredInBook(sample, t0, now);
    expect(e.beforeMarket).toEqual([]);
    expect(e.sinceMarket.map((x) => x.instrument)).toEqual([
      'BTC-28AUG26-80000-C',
      'ETH-28AUG26-2400-P',
      'BTC-4SEP26-75000-P',
      'ETH-11SEP26-2500-C',
      'BTC_USDC-25SEP26-80000-C',
      'BTC-25SEP26-68000-P',
      'BTC-25SEP26-90000-C',
      'ETH-25SEP26-2100-P',
      'ETH-25SEP26-3000-C',
      'BTC-30OCT26-65000-P',
      'BTC-30OCT26-80000-C',
      'ETH-30OCT26-2800-C',
      'ETH-30OCT26-3200-C',
    ]);
    expect(e.positions).toBe(13);
    // On the market's own day nothing has expired.
    expect(expiredInBook(sample, t0, t0).positions).toBe(0);
  });

  it('splits by the market time, counts positions per instrument, and leaves out rows switched off', () => {
    const book: Portfolio = {
      name: 'b',
      positions: [
        { id: 'a', instrument: 'BTC-1AUG26-60000-C', quantity: 1, entryPrice: null, venue: 'deribit', label: '' },
        { id: 'b', instrument: 'btc-1aug26-60000-c', quantity: -1, entryPrice: null, venue: 'okx', label: '' },
        { id: 'c', instrument: 'BTC-28AUG26', quantity: 1, entryPrice: null, venue: 'deribit', label: '' },
        { id: 'd', instrument: 'BTC-28AUG26-70000-P', quantity: 1, entryPrice: null, venue: 'deribit', label: '', excluded: true },
        { id: 'e', instrument: 'BTC-PERPETUAL', quantity: 1, entryPrice: null, venue: 'deribit', label: '' },
      ],
    };
    const e = expiredInBook(book, t0, now);
    expect(e.beforeMarket).toEqual([{ instrument: 'BTC-1AUG26-60000-C', expiryMs: Date.UTC(2026, 7, 1, 8), positions: 2 }]);
    expect(e.sinceMarket.map((x) => x.instrument)).toEqual(['BTC-28AUG26']);
    expect(e.positions).toBe(3);
  });
});
