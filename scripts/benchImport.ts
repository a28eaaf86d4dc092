/**
 * Import benchmark (issue 8): time and peak memory to import a 10,000- and a 50,000-position CSV and to value the
 * imported book (resolve + report), each size in a fresh child process so its peak RSS is its own.
 * `npx tsx scripts/benchImport.ts [--json] [--sizes 10000,50000]`. Reports numbers; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPortfolioText } from '../src/io/importPortfolio.ts';
import { importMarketText } from '../src/io/importMarket.ts';
import {
  buildMarketModel,
  computeReportResolved,
  createResolutionCache,
  listMarketInstruments,
  resolveBookIncremental,
} from '../src/engine/index.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);

function loadMarket() {
  const m = importMarketText(readFileSync(`${root}public/data/default-market.json`, 'utf8'), 'default-market.json');
  if (!m.ok) throw new Error(m.error);
  return m.snapshot;
}

/** A CSV of `n` positions over the default market's instruments, with labels and entry prices (seeded). */
function makeCsv(n: number): string {
  const instruments = listMarketInstruments(loadMarket()).filter((i) => i.kind !== 'cash');
  let a = 12345;
  const rnd = () => (a = (a * 16807) % 2147483647) / 2147483647;
  const lines = ['instrument,quantity,unit,entry_price,venue,label'];
  for (let i = 0; i < n; i++) {
    const inst = instruments[Math.floor(rnd() * instruments.length)]!;
    const q = Math.round((rnd() - 0.5) * 200) / 10 || 1;
    const entry = inst.kind === 'option' ? (0.0001 + rnd() * 0.1).toFixed(4) : (70_000 + rnd() * 10_000).toFixed(1);
    lines.push(`${inst.name},${q},,${entry},${rnd() < 0.8 ? 'deribit' : 'okx'},book ${i % 17}`);
  }
  return lines.join('\n') + '\n';
}

if (args[0] === '--child') {
  const file = args[1]!;
  const text = readFileSync(file, 'utf8');
  const t0 = performance.now();
  const imported = importPortfolioText(text, 'bench.csv');
  const t1 = performance.now();
  if (!imported.ok) throw new Error(imported.error);
  const model = buildMarketModel(loadMarket());
  const cache = createResolutionCache(model);
  const book = imported.result.portfolio;
  const resolved = resolveBookIncremental(book, cache);
  computeReportResolved(resolved, model, {});
  const t2 = performance.now();
  computeReportResolved(resolved, model, { spotAll: -0.05, vol: 0.02, days: 1 });
  const t3 = performance.now();
  // Editing one quantity: only that position is re-resolved and re-valued at the base.
  const positions = [...book.positions];
  positions[7] = { ...positions[7]!, quantity: positions[7]!.quantity * 2 };
  const edited = resolveBookIncremental({ ...book, positions }, cache);
  computeReportResolved(edited, model, {});
  const t4 = performance.now();
  const out = {
    rows: imported.result.portfolio.positions.length,
    rejected: imported.result.errors.length,
    bytes: Buffer.byteLength(text),
    importMs: t1 - t0,
    firstValuationMs: t2 - t1,
    whatIfStepMs: t3 - t2,
    editOneRowMs: t4 - t3,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
  };
  process.stdout.write(JSON.stringify(out));
}

/** Run the import benchmark for each size in its own child process; returns one record per size. */
export function runImportBench(sizes: readonly number[]): Record<string, number>[] {
  const dir = mkdtempSync(join(tmpdir(), 'riskdeck-bench-'));
  return sizes.map((n) => {
    const file = join(dir, `book-${n}.csv`);
    writeFileSync(file, makeCsv(n));
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', file], { encoding: 'utf8' });
    return JSON.parse(out) as Record<string, number>;
  });
}

/** Human-readable lines for runImportBench's records. */
export function formatImportBench(results: readonly Record<string, number>[]): string {
  const lines = ['Import (parse + validate, one core, Node) and valuation of the imported book:'];
  for (const r of results) {
    lines.push(
      `  ${String(r.rows).padStart(6)} positions (${(r.bytes! / 1e6).toFixed(1)} MB): import ${r.importMs!.toFixed(0)} ms, ` +
        `first valuation ${r.firstValuationMs!.toFixed(0)} ms, what-if step ${r.whatIfStepMs!.toFixed(0)} ms, edit one row ${r.editOneRowMs!.toFixed(0)} ms, ` +
        `peak RSS ${r.peakRssMb!.toFixed(0)} MB, heap ${r.heapUsedMb!.toFixed(0)} MB`,
    );
  }
  return lines.join('\n');
}

if (args[0] !== '--child' && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = (args.includes('--sizes') ? args[args.indexOf('--sizes') + 1]! : '10000,50000').split(',').map(Number);
  const results = runImportBench(sizes);
  console.log(args.includes('--json') ? JSON.stringify({ importBench: results }, null, 2) : formatImportBench(results));
}
