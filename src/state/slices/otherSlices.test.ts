import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../store.ts';
import { MIN_SPOT_PCT, isZeroScenario, toEngineScenario } from './scenarioSlice.ts';
import { NO_OVERRIDES, hasMarketOverrides } from './marketSlice.ts';
import { TEST_MARKET } from '../testing/fixtures.ts';

let store: AppStore;
const s = () => store.getState();

beforeEach(() => {
  store = createAppStore();
});

describe('scenario slice', () => {
  it('sets per-underlying spot moves, vol and days', () => {
    s().setSpotShock('BTC', -10);
    s().setSpotShock('ETH', 5);
    s().setVolShift(5);
    s().setDaysForward(1.5);
    expect(s().scenario).toEqual({ spotPct: { BTC: -10, ETH: 5 }, volPts: 5, days: 1.5 });
  });

  it('clamps spot above −100 % and days to ≥ 0; ignores NaN', () => {
    s().setSpotShock('BTC', -150);
    s().setDaysForward(-3);
    s().setVolShift(Number.NaN);
    expect(s().scenario).toEqual({ spotPct: { BTC: MIN_SPOT_PCT }, volPts: 0, days: 0 });
  });

  it('converts to the engine’s decimals and leaves zero moves out', () => {
    expect(toEngineScenario({ spotPct: { BTC: -10, ETH: 0 }, volPts: 5, days: 1 })).toEqual({ spot: { BTC: -0.1 }, vol: 0.05, days: 1 });
  });

  it('reset and applyScenario', () => {
    s().setVolShift(3);
    expect(isZeroScenario(s().scenario)).toBe(false);
    s().resetScenario();
    expect(isZeroScenario(s().scenario)).toBe(true);
    s().applyScenario({ spotPct: { BTC: -200, ETH: Number.NaN }, volPts: Number.NaN, days: 2 });
    expect(s().scenario).toEqual({ spotPct: { BTC: MIN_SPOT_PCT }, volPts: 0, days: 2 });
  });
});

describe('market slice', () => {
  it('loadMarket clears overrides and the instrument list', () => {
    s().setMarketInstruments([{ name: 'BTC', kind: 'spot', underlying: 'BTC' }]);
    s().setSpotOverride('BTC', 81000);
    s().loadMarket(TEST_MARKET, { fileName: 'm.json', format: 'snapshot', isDefault: false, warnings: [] });
    expect(s().market).toBe(TEST_MARKET);
    expect(s().marketOverrides).toBe(NO_OVERRIDES);
    expect(s().marketInstruments).toEqual([]);
  });

  it('overrides: set, ignore invalid, remove with null, zero vol removes', () => {
    s().setSpotOverride('BTC', 81000);
    s().setSpotOverride('ETH', -5);
    s().setVolOverride('BTC', 2);
    expect(s().marketOverrides).toEqual({ spot: { BTC: 81000 }, volPts: { BTC: 2 } });
    expect(hasMarketOverrides(s().marketOverrides)).toBe(true);
    s().setSpotOverride('BTC', null);
    s().setVolOverride('BTC', 0);
    expect(hasMarketOverrides(s().marketOverrides)).toBe(false);
  });
});

describe('ui and results slices', () => {
  it('a notice with the same id replaces the previous one', () => {
    s().pushNotice({ id: 'a', level: 'info', text: 'one' });
    s().pushNotice({ id: 'a', level: 'warning', text: 'two' });
    expect(s().notices).toEqual([{ id: 'a', level: 'warning', text: 'two' }]);
    s().dismissNotice('a');
    expect(s().notices).toEqual([]);
  });

  it('storage status only notifies on change', () => {
    let calls = 0;
    store.subscribe(() => (calls += 1));
    s().setStorageStatus('saved');
    s().setStorageStatus('saved');
    expect(calls).toBe(1);
  });

  it('results keep the last report while a new one runs, and clear the error on success', () => {
    s().failResults('boom');
    expect(s().resultsStatus).toBe('error');
    const report = { valuationTime: 'x', positions: [], byUnderlying: {}, errors: [], totalValueUsd: 0 };
    s().receiveReport(report, 3);
    s().markResultsRunning();
    expect(s().report).toBe(report);
    expect(s().resultsError).toBeNull();
    expect(s().resultsStatus).toBe('running');
  });
});
