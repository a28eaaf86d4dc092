import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Portfolio, Position } from '../domain/position.ts';
import { importDeribitBookSummary } from '../io/deribitBookSummary.ts';
import { accountPositionsToPortfolio, compareMargins, diffBooks, parseAccountSummaries, type AccountCurrencySummary } from './account.ts';
import { computeAccountMarginComparison } from './accountMargin.ts';
import { buildMarketModel, computePortfolioMargin, computeStandardMargin, resolveBook } from '../engine/index.ts';

const fx = (name: string) =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const items = new Map(
  (fx('deribit-live/rest_auth_account_positions.json').items as { id: string; frame: unknown }[]).map((i) => [i.id, i.frame]),
);
const options = fx('book-summary-btc-option-2026-04-28.json').result as unknown[];
const futures = fx('book-summary-btc-future-2026-04-28.constructed.json').result as unknown[];

const pos = (id: string, instrument: string, quantity: number, extra: Partial<Position> = {}): Position => ({
  id,
  instrument,
  quantity,
  entryPrice: null,
  venue: 'deribit',
  label: '',
  ...extra,
});

describe('accountPositionsToPortfolio', () => {
  it('reads the recorded get_positions entry with the file importer’s rules (size in coin for options)', () => {
    const r = accountPositionsToPortfolio([items.get('get_positions_option_entry_BTC-25JUN21-28000-P')]);
    if (!r.ok) throw new Error(r.error);
    expect(r.portfolio.name).toBe('Deribit account');
    expect(r.portfolio.positions).toEqual([
      { id: 'd1', instrument: 'BTC-25JUN21-28000-P', quantity: 0.1, unit: 'coin', entryPrice: 0.0175, venue: 'deribit', label: '' },
    ]);
  });

  it('skips closed positions, reports unreadable ones by position, reads the whole envelope too', () => {
    const r = accountPositionsToPortfolio({
      jsonrpc: '2.0',
      result: [
        items.get('get_position_option_no_position_testnet_2019') &&
          (items.get('get_position_option_no_position_testnet_2019') as { result: unknown }).result,
        { instrument_name: 'BTC-32JAN26', size: 1 },
        { instrument_name: 'ETH-PERPETUAL', size: -250, average_price: 2500 },
      ],
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.portfolio.positions.map((p) => [p.instrument, p.quantity, p.unit])).toEqual([['ETH-PERPETUAL', -250, 'usd']]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ line: null, instrument: 'BTC-32JAN26' });
    expect(r.errors[0]!.message).toContain('JAN 2026 has no day 32');
  });

  it('an error answer is an error', () => {
    expect(accountPositionsToPortfolio({ error: { code: 13009, message: 'unauthorized' } }).ok).toBe(false);
  });
});

describe('diffBooks', () => {
  const current: Portfolio = {
    name: 'book',
    positions: [
      pos('p1', 'BTC-26JUN26-86000-C', -1),
      pos('p2', 'BTC-26JUN26-86000-C', -1), // two rows of one instrument are summed
      pos('p3', 'BTC-26JUN26', -500, { unit: 'contracts' }), // 500 contracts × USD 10
      pos('p4', 'ETH-PERPETUAL', 1, { unit: 'coin' }), // coin vs usd: not comparable without a price
      pos('p5', 'BTC-25SEP26', 100, { unit: 'usd', entryPrice: 70000 }),
      pos('p6', 'SOL_USDC-PERPETUAL', 10, { venue: 'okx' }),
      pos('p7', 'BTC-PERPETUAL', 1000, { unit: 'usd', whatIf: true }),
      pos('p8', 'not-an-instrument', 1),
    ],
  };
  const incoming: Portfolio = {
    name: 'Deribit account',
    positions: [
      pos('d1', 'BTC-26JUN26-86000-C', -2, { unit: 'coin' }),
      pos('d2', 'BTC-26JUN26', -5000, { unit: 'usd' }),
      pos('d3', 'ETH-PERPETUAL', 2500, { unit: 'usd' }),
      pos('d4', 'BTC-25SEP26', 200, { unit: 'usd', entryPrice: 71000 }),
      pos('d5', 'BTC-26JUN26-90000-P', 1, { unit: 'coin' }),
    ],
  };

  it('added, removed, changed (quantity, entry price, units) and unchanged, by instrument in Deribit’s units', () => {
    const d = diffBooks(current, incoming);
    expect(d.added.map((p) => p.id)).toEqual(['d5']);
    expect(d.removed.map((p) => p.id)).toEqual(['p8', 'p6']);
    expect(d.unchanged).toBe(2);
    expect(d.whatIf.map((p) => p.id)).toEqual(['p7']);
    expect(d.changed).toEqual([
      {
        instrument: 'ETH-PERPETUAL',
        before: { quantity: 1, unit: 'coin', entryPrice: null, ids: ['p4'] },
        after: { quantity: 2500, unit: 'usd', entryPrice: null, ids: ['d3'] },
        quantityDelta: null,
        what: ['units'],
      },
      {
        instrument: 'BTC-25SEP26',
        before: { quantity: 100, unit: 'usd', entryPrice: 70000, ids: ['p5'] },
        after: { quantity: 200, unit: 'usd', entryPrice: 71000, ids: ['d4'] },
        quantityDelta: 100,
        what: ['quantity', 'entryPrice'],
      },
    ]);
  });

  it('a book equal to the account has no differences', () => {
    const d = diffBooks(incoming, incoming);
    expect([d.added.length, d.removed.length, d.changed.length, d.unchanged]).toEqual([0, 0, 0, 5]);
  });
});

describe('account summaries and the margin comparison', () => {
  it('reads get_account_summaries (docs example, segregated_sm) and the cross_pm fixture', () => {
    const docs = parseAccountSummaries(items.get('account_summaries_docs'));
    if (!docs.ok) throw new Error(docs.error);
    expect(docs.summaries[0]).toMatchObject({
      currency: 'BTC',
      marginModel: 'segregated_sm',
      model: 'sm',
      cross: false,
      equity: 302.61869214,
      initialMargin: 1.24669592,
      maintenanceMargin: 0.8857841,
    });
    const cross = parseAccountSummaries(items.get('account_summaries_cross_pm_2026-05-06'));
    if (!cross.ok) throw new Error(cross.error);
    expect(cross.summaries.map((s) => s.currency)).toEqual(['BTC', 'USDT', 'SOL', 'ETH']);
    expect(cross.summaries[0]).toMatchObject({ model: 'pm', cross: true, initialMargin: 9.92e-6, totalInitialMarginUsd: 0.806292412 });
    const old = parseAccountSummaries(items.get('account_summary_BTC_testnet_2021'));
    if (!old.ok) throw new Error(old.error);
    expect(old.summaries[0]).toMatchObject({ marginModel: null, model: 'sm' });
    // personal fields are not carried
    expect(JSON.stringify(docs.summaries)).not.toContain('user@example.com');
  });

  it('compares each currency with the model the account uses, differences as Riskdeck − exchange', () => {
    const snap = importDeribitBookSummary({ result: [...options, ...futures] });
    if (!snap.ok) throw new Error(snap.error);
    const book: Portfolio = {
      name: 'b',
      positions: [
        pos('p1', 'BTC-26JUN26-86000-C', -2),
        pos('p2', 'BTC-26JUN26', 20000, { unit: 'usd' }),
        pos('p3', 'BTC-29MAY26-48000-P', -3),
      ],
    };
    const model = buildMarketModel(snap.snapshot);
    const resolved = resolveBook(book, model);
    const pme = computePortfolioMargin(resolved, model);
    const std = computeStandardMargin(resolved, model);
    const summaries: AccountCurrencySummary[] = [
      { ...base('BTC'), marginModel: 'segregated_pm', model: 'pm', initialMargin: 0.05, maintenanceMargin: 0.04 },
      { ...base('ETH'), marginModel: 'segregated_sm', model: 'sm', initialMargin: 0, maintenanceMargin: 0 },
    ];
    const c = compareMargins(summaries, pme, std);
    const btc = c.rows[0]!;
    expect(btc.riskdeckModel).toBe('portfolio margin (PME)');
    expect(btc.riskdeck.initialMargin).toBe(pme.currencies.BTC!.initialMargin);
    expect(btc.difference!.initialMargin).toBeCloseTo(pme.currencies.BTC!.initialMargin - 0.05, 15);
    expect(btc.difference!.initialMarginRel).toBeCloseTo((pme.currencies.BTC!.initialMargin - 0.05) / 0.05, 12);
    expect(c.rows[1]).toMatchObject({
      currency: 'ETH',
      riskdeckModel: 'standard margin',
      riskdeck: { initialMargin: 0, maintenanceMargin: 0 },
    });
    expect(c.rows[1]!.difference!.initialMarginRel).toBeNull();
    // the standard model for an *_sm BTC account
    const sm = compareMargins([{ ...summaries[0]!, marginModel: 'segregated_sm', model: 'sm' }], pme, std);
    expect(sm.rows[0]!.riskdeck.initialMargin).toBe(std.currencies.BTC!.initialMargin);
    expect(sm.rows[0]!.riskdeck.initialMargin).not.toBe(pme.currencies.BTC!.initialMargin);

    // computeAccountMarginComparison: the same through the market and the Deribit rows of the book only
    const withOther: Portfolio = { ...book, positions: [...book.positions, pos('x', 'BTC-26JUN26', 1e6, { unit: 'usd', venue: 'okx' })] };
    const full = computeAccountMarginComparison(summaries, withOther, snap.snapshot);
    expect(full.rows[0]!.riskdeck).toEqual(btc.riskdeck);
    expect(full.unresolved).toEqual([]);
  });

  it('cross accounts: the USD totals side by side', () => {
    const cross = parseAccountSummaries(items.get('account_summaries_cross_pm_2026-05-06'));
    if (!cross.ok) throw new Error(cross.error);
    const empty = { valuationTime: '', currencies: {}, initialMarginUsd: 0, maintenanceMarginUsd: 0, warnings: [] };
    const c = compareMargins(cross.summaries, empty, {
      positions: [],
      currencies: {},
      initialMarginUsd: 0,
      maintenanceMarginUsd: 0,
      assumedRates: {},
    });
    expect(c.crossUsd).toEqual({
      exchange: { initialMargin: 0.806292412, maintenanceMargin: 0.2671726792 },
      riskdeck: { initialMargin: 0, maintenanceMargin: 0 },
      difference: { initialMargin: -0.806292412, maintenanceMargin: -0.2671726792 },
    });
    expect(c.notes[0]).toMatch(/cross-collateral/);
  });
});

function base(currency: string): AccountCurrencySummary {
  return {
    currency,
    marginModel: null,
    model: 'sm',
    cross: false,
    equity: 1,
    balance: 1,
    marginBalance: 1,
    availableFunds: 1,
    initialMargin: 0,
    maintenanceMargin: 0,
    projectedInitialMargin: null,
    projectedMaintenanceMargin: null,
    deltaTotal: null,
    totalInitialMarginUsd: null,
    totalMaintenanceMarginUsd: null,
    totalEquityUsd: null,
  };
}
