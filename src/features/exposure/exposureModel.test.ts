import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { BookInputs } from '../../worker/bookCache.ts';
import { importMarketText } from '../../io/importMarket.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';
import { marginApi, setAnalysisTextFetcher } from '../../worker/api/marginApi.ts';
import {
  PFE_CONFIDENCES,
  PFE_HORIZONS_DAYS,
  carryRows,
  counterpartyTable,
  cumulativeUsd,
  outageModel,
  pfeTable,
  settlementCurrencies,
  settlementRows,
} from './exposureModel.ts';

const m = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'm');
const p = importPortfolioText(readFileSync('public/data/default-portfolio.csv', 'utf8'), 'p');
if (!m.ok || !p.ok) throw new Error('default data');
const inputs: BookInputs = { portfolio: p.result.portfolio, market: m.snapshot, overrides: null };
setAnalysisTextFetcher(async (url) => readFileSync(url.replace('http://t/data/', 'public/data/'), 'utf8'));
const view = await marginApi.analysisExposure(
  inputs,
  {},
  {
    dataUrl: 'http://t/data/',
    pmeOverride: null,
    pdPct: { okx: 2 },
    lgdPct: { okx: 40 },
    horizonsDays: PFE_HORIZONS_DAYS,
    opRiskRatePct: 1,
    opRiskRatePctByVenue: {},
    outage: { hours: 4, k: 3, venue: null },
    fundingRatePct: { BTC: 10 },
  },
);

describe('exposure view-model', () => {
  it('counterparty rows in percent, totals and the largest venue', () => {
    const t = counterpartyTable(view);
    expect(t.rows.map((r) => r.venue)).toEqual(['deribit', 'coinbase', 'okx']);
    const okx = t.rows[2]!;
    expect(okx.pdPct).toBeCloseTo(2, 12);
    expect(okx.lgdPct).toBeCloseTo(40, 12);
    expect(okx.expectedLossUsd).toBeCloseTo(0.02 * 0.4 * okx.exposureUsd, 6);
    expect(t.rows[0]!.pdPct).toBeNull();
    expect(t.totals.expectedLossUsd).toBeCloseTo(okx.expectedLossUsd!, 6);
    expect(t.totals.exposureUsd).toBeCloseTo(
      t.rows.reduce((s, r) => s + r.exposureUsd, 0),
      6,
    );
    expect(t.largest?.venue).toBe('deribit');
    expect(counterpartyTable(null).rows).toEqual([]);
  });
  it('collateral + derivatives = equity; the spot holdings’ gain against cost is not counted again as unrealised P&L', () => {
    const t = counterpartyTable(view);
    for (const r of t.rows) expect(r.collateralUsd + r.derivativesValueUsd).toBeCloseTo(r.equityUsd, 6);
    // The default book's spot: BTC 5 at 78,302.84 (coinbase); BTC 3 at 82,705.41 and ETH 60 at 2,504.04 (okx).
    const S = m.snapshot.underlyings['BTC']!.index;
    const E = m.snapshot.underlyings['ETH']!.index;
    const coinbase = t.rows.find((r) => r.venue === 'coinbase')!;
    const okx = t.rows.find((r) => r.venue === 'okx')!;
    expect(coinbase.spotPnlUsd).toBeCloseTo(5 * (S - 78_302.84), 6);
    expect(okx.spotPnlUsd).toBeCloseTo(3 * (S - 82_705.41) + 60 * (E - 2_504.04), 6);
    // Coinbase and OKX hold spot and cash only here: nothing unrealised beyond what the collateral already shows.
    for (const r of [coinbase, okx]) if (r.derivativesValueUsd === 0) expect(r.unrealisedPnlUsd).toBe(0);
    expect(t.totals.derivativesValueUsd).toBeCloseTo(
      t.rows.reduce((a, r) => a + r.derivativesValueUsd, 0),
      6,
    );
  });
  it('PFE grid: one cell per horizon × confidence, 99 % ≥ 95 %, longer horizons spread more', () => {
    const rows = pfeTable(view);
    expect(rows[0]!.cells).toHaveLength(PFE_HORIZONS_DAYS.length * PFE_CONFIDENCES.length);
    for (const r of rows) {
      for (let i = 0; i < r.cells.length; i += 2) expect(r.cells[i + 1]!.pfeUsd!).toBeGreaterThanOrEqual(r.cells[i]!.pfeUsd!);
    }
    const btcVenue = rows.find((r) => r.venue === 'okx')!;
    expect(btcVenue.cells.at(-1)!.pfeUsd!).toBeGreaterThan(btcVenue.cells[1]!.pfeUsd!);
  });
  it('outage: moves per underlying from the realised σ, the worse side', () => {
    const o = outageModel(view)!;
    expect(o.moves.map((x) => x.underlying)).toEqual(['BTC', 'ETH']);
    expect(o.moves[0]!.movePct).toBeCloseTo(3 * o.moves[0]!.dailyVolPct * Math.sqrt(4 / 24), 10);
    expect(o.unhedgedLossUsd).toBe(Math.max(0, -Math.min(o.upPnlUsd, o.downPnlUsd)));
  });
  it('settlements earliest first with days to expiry; cumulative cash profile; carry per underlying', () => {
    const { rows, totalUsd } = settlementRows(view, m.snapshot.valuationTime);
    expect(rows.map((r) => r.date)).toEqual([...rows.map((r) => r.date)].sort());
    expect(rows[0]!.daysToExpiry).toBeGreaterThan(0);
    expect(cumulativeUsd(rows).at(-1)).toBeCloseTo(totalUsd, 6);
    expect(settlementCurrencies(rows)).toEqual(['BTC', 'ETH', 'USDC']);
    const carry = carryRows(view);
    const btc = carry.rows.find((r) => r.underlying === 'BTC')!;
    expect(btc).toMatchObject({ source: 'input' });
    expect(btc.fundingRatePct).toBeCloseTo(10, 12);
    // Short perpetuals receive a positive funding rate.
    expect(btc.perpetualNotionalUsd).toBeLessThan(0);
    expect(btc.fundingUsdPerDay).toBeCloseTo((-btc.perpetualNotionalUsd * 0.1) / 365, 8);
    expect(carry.totals.net).toBeCloseTo(carry.totals.funding + carry.totals.theta, 8);
  });
});
