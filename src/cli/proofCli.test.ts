import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runProveCli, runVerifyCli, type ProofCliIo } from './proofCli.ts';

/** An in-memory file system over the repository's real files. */
function memoryIo(): ProofCliIo & { files: Map<string, { text: string; private: boolean }> } {
  const files = new Map<string, { text: string; private: boolean }>();
  return {
    files,
    readText: (p) => files.get(p)?.text ?? readFileSync(p, 'utf8'),
    writeText: (p, text, opts) => {
      if (opts?.exclusive && files.has(p)) throw new Error('EEXIST: file already exists');
      files.set(p, { text, private: opts?.private === true });
    },
    defaultMarketPath: 'public/data/default-market.json',
    defaultMarginParamsPath: 'public/data/margin-params.json',
  };
}

const PROVE = ['--portfolio', 'public/data/default-portfolio.csv', '--key', 'key.json', '--out', 'proof.json', '--opening', 'opening.json'];

describe('npm run prove / verify', () => {
  it('makes a key, a proof and an inclusion proof, and each verifies', async () => {
    const io = memoryIo();
    const key = await runProveCli(['--new-key', 'key.json'], io);
    expect(key.code).toBe(0);
    expect(io.files.get('key.json')!.private).toBe(true);
    expect(key.stdout).toMatch(/Fingerprint [0-9a-f]{4} /);
    // A key file is never overwritten.
    const again = await runProveCli(['--new-key', 'key.json'], io);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('EEXIST');

    const proof = await runProveCli(PROVE, io);
    expect(proof.stderr).toBe('');
    expect(proof.code).toBe(0);
    expect(proof.stdout).toContain('33 positions in a 64-leaf tree');
    expect(proof.stdout).toContain('Claim "equity ≥ MM in every currency": TRUE');
    expect(io.files.get('opening.json')!.private).toBe(true);

    const verified = await runVerifyCli(['proof.json', '--opening', 'opening.json', '--market', 'public/data/default-market.json'], io);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('VERIFIED (signature, market file, full opening');

    const amb = await runProveCli(['--opening', 'opening.json', '--include', 'BTC', '--out', 'inc.json'], io);
    expect(amb.code).toBe(1);
    expect(amb.stderr).toContain('3 positions match BTC');
    const inc = await runProveCli(['--opening', 'opening.json', '--include', 'btc', '--venue', 'OKX', '--out', 'inc.json'], io);
    expect(inc.code).toBe(0);
    expect(inc.stdout).toContain('BTC 3 coin @ 82705.41 (okx)');
    const incVerified = await runVerifyCli(['proof.json', '--inclusion', 'inc.json'], io);
    expect(incVerified.code).toBe(0);
    const nth = await runProveCli(['--opening', 'opening.json', '--include', 'BTC', '--nth', '2', '--out', 'inc2.json'], io);
    expect(nth.code).toBe(0);

    const pub = await runProveCli(['--key', 'key.json', '--export-public', 'pub.json'], io);
    expect(pub.code).toBe(0);
    expect(io.files.get('pub.json')!.text).not.toContain('privateKey');
    expect((await runVerifyCli(['proof.json', '--public-key', 'pub.json'], io)).code).toBe(0);

    const json = await runVerifyCli(['proof.json', '--json'], io);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, statement: { treeSize: 64 } });
  });

  it('verify exits 1 and names the failed check', async () => {
    const io = memoryIo();
    await runProveCli(['--new-key', 'key.json'], io);
    await runProveCli(PROVE, io);
    const opening = JSON.parse(io.files.get('opening.json')!.text) as { marginParameters: { general: { mm_factor: number } } };
    opening.marginParameters.general.mm_factor = 0.7;
    io.files.set('bad-opening.json', { text: JSON.stringify(opening), private: false });
    const r = await runVerifyCli(['proof.json', '--opening', 'bad-opening.json'], io);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  Parameters: parameters hash differs');
    expect(r.stdout).toMatch(/NOT VERIFIED: Parameters, Margin BTC, Margin ETH, Margin USDC failed/);
  });

  it('refuses a book with unreadable or unvaluable rows: a proof covers the whole book', async () => {
    const io = memoryIo();
    await runProveCli(['--new-key', 'key.json'], io);
    const bad = await runProveCli([...PROVE.slice(0, 0), '--portfolio', 'e2e/fixtures/bad-rows.csv', ...PROVE.slice(2)], io);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/row\(s\) of "e2e\/fixtures\/bad-rows.csv" could not be read/);
    expect(io.files.has('proof.json')).toBe(false);
    io.files.set('doge.csv', { text: 'instrument,quantity\nBTC,1\nDOGE-PERPETUAL,5\n', private: false });
    const doge = await runProveCli(['--portfolio', 'doge.csv', ...PROVE.slice(2)], io);
    expect(doge.code).toBe(1);
    expect(doge.stderr).toContain('cannot be valued');
  });

  it('usage errors exit 2 with the usage', async () => {
    const io = memoryIo();
    expect((await runProveCli([], io)).code).toBe(2);
    const missing = await runProveCli(['--portfolio', 'x.csv', '--key', 'k.json', '--out', 'p.json'], io);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--portfolio needs --opening');
    expect((await runProveCli(['--new-key', 'k.json', '--out', 'x'], io)).stderr).toContain('--out cannot be used with --new-key');
    expect((await runProveCli(['--frobnicate'], io)).stderr).toContain('unknown argument "--frobnicate"');
    expect((await runVerifyCli([], io)).code).toBe(2);
    expect((await runVerifyCli(['a.json', 'b.json'], io)).stderr).toContain('one proof at a time');
    expect((await runVerifyCli(['--help'], io)).stdout).toContain('Usage: npm run verify');
    const unreadable = await runVerifyCli(['no-such-proof.json'], io);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain('cannot read proof file "no-such-proof.json"');
  });
});
