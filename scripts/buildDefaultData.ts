/**
 * Build the embedded default data under public/data/ from the shared, read-only data folder:
 *
 * - `default-market.json`: BTC and ETH market snapshot from the real Deribit chain CSV of 2026-08-22
 *   (src/io/chainCsv.ts rules), written with serializeMarketSnapshot (deterministic);
 * - `default-portfolio.csv` and `default-portfolio.json`: a sample book priced entirely by that market, entry
 *   prices a little off the marks (coin for inverse options, USD otherwise);
 * - `history/*.csv`: the daily price and DVOL histories, copied byte for byte;
 * - `README.md`: provenance and how the files were built.
 *
 * Usage: `npx tsx scripts/buildDefaultData.ts [--shared DIR] [--check]`
 *   --shared DIR  the shared data folder (default: ../shared/data relative to the repository root)
 *   --check       write nothing; exit 1 if any output differs from what would be written
 * The outputs are committed, so the app and CI never need the shared folder.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInstrument } from '../src/domain/instrument.ts';
import type { MarketSnapshot } from '../src/domain/market.ts';
import { parseChainCsv, readChainCsvRows, type ChainRow } from '../src/io/chainCsv.ts';
import { serializeMarketSnapshot } from '../src/io/marketSnapshot.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const CHAIN_FILE = 'deribit-chain-2026-08-22.csv';
const HISTORY_FILES = ['btc-usd-daily.csv', 'eth-usd-daily.csv', 'sol-usd-daily.csv', 'dvol-btc-daily.csv', 'dvol-eth-daily.csv'] as const;
const CHAIN_COMMIT = '094251c1f0dc7592903cc357b8e9e511ed63d02d';
const SOURCE =
  `Deribit BTC and ETH option chain snapshot 2026-08-22 03:50:45 UTC (${CHAIN_FILE}; marks and IVs from ` +
  `public/get_book_summary_by_currency), via znmahbub/SVCJ-Deribit-Inverse-Options-Pricer ` +
  `data/deribit_options_snapshot_20260822T035045Z.csv at commit ${CHAIN_COMMIT}. Index = median index_price per ` +
  `currency; forward per expiry = median underlying; smile = OTM side's implied_volatility per strike; halfSpreads = ` +
  `(ask - bid)/2 in coin. No perpetual mark in the data: perpetual omitted (defaults to the index).`;

// ---------------------------------------------------------------------------------------------------------------
// The sample book
// ---------------------------------------------------------------------------------------------------------------

type Unit = 'coin' | 'usd' | 'contracts';

/** One position of the sample book; `offset` is the entry price's relative distance from today's mark. */
interface BookLine {
  readonly instrument: string;
  readonly quantity: number;
  readonly unit?: Unit;
  /** Entry = mark × (1 + offset), rounded to the tick; null for cash. */
  readonly offset: number | null;
  readonly venue: string;
  readonly label: string;
}

const BOOK: readonly BookLine[] = [
  // BTC inverse options
  { instrument: 'BTC-25SEP26-90000-C', quantity: -10, offset: 0.06, venue: 'deribit', label: 'short strangle' },
  { instrument: 'BTC-25SEP26-68000-P', quantity: -10, offset: 0.08, venue: 'deribit', label: 'short strangle' },
  { instrument: 'BTC-25DEC26-90000-C', quantity: 15, offset: -0.04, venue: 'deribit', label: 'call spread' },
  { instrument: 'BTC-25DEC26-110000-C', quantity: -15, offset: -0.07, venue: 'deribit', label: 'call spread' },
  { instrument: 'BTC-30OCT26-65000-P', quantity: 20, offset: 0.05, venue: 'deribit', label: 'protective puts' },
  { instrument: 'BTC-25JUN27-60000-P', quantity: 5, offset: 0.03, venue: 'deribit', label: 'protective puts' },
  { instrument: 'BTC-28AUG26-80000-C', quantity: -8, offset: 0.12, venue: 'deribit', label: 'calendar' },
  { instrument: 'BTC-30OCT26-80000-C', quantity: 8, offset: 0.02, venue: 'deribit', label: 'calendar' },
  { instrument: 'BTC-4SEP26-75000-P', quantity: -5, offset: -0.05, venue: 'deribit', label: 'short put' },
  { instrument: 'BTC-26MAR27-100000-C', quantity: 4, offset: -0.03, venue: 'deribit', label: 'upside calls' },
  // BTC linear (USDC) option
  { instrument: 'BTC_USDC-25SEP26-80000-C', quantity: 3, offset: -0.04, venue: 'deribit', label: 'linear call' },
  // ETH inverse options
  { instrument: 'ETH-25SEP26-3000-C', quantity: -150, offset: 0.07, venue: 'deribit', label: 'short strangle' },
  { instrument: 'ETH-25SEP26-2100-P', quantity: -150, offset: 0.05, venue: 'deribit', label: 'short strangle' },
  { instrument: 'ETH-25DEC26-2000-P', quantity: 200, offset: 0.04, venue: 'deribit', label: 'protective puts' },
  { instrument: 'ETH-30OCT26-2800-C', quantity: 250, offset: -0.05, venue: 'deribit', label: 'call spread' },
  { instrument: 'ETH-30OCT26-3200-C', quantity: -250, offset: -0.08, venue: 'deribit', label: 'call spread' },
  { instrument: 'ETH-11SEP26-2500-C', quantity: -100, offset: 0.09, venue: 'deribit', label: 'calendar' },
  { instrument: 'ETH-25DEC26-2500-C', quantity: 100, offset: -0.02, venue: 'deribit', label: 'calendar' },
  { instrument: 'ETH-28AUG26-2400-P', quantity: -80, offset: 0.1, venue: 'deribit', label: 'short put' },
  // Inverse futures (one in USD notional, one in contracts) and perpetuals
  { instrument: 'BTC-25DEC26', quantity: -400000, unit: 'usd', offset: 0.011, venue: 'deribit', label: 'basis trade' },
  { instrument: 'ETH-26MAR27', quantity: -150000, unit: 'contracts', offset: 0.014, venue: 'deribit', label: 'basis trade' },
  { instrument: 'BTC-PERPETUAL', quantity: -800000, unit: 'usd', offset: -0.012, venue: 'deribit', label: 'delta hedge' },
  { instrument: 'ETH-PERPETUAL', quantity: -80, offset: 0.018, venue: 'deribit', label: 'delta hedge' },
  // Linear perpetuals (coin)
  { instrument: 'BTC_USDC-PERPETUAL', quantity: -2.5, offset: 0.021, venue: 'deribit', label: 'delta hedge' },
  { instrument: 'ETH_USDC-PERPETUAL', quantity: -60, offset: 0.016, venue: 'deribit', label: 'delta hedge' },
  // Spot collateral and cash across venues
  { instrument: 'BTC', quantity: 10, offset: -0.085, venue: 'deribit', label: 'collateral' },
  { instrument: 'BTC', quantity: 5, offset: -0.004, venue: 'coinbase', label: 'basis trade' },
  { instrument: 'BTC', quantity: 3, offset: 0.052, venue: 'okx', label: 'collateral' },
  { instrument: 'ETH', quantity: 200, offset: -0.11, venue: 'deribit', label: 'collateral' },
  { instrument: 'ETH', quantity: 60, offset: -0.006, venue: 'okx', label: 'basis trade' },
  { instrument: 'USDC', quantity: 500000, offset: null, venue: 'deribit', label: 'collateral' },
  { instrument: 'USDC', quantity: 250000, offset: null, venue: 'coinbase', label: 'cash' },
  { instrument: 'USDC', quantity: 150000, offset: null, venue: 'okx', label: 'cash' },
];

/** A position as written to the files. */
interface BookPosition {
  readonly instrument: string;
  readonly quantity: number;
  readonly unit?: Unit;
  readonly entryPrice: number | null;
  readonly venue: string;
  readonly label: string;
  /** Today's mark in the entry price's currency (for the summary). */
  readonly mark: number | null;
}

function roundTo(x: number, tick: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(tick) + 1e-9));
  return Number((Math.round(x / tick) * tick).toFixed(decimals));
}

/** Price the sample book off the chain; throws when an instrument is not in the market. */
function priceBook(snapshot: MarketSnapshot, rows: readonly ChainRow[]): BookPosition[] {
  const marks = new Map(rows.map((r) => [r.instrument.name, r]));
  return BOOK.map((line) => {
    const parsed = parseInstrument(line.instrument);
    if (!parsed.ok) throw new Error(`sample book: ${parsed.error}`);
    const inst = parsed.value;
    const market = inst.kind === 'cash' ? undefined : snapshot.underlyings[inst.underlying];
    if (inst.kind !== 'cash' && !market) throw new Error(`sample book: no market for ${inst.underlying} (${line.instrument})`);
    let mark: number | null = null;
    let tick = 0.01;
    if (inst.kind === 'option') {
      const iso = new Date(inst.expiryMs).toISOString();
      if (!market?.smiles.some((s) => s.expiry === iso)) throw new Error(`sample book: ${line.instrument}: no smile for ${iso}`);
      const inverseName = inst.settlement === 'linear' ? inst.name.replace('_USDC', '') : inst.name;
      const row = marks.get(inverseName);
      if (!row || row.mark === null) throw new Error(`sample book: ${line.instrument}: ${inverseName} is not in the chain`);
      // Linear option mark = Black-76 in USD = inverse coin mark × forward.
      mark = inst.settlement === 'linear' ? row.mark * row.forward : row.mark;
      tick = inst.settlement === 'linear' ? 5 : 0.0001;
    } else if (inst.kind === 'future') {
      const iso = new Date(inst.expiryMs).toISOString();
      const fwd = market?.forwards.find((f) => f.expiry === iso);
      if (!fwd) throw new Error(`sample book: ${line.instrument}: no forward for ${iso}`);
      mark = fwd.price;
      tick = inst.underlying === 'BTC' ? 2.5 : 0.25;
    } else if (inst.kind === 'perpetual') {
      mark = market?.perpetual ?? market?.index ?? null;
      tick = inst.underlying === 'BTC' ? 0.5 : 0.05;
    } else if (inst.kind === 'spot') {
      mark = market?.index ?? null;
    }
    let entryPrice: number | null = null;
    if (line.offset !== null) {
      if (mark === null) throw new Error(`sample book: ${line.instrument}: no mark to set an entry price from`);
      entryPrice = roundTo(mark * (1 + line.offset), tick);
      if (entryPrice === mark || !(entryPrice > 0)) throw new Error(`sample book: ${line.instrument}: entry ${entryPrice} vs mark ${mark}`);
    }
    return {
      instrument: inst.name,
      quantity: line.quantity,
      ...(line.unit ? { unit: line.unit } : {}),
      entryPrice,
      venue: line.venue,
      label: line.label,
      mark,
    };
  });
}

function portfolioCsv(book: readonly BookPosition[]): string {
  const lines = ['instrument,quantity,unit,entry_price,venue,label'];
  for (const p of book) {
    lines.push(
      [p.instrument, String(p.quantity), p.unit ?? '', p.entryPrice === null ? '' : String(p.entryPrice), p.venue, p.label].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function portfolioJson(book: readonly BookPosition[]): string {
  const positions = book.map((p) => ({
    instrument: p.instrument,
    quantity: p.quantity,
    ...(p.unit && p.unit !== 'coin' ? { unit: p.unit } : {}),
    ...(p.entryPrice === null ? {} : { entryPrice: p.entryPrice }),
    venue: p.venue,
    label: p.label,
  }));
  return `${JSON.stringify({ schemaVersion: 1, name: 'Riskdeck sample book (Deribit, 2026-08-22)', positions }, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// README
// ---------------------------------------------------------------------------------------------------------------

function marketFacts(snapshot: MarketSnapshot): string {
  const rows = Object.entries(snapshot.underlyings).map(([code, u]) => {
    const points = u.smiles.reduce((n, s) => n + s.points.length, 0);
    const first = u.forwards[0];
    const last = u.forwards[u.forwards.length - 1];
    return `| ${code} | ${u.index} | ${u.forwards.length} (${first?.expiry.slice(0, 10)} … ${last?.expiry.slice(0, 10)}) | ${first?.price} … ${last?.price} | ${points} | ${Object.keys(u.halfSpreads ?? {}).length} |`;
  });
  return [
    '| underlying | index (USD) | expiries | forwards (USD) | smile points | half-spreads |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function bookFacts(book: readonly BookPosition[]): string {
  const count = (f: (p: BookPosition) => boolean): number => book.filter(f).length;
  const kind = (p: BookPosition): string => {
    const r = parseInstrument(p.instrument);
    return r.ok ? `${r.value.settlement} ${r.value.kind}` : 'invalid';
  };
  const kinds = [...new Set(book.map(kind))].map((k) => `${count((p) => kind(p) === k)} ${k}`).join(', ');
  const venues = [...new Set(book.map((p) => p.venue))].map((v) => `${v} ${count((p) => p.venue === v)}`).join(', ');
  const labels = [...new Set(book.map((p) => p.label))].join(', ');
  return `${book.length} positions: ${kinds} (cash and spot count as linear). Venues: ${venues}. Labels: ${labels}.`;
}

function readme(snapshot: MarketSnapshot, book: readonly BookPosition[], rows: readonly ChainRow[]): string {
  const perCurrency = [...new Set(rows.map((r) => r.currency))]
    .map((c) => `${rows.filter((r) => r.currency === c).length} ${c}`)
    .join(', ');
  const chainRows = `${rows.length} option rows: ${perCurrency}`;
  return `# Embedded default data

Generated by \`npx tsx scripts/buildDefaultData.ts\` (options: \`--shared DIR\` for the shared data folder, default
\`../shared/data\` from the repository root; \`--check\` to verify these files are up to date without writing).
Do not edit by hand: change the script and re-run it. The app and CI read only this folder.

| file | content |
|---|---|
| \`default-market.json\` | market snapshot (PRODUCT.md "Market snapshot JSON"), BTC and ETH, from the real Deribit chain of 2026-08-22 03:50:45 UTC |
| \`default-portfolio.csv\` | sample book priced entirely by that market (Portfolio CSV format) |
| \`default-portfolio.json\` | the same book in the Portfolio JSON format |
| \`history/*.csv\` | daily price and DVOL histories (reference data for VaR / ES / stress tests), copied byte for byte |

## default-market.json

Built by \`src/io/chainCsv.ts\` from \`${CHAIN_FILE}\` (${chainRows}; one timestamp
2026-08-22T03:50:45.199229+00:00, taken to the millisecond as \`valuationTime\` ${snapshot.valuationTime}):

- **index** per currency: the median \`index_price\` over that currency's rows (it drifts by a few dollars across
  rows, which were fetched over a few minutes);
- **forwards**: one per expiry, the median \`underlying\` (the same-expiry forward Deribit priced the marks on);
- **smiles**: per expiry and strike the out-of-the-money side's \`implied_volatility\` (decimal = mark_iv/100): the
  call when K ≥ F, the put when K < F (in this chain every strike has both, at the same IV);
- **perpetual**: the chain has no perpetual mark, so the field is omitted and the perpetual defaults to the index;
- **halfSpreads**: (ask − bid)/2 in coin per option where both sides are positive;
- expiry instants 08:00 UTC on the named date; values cleaned of binary floating-point noise (12 significant digits).

${marketFacts(snapshot)}

The 22AUG26 expiry is about 4 hours after the valuation time.

## default-portfolio.csv / .json

${bookFacts(book)}
Every option exists in the chain, every future's expiry has a quoted forward. Entry prices are a few percent off
today's marks, rounded to the tick: coin for inverse options, USD for the linear option (inverse mark × forward),
futures, perpetuals (mark = index) and spot; cash has none. Units as given: \`usd\` for BTC-25DEC26 and
BTC-PERPETUAL, \`contracts\` (USD 1 each) for ETH-26MAR27, coin otherwise (empty in the CSV, omitted in the JSON).

## Provenance of the Deribit chain

- Repository \`znmahbub/SVCJ-Deribit-Inverse-Options-Pricer\`, \`data/deribit_options_snapshot_20260822T035045Z.csv\`,
  commit \`${CHAIN_COMMIT}\` (HEAD \`516b0cb0f4d7c0f2874d04662961b01147583c5f\`); no licence stated; exchange
  market data, values unchanged.
- Content: BTC and ETH options at 2026-08-22 03:50:45 UTC: \`instrument_name\`, \`underlying\` (the same-expiry
  forward), \`futures_instrument_name\`, \`strike\`, \`expiry_datetime\`, \`bid_price\`, \`ask_price\`, \`mark_price\`
  (coin), \`implied_volatility\` (decimal = mark_iv/100), \`delta\`, \`vega\` (ticker values), \`open_interest\`,
  \`volume\`, \`index_price\`. Marks and IVs come from \`public/get_book_summary_by_currency\`; delta and vega from
  per-instrument \`public/ticker\` calls made seconds to minutes later. The file has ${chainRows}
  (the shared README's "BTC (988) and ETH (878)" undercounts them).
- Re-pricing check (shared \`deribit-raw/PROVENANCE.md\`): Black-76 on \`underlying\` with the IV reproduces the marks
  to 7e-5 (BTC) and 5e-4 (ETH) median relative error.

## history/

All files: \`date,close\`, ISO dates (UTC calendar days), ascending, one row per day,
no duplicates, no gaps, all values > 0. Only data was taken from the source
repositories (no code). Values are unchanged from the source (only the
date column was normalised and other columns dropped).

| file | series | first | last | rows | missing days |
|---|---|---|---|---|---|
| \`btc-usd-daily.csv\` | BTC-USD daily close (Yahoo Finance) | 2014-09-17 | 2024-12-31 | 3759 | 0 |
| \`eth-usd-daily.csv\` | ETH-USD daily close (Yahoo Finance) | 2017-11-09 | 2024-12-31 | 2610 | 0 |
| \`sol-usd-daily.csv\` | SOL-USD daily close (Yahoo Finance) | 2020-04-10 | 2024-12-31 | 1727 | 0 |
| \`dvol-btc-daily.csv\` | Deribit BTC DVOL index, daily candle close (vol points, 46.96 = 46.96 %) | 2022-11-06 | 2026-06-22 | 1325 | 0 |
| \`dvol-eth-daily.csv\` | Deribit ETH DVOL index, daily candle close (vol points) | 2023-01-01 | 2026-06-22 | 1269 | 0 |

Largest |daily log return|: BTC 0.465 (2020-03-12), ETH 0.551 (2020-03-12),
SOL 0.550 (2022-11-09) - genuine market moves, not data errors.

### BTC / ETH / SOL prices
- Repository: \`zaskap/ts_foundational_models_daily_crpytocurrency_predictions\`
- Files: \`data/raw/BTC-USD.csv\`, \`data/raw/ETH-USD.csv\`, \`data/raw/SOL-USD.csv\`
- Commit (snapshot HEAD): \`556e01e593ed5a0daf2b03ec5e67bd29faa613e1\`
  (files added in \`22af0143cb7965fb4799e39ec25a785630ef56f6\`, 2025-03-18)
- Licence: MIT (repository \`LICENSE\`, (c) 2025 Aswin Karthik Panneer Selvam).
  The underlying prices are Yahoo Finance data: the repo's loader calls
  \`yfinance.Ticker(...).history(period='max')\` with end date 2024-12-31; Yahoo's
  own terms apply to the data itself.
- Source format: \`Date,Open,High,Low,Close,Volume,Dividends,Stock Splits\`,
  \`Date\` = \`YYYY-MM-DD 00:00:00+00:00\` (Yahoo crypto daily bars span UTC days,
  so Close is the end-of-UTC-day price). We kept \`Close\` verbatim (float strings).
- Cross-check: an independent Yahoo pull in \`MiM0ulay/assets_risk_metrics\`
  (\`data/ETH-USD.csv\`, \`data/SOL-USD.csv\`, commit \`08346dafee81716bbaf4cfd33d73caa8756dd610\`)
  stores the next day's open; our close(d) vs its value(d+1): median rel. diff
  2e-4 (ETH) / 1e-4 (SOL) - consistent.

### Deribit DVOL
Both DVOL files are Deribit's \`public/get_volatility_index_data\` daily candles
(resolution \`1D\`), \`close\` element (index 4), dated by candle start (00:00 UTC).
- \`dvol-btc-daily.csv\`
  - 2022-11-06 .. 2022-12-31 (56 rows): \`kalyar197/eth-dashboard\`,
    \`historical_data/dvol_btc.json\` at commit \`31f0bdc98c71f6418f5b813eae95f4936180d126\`.
    No licence file in that repository.
  - 2023-01-01 .. 2026-06-22 (1269 rows): \`marcinzieba4-bot/Straddle_With_Hedge\`,
    \`data/dvol_btc.csv\` (\`date,dvol_close\`) at commit
    \`d08b45d700cb4ba6b8c8380436964382e24c396b\`. No licence stated. All 1,039 overlapping days
    (2023-01-01 .. 2025-11-04) match the \`kalyar197\` copy exactly.
  - Excluded: \`kalyar197\` rows after 2025-11-04 (partial intraday candles from an incremental updater).
- \`dvol-eth-daily.csv\`: \`marcinzieba4-bot/Straddle_With_Hedge\`, \`data/dvol_eth.csv\`
  at commit \`d08b45d700cb4ba6b8c8380436964382e24c396b\`. No second copy was available to cross-check.

### Caveats
- No gap-free public daily series running past 2024-12-31 turned up for
  BTC/ETH/SOL prices. The Yahoo files end on 2024-12-31.
- DVOL history before 2022-11-06 (BTC) and before 2023-01-01 (ETH) was not found.
- The price series and DVOL come from different sources (Yahoo close vs the
  Deribit DVOL daily close). Both are end-of-UTC-day values, but the
  underlying indices differ (Yahoo's aggregate price vs the Deribit index).
`;
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

function parseArgs(argv: readonly string[]): { shared: string; check: boolean } {
  let shared = resolve(repoRoot, '..', 'shared', 'data');
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--shared') {
      const dir = argv[++i];
      if (!dir) throw new Error('--shared needs a directory');
      shared = resolve(dir);
    } else if (a === '--check') check = true;
    else throw new Error(`unknown argument ${a} (usage: buildDefaultData.ts [--shared DIR] [--check])`);
  }
  return { shared, check };
}

function main(): number {
  const { shared, check } = parseArgs(process.argv.slice(2));
  const chainPath = join(shared, CHAIN_FILE);
  if (!existsSync(chainPath)) throw new Error(`${chainPath} not found (pass --shared DIR)`);
  const chainText = readFileSync(chainPath, 'utf8');

  const market = parseChainCsv(chainText, { source: SOURCE });
  if (!market.ok) throw new Error(`${CHAIN_FILE}: ${market.error}`);
  if (market.warnings.length > 0) throw new Error(`${CHAIN_FILE}: unexpected warnings:\n${market.warnings.join('\n')}`);
  const rows = readChainCsvRows(chainText);
  if (!rows.ok) throw new Error(rows.error);
  const book = priceBook(market.snapshot, rows.rows);

  const outDir = join(repoRoot, 'public', 'data');
  const outputs = new Map<string, Buffer>([
    ['default-market.json', Buffer.from(serializeMarketSnapshot(market.snapshot))],
    ['default-portfolio.csv', Buffer.from(portfolioCsv(book))],
    ['default-portfolio.json', Buffer.from(portfolioJson(book))],
    ['README.md', Buffer.from(readme(market.snapshot, book, rows.rows))],
  ]);
  for (const f of HISTORY_FILES) outputs.set(join('history', f), readFileSync(join(shared, f)));

  let stale = 0;
  for (const [name, content] of outputs) {
    const path = join(outDir, name);
    const same = existsSync(path) && readFileSync(path).equals(content);
    if (check) {
      if (!same) {
        stale++;
        console.error(`stale: ${relative(repoRoot, path)}`);
      }
      continue;
    }
    if (!same) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
    }
    console.log(`${same ? 'unchanged' : 'wrote    '} ${relative(repoRoot, path)} (${content.length} bytes)`);
  }

  for (const [code, u] of Object.entries(market.snapshot.underlyings)) {
    const points = u.smiles.reduce((n, s) => n + s.points.length, 0);
    console.log(
      `${code}: index ${u.index}, ${u.forwards.length} expiries, ${points} smile points, ${Object.keys(u.halfSpreads ?? {}).length} half-spreads`,
    );
  }
  console.log(bookFacts(book));
  if (check && stale > 0) {
    console.error(`${stale} file(s) out of date: run npx tsx scripts/buildDefaultData.ts`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
}
