/**
 * The network part of `npm run report` (and `npm run market`): `--live` builds the market from Deribit's API with
 * the same code as the streaming market, `--account` reads the book from an account (key from the environment
 * only), `--refresh-history`/`--history-dir` keep the on-disk history cache. Everything fetched is handed to the
 * pure `runCli` as `PreparedInputs`, so the report itself is exactly the file path's.
 * The API secret is redacted from every line this module returns (it never appears in them; this is a second net).
 */
import type { MarketSnapshot } from '../domain/market.ts';
import { buildVarHistory } from '../io/history.ts';
import { serializeMarketSnapshot } from '../io/marketSnapshot.ts';
import { fetchLiveSnapshot } from '../live/fetchSnapshot.ts';
import { DVOL_CURRENCIES, historyKey, mergeVarHistory, type FetchedSeries, type HistoryRequest } from '../live/history.ts';
import { LiveService } from '../live/service.ts';
import { deribitUrl, type LiveSocketFactory } from '../live/transport.ts';
import { parseArgs, UsageError } from './args.ts';
import { defaultHistoryDir, readHistoryCache, writeHistoryCache } from './historyCache.ts';
import { runCli, type CliIo, type CliResult, type PreparedInputs } from './run.ts';

export interface NetIo {
  readonly socketFactory: LiveSocketFactory;
  /** Environment (DERIBIT_CLIENT_ID, DERIBIT_CLIENT_SECRET, XDG_CACHE_HOME). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly nowMs?: () => number;
}

class NetError extends Error {}

function redact(text: string, secret: string | undefined): string {
  return secret && secret.length > 0 ? text.split(secret).join('[redacted]') : text;
}

function credentialsFrom(env: NetIo['env']): { clientId: string; clientSecret: string } {
  const clientId = env.DERIBIT_CLIENT_ID?.trim() ?? '';
  const clientSecret = env.DERIBIT_CLIENT_SECRET ?? '';
  if (!clientId || !clientSecret) {
    throw new NetError(
      '--account needs DERIBIT_CLIENT_ID and DERIBIT_CLIENT_SECRET in the environment (a read-only key: account:read, trade:read)',
    );
  }
  return { clientId, clientSecret };
}

/** A LiveService without the market, for the account and the histories; closed by the caller. */
function linkOnly(net: NetIo, url: string): LiveService {
  const svc = new LiveService({ socketFactory: net.socketFactory }, () => undefined);
  svc.connect({ url, market: false, maxAttempts: 3, backoff: { initialMs: 500, maxMs: 4_000 } });
  return svc;
}

/** The bundled series' last days, keyed like the cache (`price-btc` → `2024-12-31`). */
function bundledLastDays(io: CliIo): { last: Record<string, string>; files: Record<string, string> } {
  const files = io.readHistoryFiles?.() ?? [];
  const h = buildVarHistory(files);
  const last: Record<string, string> = {};
  const names: Record<string, string> = {};
  if (!h.ok) return { last, files: names };
  for (const [u, s] of Object.entries(h.history.prices)) last[historyKey('price', u)] = s.dates[s.dates.length - 1] ?? '';
  for (const [u, s] of Object.entries(h.history.dvol ?? {})) last[historyKey('dvol', u)] = s.dates[s.dates.length - 1] ?? '';
  for (const f of files) {
    const m = /^(dvol)-([a-z0-9]+)-daily\.csv$/.exec(f.fileName) ?? /^([a-z0-9]+)-usdc?-daily\.csv$/.exec(f.fileName);
    if (m) names[m[1] === 'dvol' ? historyKey('dvol', m[2]!) : historyKey('price', m[1]!)] = f.fileName;
  }
  return { last, files: names };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(3)} %`;
}

/** Fetch (when asked) and read the history cache; lines describing each series' sources. */
async function prepareHistory(
  io: CliIo,
  net: NetIo,
  url: string,
  refresh: boolean,
  dir: string,
  nowMs: number,
): Promise<{ history: NonNullable<PreparedInputs['history']>; notes: string[] }> {
  const notes: string[] = [];
  const cache = readHistoryCache(dir);
  notes.push(...cache.warnings.map((w) => `warning: ${w}`));
  const { last, files } = bundledLastDays(io);
  let fetched: FetchedSeries[] = cache.series;
  if (refresh) {
    const requests: HistoryRequest[] = [];
    const priceUnderlyings = new Set(['BTC', 'ETH', 'SOL']);
    for (const key of Object.keys(last)) if (key.startsWith('price-')) priceUnderlyings.add(key.slice(6).toUpperCase());
    for (const u of [...priceUnderlyings].sort()) {
      const key = historyKey('price', u);
      requests.push({
        kind: 'price',
        underlying: u,
        bundledLast: last[key] ?? null,
        cachedFetchedAtMs: cache.series.find((s) => historyKey(s.kind, s.underlying) === key)?.fetchedAtMs ?? null,
      });
    }
    for (const u of DVOL_CURRENCIES) {
      const key = historyKey('dvol', u);
      requests.push({
        kind: 'dvol',
        underlying: u,
        bundledLast: last[key] ?? null,
        cachedFetchedAtMs: cache.series.find((s) => historyKey(s.kind, s.underlying) === key)?.fetchedAtMs ?? null,
      });
    }
    const svc = linkOnly(net, url);
    try {
      const got = await svc.fetchHistories(requests);
      writeHistoryCache(dir, got);
      const fresh = new Set(got.map((s) => historyKey(s.kind, s.underlying)));
      fetched = [...cache.series.filter((s) => !fresh.has(historyKey(s.kind, s.underlying))), ...got];
      notes.push(`history cache ${dir}: ${got.length} series fetched, ${requests.length - got.length} already fetched today`);
    } finally {
      svc.disconnect();
    }
  }
  const todayIso = new Date(nowMs).toISOString().slice(0, 10);
  const bundled = buildVarHistory(io.readHistoryFiles?.() ?? []);
  if (bundled.ok) {
    const merged = mergeVarHistory(bundled.history, fetched, todayIso, files);
    for (const s of merged.series) {
      const parts = s.segments.map((g) => `${g.from}…${g.to} ${g.source}${g.source === 'gap' ? '' : ` (${g.detail})`}`);
      const basis = s.basis
        ? `; basis vs bundled on ${s.basis.overlapDays} days: mean ${pct(s.basis.meanLogBasis)}, max |${pct(s.basis.maxAbsLogBasis)}|`
        : '';
      notes.push(`history ${s.kind} ${s.underlying}: ${parts.join(', ')}${basis}`);
    }
  }
  return { history: { fetched, todayIso }, notes };
}

/** `npm run report` with the network: fetch what the flags ask for, then the pure report. */
export async function runCliWithNetwork(argv: readonly string[], io: CliIo, net: NetIo): Promise<CliResult> {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return runCli(argv, io);
    throw e;
  }
  const L = opts.live;
  if (opts.help || (!L.live && !L.account && !L.refreshHistory && L.historyDir === null)) return runCli(argv, io);
  const secret = L.account ? net.env.DERIBIT_CLIENT_SECRET : undefined;
  const url = deribitUrl({ url: L.url, testnet: L.testnet });
  const nowMs = (net.nowMs ?? Date.now)();
  const notes: string[] = [];
  let market: PreparedInputs['market'];
  let portfolio: PreparedInputs['portfolio'];
  let history: PreparedInputs['history'];
  try {
    if (L.live) {
      market = await fetchLiveSnapshot({ url, socketFactory: net.socketFactory, currencies: L.currencies });
      notes.push(`market: ${market.snapshot.source}`);
    }
    if (L.account) {
      const creds = credentialsFrom(net.env);
      const svc = linkOnly(net, url);
      try {
        const info = await svc.linkAccount(creds);
        if (info.warning) notes.push(`warning: ${info.warning}`);
        const r = await svc.fetchPositions();
        if (!r.ok) throw new NetError(`the account's positions could not be read: ${r.error}`);
        portfolio = { portfolio: r.portfolio, errors: r.errors };
        notes.push(`book: ${r.portfolio.positions.length} open positions of Deribit account ${creds.clientId} (${url})`);
      } finally {
        svc.disconnect();
      }
    }
    if (L.refreshHistory || L.historyDir !== null) {
      const dir = L.historyDir ?? defaultHistoryDir(net.env);
      const h = await prepareHistory(io, net, url, L.refreshHistory, dir, nowMs);
      history = h.history;
      notes.push(...h.notes);
    }
  } catch (e) {
    return { code: 1, stdout: '', stderr: redact(`error: ${e instanceof Error ? e.message : String(e)}`, secret) };
  }
  const r = runCli(argv, io, {
    ...(market ? { market } : {}),
    ...(portfolio ? { portfolio } : {}),
    ...(history ? { history } : {}),
    notes,
  });
  return { code: r.code, stdout: redact(r.stdout, secret), stderr: redact(r.stderr, secret) };
}

export const MARKET_USAGE = `Usage: npm run market -- --live --out FILE [--deribit-url URL | --testnet] [--currencies BTC,ETH]

  Saves the live Deribit market as a market snapshot JSON (the file --market and "Open market" read).
  --live             required: the market from Deribit's API (book summaries, instruments, index prices)
  --out FILE         where to write the snapshot (default: standard output)
  --deribit-url URL  any Deribit JSON-RPC WebSocket endpoint     --testnet  wss://test.deribit.com/ws/api/v2
  --currencies LIST  default BTC,ETH (add USDC for linear products)`;

/** `npm run market`: returns the snapshot text and where it goes. */
export async function runMarketCli(
  argv: readonly string[],
  net: NetIo,
  writeFile: (path: string, text: string) => void,
): Promise<CliResult> {
  let live = false;
  let out: string | null = null;
  let url: string | null = null;
  let testnet = false;
  let currencies = ['BTC', 'ETH'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--live') live = true;
      else if (a === '--out') out = next();
      else if (a === '--deribit-url') url = next();
      else if (a === '--testnet') testnet = true;
      else if (a === '--currencies')
        currencies = next()
          .split(',')
          .map((s) => s.trim().toUpperCase())
          .filter(Boolean);
      else if (a === '--help' || a === '-h') return { code: 0, stdout: MARKET_USAGE, stderr: '' };
      else throw new UsageError(`unknown argument "${a}"`);
    } catch (e) {
      return { code: 2, stdout: '', stderr: `error: ${(e as Error).message}\n\n${MARKET_USAGE}` };
    }
  }
  if (!live) return { code: 2, stdout: '', stderr: `error: --live is required (the market comes from Deribit's API)\n\n${MARKET_USAGE}` };
  let snapshot: MarketSnapshot;
  let warnings: string[];
  try {
    ({ snapshot, warnings } = await fetchLiveSnapshot({ url: deribitUrl({ url, testnet }), socketFactory: net.socketFactory, currencies }));
  } catch (e) {
    return { code: 1, stdout: '', stderr: `error: ${e instanceof Error ? e.message : String(e)}` };
  }
  const text = serializeMarketSnapshot(snapshot);
  const counts = Object.entries(snapshot.underlyings)
    .map(([u, m]) => `${u} index ${m.index}, ${m.forwards.length} forwards, ${m.smiles.length} smiles`)
    .join('; ');
  const summary = [`${snapshot.source}`, counts, ...warnings.map((w) => `warning: ${w}`)];
  if (out === null) return { code: 0, stdout: text, stderr: summary.join('\n') };
  try {
    writeFile(out, text);
  } catch (e) {
    return { code: 1, stdout: '', stderr: `error: cannot write ${out}: ${(e as Error).message}` };
  }
  return { code: 0, stdout: '', stderr: [`wrote ${out}`, ...summary].join('\n') };
}
