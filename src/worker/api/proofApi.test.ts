import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePortfolioMargin, buildMarketModel, resolveBook } from '../../engine/index.ts';
import { fileText, marketHash, normaliseMarket, normaliseParams, parametersHash, signStatement } from '../../proof/index.ts';
import { defaultBook, defaultMarket, defaultParams, rfc8032Signer } from '../../proof/testData.ts';
import type { BookInputs } from '../bookCache.ts';
import { setAnalysisTextFetcher } from './marginApi.ts';
import { proofApi } from './proofApi.ts';

const DATA_URL = 'http://riskdeck.test/data/';
const data = { dataUrl: DATA_URL, pmeOverride: null };

beforeAll(() => setAnalysisTextFetcher(async (url) => readFileSync(url.replace(DATA_URL, 'public/data/'), 'utf8')));
afterAll(() => setAnalysisTextFetcher(null));

describe('proof worker API', () => {
  const book = defaultBook();
  const market = defaultMarket();

  it('previews the margin view’s figures for the real book', async () => {
    const withWhatIf = { ...book, positions: [...book.positions, { ...book.positions[0]!, id: 'wi', whatIf: true }] };
    const p = await proofApi.proofPreview({ portfolio: withWhatIf, market, overrides: null }, {}, data);
    expect(p.positions).toBe(book.positions.length);
    expect(p.leftOut).toBe(1);
    expect(p.paramsSource).toBe('file');
    const model = buildMarketModel(market);
    const pme = computePortfolioMargin(resolveBook(book, model), model, defaultParams());
    expect(p.figures.currencies['BTC']!.initialMargin).toBe(pme.currencies['BTC']!.initialMargin);
  });

  it('drafts a statement that, signed, verifies through the same API', async () => {
    const d = await proofApi.proofDraft({ portfolio: book, market, overrides: null }, data);
    if (!d.ok) throw new Error(d.error);
    expect(d.statement.marketHash).toBe(await marketHash(normaliseMarket(market)));
    expect(d.statement.parametersHash).toBe(await parametersHash(defaultParams()));
    const proof = await signStatement(d.statement, await rfc8032Signer());
    const r = await proofApi.verifyProofFiles({ proof: fileText(proof), opening: fileText(d.opening) });
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('commits to the market as overridden and to edited parameters', async () => {
    const inputs: BookInputs = { portfolio: book, market, overrides: { spot: { BTC: 70000 }, volPts: {} } };
    const edited = { ...defaultParams(), general: { ...defaultParams().general, mm_factor: 0.7 } };
    const d = await proofApi.proofDraft(inputs, { dataUrl: DATA_URL, pmeOverride: edited });
    if (!d.ok) throw new Error(d.error);
    expect(d.opening.market.underlyings['BTC']!.index).toBe(70000);
    expect(d.opening.marginParameters.general.mm_factor).toBe(0.7);
    expect(d.statement.parametersHash).toBe(await parametersHash(normaliseParams(edited)));
    const preview = await proofApi.proofPreview(inputs, {}, { dataUrl: DATA_URL, pmeOverride: edited });
    expect(preview.overridesApplied).toBe(true);
    expect(preview.paramsSource).toBe('edited');
  });

  it('says why a book cannot be proven', async () => {
    const d = await proofApi.proofDraft({ portfolio: { name: 'x', positions: [] }, market, overrides: null }, data);
    expect(d).toEqual({ ok: false, error: expect.stringContaining('no position to prove') });
  });
});
