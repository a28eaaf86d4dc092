/**
 * `npx tsx scripts/benchLive.ts`: cost of one applied live update for a 2,000-option chain.
 *
 * The chain: the recorded 908-option BTC book summary of 2026-04-28 (src/live/__fixtures__), plus the same rows as
 * ETH (strikes / 25) and the first 184 again as a third coin, so 2,000 options over three underlyings, with the
 * constructed BTC futures. Per update (a changed-only markprice event of 100 rows, then a snapshot):
 * - worker: apply the event and build the snapshot with the importer's builder;
 * - main thread: receive the snapshot event (a structured clone: serialisation + deserialisation, an upper bound
 *   of what postMessage costs the page) and dispatch it through LiveClient to one listener.
 * Prints medians and 95th percentiles; nothing is asserted.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { LiveMarketState } from '../src/live/marketState.ts';
import type { LiveSnapshot } from '../src/live/marketSession.ts';
import { LiveClient, type LiveEndpoint } from '../src/worker/liveClient.ts';

type Row = Record<string, unknown> & { instrument_name: string; mark_price: number; mark_iv: number };
const fx = (name: string) =>
  JSON.parse(readFileSync(new URL(`../src/live/__fixtures__/${name}`, import.meta.url), 'utf8')) as { result: Row[] };
const btc = fx('book-summary-btc-option-2026-04-28.json').result;
const futures = fx('book-summary-btc-future-2026-04-28.constructed.json').result;

function renamed(rows: readonly Row[], coin: string, scale: number): Row[] {
  return rows.map((r) => {
    const [, expiry, strike, pc] = r.instrument_name.split('-');
    const k = Math.max(1, Math.round(Number(strike) / scale));
    const ui = String(r.underlying_index);
    return {
      ...r,
      instrument_name: `${coin}-${expiry}-${k}-${pc}`,
      base_currency: coin,
      underlying_price: (r.underlying_price as number) / scale,
      estimated_delivery_price: (r.estimated_delivery_price as number) / scale,
      underlying_index: ui === 'index_price' ? ui : `SYN.${coin}-${expiry}`,
    };
  });
}

const chain = [...btc, ...renamed(btc, 'ETH', 25), ...renamed(btc.slice(0, 184), 'XBT', 1)];
const options = new Map<string, Row>();
for (const r of chain) options.set(r.instrument_name, r);
const names = [...options.keys()];

const state = new LiveMarketState({ sourceLabel: 'bench' });
state.bootstrap({ instruments: [], summaries: [...options.values(), ...futures], indexPrices: {} }, Date.now());

let latest: LiveSnapshot | null = null;
let listener: ((e: unknown) => void) | null = null;
const endpoint = {
  setListener: async (l: ((e: unknown) => void) | null) => {
    listener = l;
  },
  connect: async () => undefined,
  terminate() {},
} as unknown as LiveEndpoint;
const client = new LiveClient(() => endpoint);
let received = 0;
client.subscribe(() => {
  received += 1;
});

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function main(): Promise<void> {
  await client.connect({});
  const worker: number[] = [];
  const main: number[] = [];
  const clone: number[] = [];
  let ts = 1777404146000;
  let seq = 0;
  for (let i = 0; i < 60; i++) {
    ts += 1000;
    const rows = Array.from({ length: 100 }, (_, j) => {
      const r = options.get(names[(i * 100 + j) % names.length]!)!;
      return {
        timestamp: ts,
        iv: (r.mark_iv / 100) * (1 + 0.001 * ((i % 5) - 2)),
        instrument_name: r.instrument_name,
        mark_price: r.mark_price,
      };
    });
    const byIndex = new Map<string, typeof rows>();
    for (const r of rows) {
      const idx = `${r.instrument_name.split('-')[0]!.toLowerCase()}_usd`;
      byIndex.set(idx, [...(byIndex.get(idx) ?? []), r]);
    }
    const t0 = performance.now();
    for (const [idx, data] of byIndex) state.apply(`markprice.options.${idx}`, data, Date.now());
    const built = state.build();
    if (!built.ok) throw new Error(built.error);
    seq += 1;
    latest = {
      snapshot: built.snapshot,
      warnings: built.warnings,
      seq,
      builtAtMs: Date.now(),
      freshness: state.freshness(Date.now(), 5000),
      problems: state.problems(),
    };
    const event = { type: 'snapshot', snapshot: latest };
    const t1 = performance.now();
    const copy = structuredClone(event);
    const t2 = performance.now();
    listener?.(copy);
    const t3 = performance.now();
    if (i >= 10) {
      worker.push(t1 - t0);
      clone.push(t2 - t1);
      main.push(t3 - t1);
    }
  }
  const bytes = JSON.stringify(latest?.snapshot).length;
  const points = Object.values(latest!.snapshot.underlyings).reduce((s, u) => s + u.smiles.reduce((a, x) => a + x.points.length, 0), 0);
  const f = (x: number) => x.toFixed(2);
  process.stdout.write(
    [
      `live update, ${options.size} options over ${Object.keys(latest!.snapshot.underlyings).length} underlyings (${points} smile points, snapshot JSON ${(bytes / 1024).toFixed(0)} kB), 100 changed marks per event, ${worker.length} updates:`,
      `  worker: apply + build snapshot   median ${f(quantile(worker, 0.5))} ms   p95 ${f(quantile(worker, 0.95))} ms`,
      `  main thread: receive (structured clone) + dispatch   median ${f(quantile(main, 0.5))} ms   p95 ${f(quantile(main, 0.95))} ms   (clone alone median ${f(quantile(clone, 0.5))} ms)`,
      `  events dispatched: ${received}`,
    ].join('\n') + '\n',
  );
}

void main();
