import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore, replacePortfolioSilently, type AppStore } from '../store.ts';
import { newPositionId } from './portfolioSlice.ts';
import { TEST_BOOK } from '../testing/fixtures.ts';

let store: AppStore;
const s = () => store.getState();
const history = () => store.temporal.getState();

beforeEach(() => {
  store = createAppStore();
  replacePortfolioSilently(store, TEST_BOOK);
});

describe('portfolio slice', () => {
  it('starts from a silent replace with no undo history', () => {
    expect(s().portfolio).toBe(TEST_BOOK);
    expect(history().pastStates).toHaveLength(0);
  });

  it('editQuantity replaces only that position and is undoable', () => {
    s().editQuantity('p1', -12);
    expect(s().portfolio.positions[0]?.quantity).toBe(-12);
    expect(s().portfolio.positions[1]).toBe(TEST_BOOK.positions[1]);
    history().undo();
    expect(s().portfolio).toBe(TEST_BOOK);
    history().redo();
    expect(s().portfolio.positions[0]?.quantity).toBe(-12);
  });

  it('an edit that changes nothing creates no undo step', () => {
    s().editQuantity('p1', -10);
    s().editEntryPrice('p1', 0.013);
    s().editQuantity('nope', 3);
    expect(history().pastStates).toHaveLength(0);
    expect(s().portfolio).toBe(TEST_BOOK);
  });

  it('rejects non-finite quantities and prices', () => {
    s().editQuantity('p1', Number.NaN);
    s().editEntryPrice('p1', Number.POSITIVE_INFINITY);
    expect(s().portfolio).toBe(TEST_BOOK);
  });

  it('entry price can be cleared', () => {
    s().editEntryPrice('p1', null);
    expect(s().portfolio.positions[0]?.entryPrice).toBeNull();
  });

  it('addPosition appends a what-if row with a fresh id and defaults', () => {
    const id = s().addPosition({ instrument: ' BTC-PERPETUAL ', quantity: 1000, unit: 'usd' });
    const added = s().portfolio.positions.at(-1);
    expect(added).toEqual({
      id,
      instrument: 'BTC-PERPETUAL',
      quantity: 1000,
      unit: 'usd',
      entryPrice: null,
      venue: 'deribit',
      label: '',
      whatIf: true,
    });
    expect(TEST_BOOK.positions.map((p) => p.id)).not.toContain(id);
  });

  it('deletePosition removes the row; undo brings it back', () => {
    s().deletePosition('p2');
    expect(s().portfolio.positions.map((p) => p.id)).toEqual(['p1', 'p3', 'p4']);
    history().undo();
    expect(s().portfolio).toBe(TEST_BOOK);
  });

  it('what-if flags: exclude one, all, and commit', () => {
    const id = s().addPosition({ instrument: 'ETH-PERPETUAL', quantity: 5 });
    s().setExcluded(id, true);
    expect(s().portfolio.positions.at(-1)?.excluded).toBe(true);
    s().setAllWhatIfExcluded(false);
    expect(s().portfolio.positions.at(-1)).not.toHaveProperty('excluded');
    s().setAllWhatIfExcluded(true);
    s().setWhatIf(id, false); // committing also switches the row back on
    const committed = s().portfolio.positions.at(-1);
    expect(committed).not.toHaveProperty('whatIf');
    expect(committed).not.toHaveProperty('excluded');
  });

  it('addPositions appends several rows as one undo step; an empty batch is a no-op', () => {
    const ids = s().addPositions([
      { instrument: 'BTC-PERPETUAL', quantity: -1000, unit: 'usd', label: 'hedge' },
      { instrument: 'BTC-25SEP26-80000-C', quantity: 0.5, label: 'hedge', whatIf: false },
    ]);
    expect(ids).toHaveLength(2);
    expect(new Set([...TEST_BOOK.positions.map((p) => p.id), ...ids]).size).toBe(TEST_BOOK.positions.length + 2);
    const added = s().portfolio.positions.slice(-2);
    expect(added.map((p) => p.id)).toEqual(ids);
    expect(added[0]).toMatchObject({
      instrument: 'BTC-PERPETUAL',
      quantity: -1000,
      unit: 'usd',
      label: 'hedge',
      whatIf: true,
      entryPrice: null,
    });
    expect(added[1]).toMatchObject({ instrument: 'BTC-25SEP26-80000-C', quantity: 0.5, whatIf: false });
    expect(history().pastStates).toHaveLength(1);
    history().undo();
    expect(s().portfolio).toBe(TEST_BOOK);
    expect(s().addPositions([])).toEqual([]);
    expect(s().portfolio).toBe(TEST_BOOK);
  });

  it('setAllWhatIfExcluded without what-ifs is a no-op', () => {
    s().setAllWhatIfExcluded(true);
    expect(history().pastStates).toHaveLength(0);
  });

  it('importPortfolio replaces the book and undo restores the old one', () => {
    const other = { name: 'other', positions: [] };
    s().importPortfolio(other);
    expect(s().portfolio).toBe(other);
    history().undo();
    expect(s().portfolio).toBe(TEST_BOOK);
  });

  it('editVenue falls back to deribit for an empty venue; editLabel sets text', () => {
    s().editVenue('p4', '  ');
    s().editLabel('p4', 'treasury');
    expect(s().portfolio.positions[3]).toMatchObject({ venue: 'deribit', label: 'treasury' });
  });

  it('newPositionId skips ids in use', () => {
    expect(newPositionId([{ ...TEST_BOOK.positions[0]!, id: 'new-2' }])).toBe('new-3');
  });
});

describe('undo scope', () => {
  it('scenario, market and UI changes never create undo steps', () => {
    s().setSpotShock('BTC', -10);
    s().setVolShift(5);
    s().setActiveView('market');
    s().pushNotice({ id: 'x', level: 'info', text: 'hi' });
    s().markResultsRunning();
    expect(history().pastStates).toHaveLength(0);
  });

  it('undo does not rewind the scenario', () => {
    s().editQuantity('p1', 1);
    s().setSpotShock('BTC', -10);
    history().undo();
    expect(s().scenario.spotPct.BTC).toBe(-10);
    expect(s().portfolio).toBe(TEST_BOOK);
  });
});

describe('trades with a cash leg', () => {
  const terms = { instrument: 'BTC', coinsPerUnit: 1, paysPremium: true, feePerCoin: 0.0003, feeCapOfPrice: 0.125 } as const;
  const legOf = (id: string) => s().portfolio.positions.find((p) => p.cashLeg?.of === id);

  it('adds the trade and its premium row as one undo step, the row paying premium and fee in coin', () => {
    const [trade, leg] = s().addTradeWithCashLeg(
      { instrument: 'BTC-25DEC26-70000-P', quantity: 25, entryPrice: 0.0468, venue: 'okx' },
      terms,
    );
    const rows = s().portfolio.positions.slice(-2);
    expect(rows.map((p) => p.id)).toEqual([trade, leg]);
    expect(rows[1]).toMatchObject({
      instrument: 'BTC',
      entryPrice: null,
      venue: 'okx',
      whatIf: true,
      label: 'premium + fee: BTC-25DEC26-70000-P',
      cashLeg: { ...terms, of: trade },
    });
    expect(rows[1]!.quantity).toBeCloseTo(-(25 * 0.0468 + 25 * 0.0003), 15);
    expect(history().pastStates).toHaveLength(1);
    history().undo();
    expect(s().portfolio).toBe(TEST_BOOK);
  });

  it('the leg follows the trade: quantity and entry (short receives the premium), venue, switch, commit, delete', () => {
    const [trade] = s().addTradeWithCashLeg({ instrument: 'BTC-25DEC26-70000-P', quantity: 2, entryPrice: 0.05 }, terms);
    s().editQuantity(trade, -4);
    expect(legOf(trade)!.quantity).toBeCloseTo(4 * 0.05 - 4 * 0.0003, 15);
    s().editEntryPrice(trade, 0.001); // a cheap option: the fee cap (12.5 % of the price) binds
    expect(legOf(trade)!.quantity).toBeCloseTo(4 * 0.001 - 4 * 0.000125, 15);
    s().editVenue(trade, 'okx');
    expect(legOf(trade)!.venue).toBe('okx');
    s().setExcluded(trade, true);
    expect(legOf(trade)!.excluded).toBe(true);
    s().setExcluded(trade, false);
    expect(legOf(trade)!.excluded).toBeUndefined();
    s().setWhatIf(trade, false);
    expect(legOf(trade)!.whatIf).toBeUndefined();
    const before = s().portfolio.positions.length;
    s().deletePosition(trade);
    expect(s().portfolio.positions.length).toBe(before - 2);
    expect(legOf(trade)).toBeUndefined();
  });

  it('a cash leg edited by hand keeps the typed amount and stops following the trade', () => {
    const [trade, leg] = s().addTradeWithCashLeg({ instrument: 'BTC-25DEC26-70000-P', quantity: 2, entryPrice: 0.05 }, terms);
    s().editQuantity(leg, -0.2);
    const row = s().portfolio.positions.find((p) => p.id === leg)!;
    expect(row.quantity).toBe(-0.2);
    expect(row.cashLeg).toBeUndefined();
    s().editQuantity(trade, 10);
    expect(s().portfolio.positions.find((p) => p.id === leg)!.quantity).toBe(-0.2);
  });
});
