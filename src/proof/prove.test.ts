import { describe, expect, it } from 'vitest';
import { draftProof, marketHash, normaliseMarket, normaliseParams, parametersHash, ProofInputError } from './prove.ts';
import { defaultBook, defaultMarket, defaultParams, readMarketFile } from './testData.ts';

describe('making a proof', () => {
  it('hashes the market and parameters as a verifier reads them back (normalising is idempotent)', async () => {
    for (const m of [defaultMarket(), readMarketFile('e2e/fixtures/market-btc.json')]) {
      const once = normaliseMarket(m);
      expect(await marketHash(normaliseMarket(once))).toBe(await marketHash(once));
      expect(await marketHash(normaliseMarket(JSON.parse(JSON.stringify(once))))).toBe(await marketHash(m));
    }
    const p = normaliseParams(defaultParams());
    expect(await parametersHash(normaliseParams(p))).toBe(await parametersHash(p));
  });

  it('leaves out what-if and excluded rows and says how many', async () => {
    const book = defaultBook().positions;
    const positions = [...book, { ...book[0]!, id: 'w', whatIf: true }, { ...book[1]!, id: 'x', excluded: true }];
    const draft = await draftProof({ positions, market: defaultMarket(), params: defaultParams() });
    expect(draft.leftOut).toBe(2);
    expect(draft.opening.positions).toHaveLength(book.length);
  });

  it('refuses an empty book, a book of what-if rows only, and invalid parameters', async () => {
    await expect(draftProof({ positions: [], market: defaultMarket(), params: defaultParams() })).rejects.toThrow(ProofInputError);
    const wi = { ...defaultBook().positions[0]!, whatIf: true };
    await expect(draftProof({ positions: [wi], market: defaultMarket(), params: defaultParams() })).rejects.toThrow('no position to prove');
    const bad = { ...defaultParams(), general: { ...defaultParams().general, vol_scenarios_count: 5 } };
    await expect(draftProof({ positions: defaultBook().positions, market: defaultMarket(), params: bad })).rejects.toThrow(
      'the margin parameters are not valid',
    );
  });
});
