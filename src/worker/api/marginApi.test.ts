import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  buildMarketModel,
  compileBook,
  computeCounterparty,
  exchangeOutage,
  marginReport,
  resolveBook,
  runStress,
  runVar,
  STRESS_PRESETS,
  type StressScenario,
} from '../../engine/index.ts';
import { importMarketText } from '../../io/importMarket.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';
import { buildVarHistory } from '../../io/history.ts';
import type { BookInputs } from '../bookCache.ts';
import { marginApi, setAnalysisTextFetcher } from './marginApi.ts';

const DATA_URL = 'http://riskdeck.test/data/';

function load() {
  const m = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'default-market.json');
  const p = importPortfolioText(readFileSync('public/data/default-portfolio.csv', 'utf8'), 'default-portfolio.csv');
  if (!m.ok || !p.ok) throw new Error('default data unreadable');
  return { market: m.snapshot, book: p.result.portfolio };
}

const { market, book } = load();
const model = buildMarketModel(market);
const resolved = resolveBook(book, model);
const inputs: BookInputs = { portfolio: book, market, overrides: null };
const data = { dataUrl: DATA_URL, pmeOverride: null };
const fetched: string[] = [];

beforeAll(() => {
  setAnalysisTextFetcher(async (url) => {
    fetched.push(url);
    return readFileSync(url.replace(DATA_URL, 'public/data/'), 'utf8');
  });
});
afterAll(() => setAnalysisTextFetcher(null));

const custom: StressScenario = {
  id: 'custom-1',
  name: 'BTC −20 %',
  description: '',
  spotMove: -0.2,
  defaultBeta: 1.3,
  volShift: 0.1,
  volTermPower: 0.3,
  basisCollapse: 0.5,
  venueDefault: 'okx',
};

describe('marginApi', () => {
  it('stress: presets then valid customs, equal to runStress; invalid customs reported, not run', () => {
    const bad = { ...custom, id: 'bad', basisCollapse: 2 };
    const r = marginApi.analysisStress(inputs, {}, { custom: [custom, bad] });
    const expected = runStress(resolved, model, [...STRESS_PRESETS, custom]);
    expect(r.results.map((x) => x.id)).toEqual(expected.map((x) => x.id));
    r.results.forEach((x, i) => expect(x.pnlUsd).toBeCloseTo(expected[i]!.pnlUsd, 6));
    expect(Object.keys(r.invalid)).toEqual(['bad']);
    expect(r.presetIds).toHaveLength(STRESS_PRESETS.length);
  });

  it('margin: IM/MM per currency equal the report’s margin{} with the file’s parameters', async () => {
    const r = await marginApi.analysisMargin(inputs, {}, data);
    const expected = marginReport(resolved, model);
    expect(r.params.source).toBe('file');
    expect(Object.keys(r.currencies).sort()).toEqual(Object.keys(expected).sort());
    for (const [ccy, e] of Object.entries(expected)) {
      expect(r.currencies[ccy]!.initialMargin).toBeCloseTo(e.initialMargin, 10);
      expect(r.currencies[ccy]!.maintenanceMargin).toBeCloseTo(e.maintenanceMargin, 10);
      expect(r.currencies[ccy]!.worstScenario?.text).toBe(e.worstScenario);
    }
    expect(r.accounts.map((a) => a.venue)).toEqual(['deribit', 'coinbase', 'okx']);
  });

  it('margin: edited parameters are used when valid, else reported with a fall-back to the file', async () => {
    const file = JSON.parse(readFileSync('public/data/margin-params.json', 'utf8')) as Record<string, unknown>;
    const general = { ...(file.general as object), mm_factor: 0.5 };
    const edited = await marginApi.analysisMargin(inputs, {}, { ...data, pmeOverride: { ...file, general } });
    expect(edited.params.source).toBe('edited');
    const btc = edited.currencies.BTC!;
    expect(btc.maintenanceMargin).toBeCloseTo(0.5 * btc.riskMatrixMargin, 12);
    const broken = await marginApi.analysisMargin(inputs, {}, { ...data, pmeOverride: { general: {} } });
    expect(broken.params.source).toBe('file');
    expect(broken.params.errors.length).toBeGreaterThan(0);
    expect(broken.params.errors[0]).toMatch(/^edited parameters: /);
  });

  it('liquidation: only venues holding derivatives, each underlying and all together', async () => {
    const r = await marginApi.analysisLiquidation(inputs, {}, data);
    expect(r.venues.map((v) => v.venue)).toEqual(['deribit']);
    expect(Object.keys(r.venues[0]!.byUnderlying).sort()).toEqual(['BTC', 'ETH']);
    expect(r.venues[0]!.all.target).toBe('ALL');
  });

  it('exposure: counterparty with PFE, outage at realised σ, settlements and carry', async () => {
    const r = await marginApi.analysisExposure(
      inputs,
      {},
      {
        ...data,
        pdPct: { okx: 2 },
        lgdPct: { okx: 50 },
        horizonsDays: [1, 10],
        opRiskRatePct: 1,
        opRiskRatePctByVenue: { okx: 3 },
        outage: { hours: 6, k: 3, venue: 'deribit' },
        fundingRatePct: { BTC: 10 },
      },
    );
    const okx = r.counterparty.venues.find((v) => v.venue === 'okx')!;
    expect(okx.expectedLossUsd).toBeCloseTo(0.02 * 0.5 * okx.exposureUsd, 6);
    expect(okx.pfe.map((p) => [p.horizonDays, p.confidence])).toEqual([
      [1, 0.95],
      [1, 0.99],
      [10, 0.95],
      [10, 0.99],
    ]);
    expect(r.pfeWindow?.returns).toBe(730);
    expect(r.counterparty.venues.reduce((s, v) => s + v.share, 0)).toBeCloseTo(1, 12);
    expect(r.operational.venues.find((v) => v.venue === 'okx')!.addOnUsd).toBeCloseTo(0.03 * okx.exposureUsd, 6);
    expect(r.dailyVol.BTC!.source).toBe('realised');
    const expected = exchangeOutage(resolved, {
      hours: 6,
      k: 3,
      dailyVol: { BTC: r.dailyVol.BTC!.vol, ETH: r.dailyVol.ETH!.vol },
      venue: 'deribit',
    });
    expect(r.outage.unhedgedLossUsd).toBeCloseTo(expected.unhedgedLossUsd, 6);
    expect(r.carry.byUnderlying.BTC!.fundingRateSource).toBe('input');
    expect(r.carry.byUnderlying.BTC!.fundingRate).toBeCloseTo(0.1, 15);
    expect(r.settlements.length).toBeGreaterThan(5);
  });

  it('limits: figures from the report, PME accounts and the counterparty split; VaR = runVar historical 99 % 1-day', async () => {
    const r = await marginApi.analysisLimits(
      inputs,
      {},
      { ...data, limits: { vegaUsd: 1, varUsd: 1e12, deltaCoin: { BTC: 1000 }, marginUsage: 0.01, venueConcentration: 0.5 } },
    );
    const files = ['btc', 'eth', 'sol'].map((c) => ({
      fileName: `${c}-usd-daily.csv`,
      text: readFileSync(`public/data/history/${c}-usd-daily.csv`, 'utf8'),
    }));
    const h = buildVarHistory(files);
    if (!h.ok) throw new Error(h.error);
    const v = runVar(compileBook(resolved, model), h.history, { method: 'historical', confidence: 0.99, horizonDays: 1 });
    if (!v.ok) throw new Error(v.error);
    expect(r.var?.varUsd).toBeCloseTo(v.report.varUsd, 6);
    const status = Object.fromEntries(r.result.checks.map((c) => [c.key, c.status]));
    expect(status).toMatchObject({
      vegaUsd: 'breach',
      varUsd: 'ok',
      'deltaCoin:BTC': 'ok',
      'marginUsage:deribit': 'breach',
      'venueConcentration:deribit': 'breach',
    });
    // Venues without derivatives carry no margin usage; every venue has a share.
    expect(Object.keys(r.figures.marginUsage ?? {})).toEqual(['deribit']);
    const shares = computeCounterparty(resolved, model).venues.map((x) => x.share);
    expect(Object.values(r.figures.venueShare ?? {})).toEqual(shares);
    expect(r.underlyings).toEqual(['BTC', 'ETH']);
    // Histories and parameters are fetched once per worker.
    expect(fetched.filter((u) => u.endsWith('btc-usd-daily.csv'))).toHaveLength(1);
  });
});
