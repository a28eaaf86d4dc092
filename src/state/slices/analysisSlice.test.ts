import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../store.ts';
import { DEFAULT_ANALYSIS, parseAnalysisSettings } from './analysisSlice.ts';

let store: AppStore;
const s = () => store.getState();
const scenario = (id: string, spotMove: number) => ({
  id,
  name: id,
  description: '',
  spotMove,
  defaultBeta: 1,
  volShift: 0,
  volTermPower: 0,
  basisCollapse: 0,
  venueDefault: null,
});

beforeEach(() => {
  store = createAppStore();
});

describe('analysis slice', () => {
  it('adds, replaces (same id) and deletes custom scenarios', () => {
    s().saveCustomStress(scenario('a', -0.1));
    s().saveCustomStress(scenario('b', -0.2));
    s().saveCustomStress(scenario('a', -0.3));
    expect(s().analysis.customStress.map((c) => [c.id, c.spotMove])).toEqual([
      ['a', -0.3],
      ['b', -0.2],
    ]);
    s().deleteCustomStress('a');
    expect(s().analysis.customStress.map((c) => c.id)).toEqual(['b']);
  });

  it('sets and clears per-venue and per-underlying inputs; every change is a new object', () => {
    const before = s().analysis;
    s().setVenuePd('okx', 2);
    s().setVenueLgd('okx', 60);
    s().setFundingRate('BTC', 10.95);
    expect(s().analysis).not.toBe(before);
    expect(s().analysis.pdPct).toEqual({ okx: 2 });
    expect(s().analysis.lgdPct).toEqual({ okx: 60 });
    expect(s().analysis.fundingRatePct).toEqual({ BTC: 10.95 });
    s().setVenuePd('okx', null);
    s().setFundingRate('BTC', Number.NaN);
    expect(s().analysis.pdPct).toEqual({});
    expect(s().analysis.fundingRatePct).toEqual({});
  });

  it('outage inputs keep their last valid value', () => {
    s().setOutage({ hours: 8 });
    s().setOutage({ k: -1, venue: 'deribit' });
    expect(s().analysis.outage).toEqual({ hours: 8, k: 3, venue: 'deribit' });
    s().setOpRiskRate(-2);
    expect(s().analysis.opRiskRatePct).toBe(DEFAULT_ANALYSIS.opRiskRatePct);
  });

  it('SPAN and standard-margin parameters: set, cleared with null or a bad value, reset together', () => {
    s().setSpanSetting('shortOptionMinimumPct', 25);
    s().setSpanSetting('extremeMultiple', 3);
    s().setSpanSetting('volScanPts', -1);
    expect(s().analysis.span).toMatchObject({ shortOptionMinimumPct: 25, extremeMultiple: 3, volScanPts: null });
    s().setStandardRate('XRP_USDC', 'imPct', 10);
    s().setStandardRate('XRP_USDC', 'mmPct', 5);
    expect(s().analysis.standardRates).toEqual({ XRP_USDC: { imPct: 10, mmPct: 5, addOnPctPerCoin: null } });
    s().setStandardRate('XRP_USDC', 'imPct', null);
    s().setStandardRate('XRP_USDC', 'mmPct', null);
    expect(s().analysis.standardRates).toEqual({});
    s().setStandardRate('BTC', 'addOnPctPerCoin', 0.01);
    s().resetMarginModels();
    expect(s().analysis.span).toEqual(DEFAULT_ANALYSIS.span);
    expect(s().analysis.standardRates).toEqual({});
  });

  it('parseAnalysisSettings keeps good fields and defaults the rest', () => {
    expect(parseAnalysisSettings(null)).toEqual(DEFAULT_ANALYSIS);
    const parsed = parseAnalysisSettings({
      customStress: [scenario('ok', -0.1), { id: 'bad' }],
      limits: { vegaUsd: 10, varUsd: 'x', deltaCoin: { BTC: 3, ETH: 'no' } },
      pdPct: { okx: 1, bad: null },
      pmeParamsOverride: [1, 2],
    });
    expect(parsed.customStress.map((c) => c.id)).toEqual(['ok']);
    expect(parsed.limits).toEqual({ vegaUsd: 10, deltaCoin: { BTC: 3 } });
    expect(parsed.pdPct).toEqual({ okx: 1 });
    expect(parsed.pmeParamsOverride).toBeNull();
    expect(parsed.span).toEqual(DEFAULT_ANALYSIS.span);
    const withModels = parseAnalysisSettings({
      span: { shortOptionMinimumPct: 20, extremeCoverPct: 'x', lookAheadDays: -1 },
      standardRates: { SOL_USDC: { imPct: 5, mmPct: 'no' }, BAD: 3, EMPTY: {} },
    });
    expect(withModels.span).toEqual({ ...DEFAULT_ANALYSIS.span, shortOptionMinimumPct: 20 });
    expect(withModels.standardRates).toEqual({ SOL_USDC: { imPct: 5, mmPct: null, addOnPctPerCoin: null } });
  });
});
