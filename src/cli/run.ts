/**
 * The `report` command as a pure function of its arguments and a file reader, so tests run it without spawning a
 * process. Exit codes: 0 ok, 1 unreadable input (file missing, not a portfolio, bad market), 2 usage error.
 */
import {
  backtestReportJson,
  compileBook,
  runBacktest,
  runVar,
  varReportJson,
  buildMarketModel,
  computeReport,
  marginReport,
  parsePmeParams,
  resolveBook,
  runStress,
  STRESS_PRESETS,
  stressReportEntry,
  suggestHedge,
  computeSpanMargin,
  computeStandardMargin,
  DEFAULT_SPAN_PARAMS,
  spanReportJson,
  standardReportJson,
  type SpanResult,
  type StandardMarginResult,
  inHedgeScope,
  type HedgeResult,
  type HedgeScope,
  type MarginReportEntry,
  type UnderlyingTargets,
} from '../engine/index.ts';
import type { Portfolio, RowError } from '../domain/position.ts';
import { mergeVarHistory, type FetchedSeries } from '../live/history.ts';
import type { MarketSnapshot } from '../domain/market.ts';
import type { HedgeOptions, HedgeScopeOption, VarOptions } from './args.ts';
import { parseInstrument } from '../domain/instrument.ts';
import { buildVarHistory } from '../io/history.ts';
import { importPortfolioText } from '../io/importPortfolio.ts';
import { importMarketText } from '../io/importMarket.ts';
import { parseArgs, USAGE, UsageError } from './args.ts';
import { reportJson, reportTable } from './format.ts';

export interface CliIo {
  /** Read a text file; throws with a message when it cannot. */
  readText(path: string): string;
  /** Path of the embedded default market snapshot. */
  readonly defaultMarketPath: string;
  /** Path of the default PME parameter file. */
  readonly defaultMarginParamsPath?: string;
  /** The bundled daily histories (public/data/history/*.csv) for VaR. */
  readHistoryFiles?(): { readonly fileName: string; readonly text: string }[];
}

/**
 * Inputs fetched from the network before the report runs (run through `runCliWithNetwork`, cli/live.ts): the live
 * market, the account's book, the history cache.
 */
export interface PreparedInputs {
  readonly market?: { readonly snapshot: MarketSnapshot; readonly warnings: readonly string[] };
  readonly portfolio?: { readonly portfolio: Portfolio; readonly errors: readonly RowError[] };
  /** Cached fetched histories (bundled + these feed VaR and the backtest). */
  readonly history?: { readonly fetched: readonly FetchedSeries[]; readonly todayIso: string };
  /** Lines for stderr (what was fetched, history sources). */
  readonly notes?: readonly string[];
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const MAX_FILE_BYTES = 20 * 1024 * 1024;

function read(io: CliIo, path: string, what: string): string {
  let text: string;
  try {
    text = io.readText(path);
  } catch (e) {
    throw new InputError(`cannot read ${what} file "${path}": ${(e as Error).message}`);
  }
  if (text.length > MAX_FILE_BYTES) throw new InputError(`${what} file "${path}" is larger than 20 MB`);
  return text;
}

class InputError extends Error {}

/**
 * Run `report` with `argv` (the arguments after `--`).
 * @param prepared what `--live`, `--account` and the history cache fetched (cli/live.ts); without it those flags
 *   are an input error, since this function does no I/O of its own.
 */
export function runCli(argv: readonly string[], io: CliIo, prepared: PreparedInputs = {}): CliResult {
  try {
    const opts = parseArgs(argv);
    if (opts.help) return { code: 0, stdout: USAGE, stderr: '' };
    if (opts.live.live && !prepared.market) throw new InputError('--live: the live market was not fetched');
    if (opts.live.account && !prepared.portfolio) throw new InputError('--account: the account was not read');
    if (!opts.portfolio && !prepared.portfolio) {
      return { code: 0, stdout: '', stderr: (prepared.notes ?? []).join('\n') };
    }
    let market: { snapshot: MarketSnapshot; warnings: readonly string[] };
    if (prepared.market) market = prepared.market;
    else {
      const marketPath = opts.market ?? io.defaultMarketPath;
      const marketText = read(io, marketPath, 'market');
      const fromFile = importMarketText(marketText, marketPath);
      if (!fromFile.ok) throw new InputError(`market file "${marketPath}": ${fromFile.error}`);
      market = fromFile;
    }
    let imported: { result: { portfolio: Portfolio; errors: readonly RowError[] } };
    if (prepared.portfolio) imported = { result: prepared.portfolio };
    else {
      const portfolioText = read(io, opts.portfolio, 'portfolio');
      const fromFile = importPortfolioText(portfolioText, opts.portfolio);
      if (!fromFile.ok) throw new InputError(fromFile.error);
      imported = fromFile;
    }
    const report = computeReport(imported.result.portfolio, market.snapshot, opts.shock ?? undefined);
    const stderr = [...(prepared.notes ?? []), ...market.warnings.map((w) => `warning: ${w}`)].join('\n');
    const needsBook = opts.margin || opts.stress || opts.var !== null;
    const model = needsBook ? buildMarketModel(market.snapshot) : null;
    const resolved = model ? resolveBook(imported.result.portfolio, model) : null;
    let margin: Record<string, MarginReportEntry> | null = null;
    let alternatives: { standard: StandardMarginResult; span: SpanResult } | null = null;
    if (opts.margin && model && resolved) {
      const paramsPath = opts.marginParams ?? io.defaultMarginParamsPath;
      let params;
      if (paramsPath) {
        let json: unknown;
        try {
          json = JSON.parse(read(io, paramsPath, 'margin parameter'));
        } catch (e) {
          throw new InputError(
            e instanceof InputError ? e.message : `margin parameter file "${paramsPath}" is not JSON: ${(e as Error).message}`,
          );
        }
        const parsed = parsePmeParams(json);
        if (!parsed.ok) throw new InputError(`margin parameter file "${paramsPath}": ${parsed.errors.join('; ')}`);
        params = parsed.value;
      }
      margin = marginReport(resolved, model, params);
      alternatives = {
        standard: computeStandardMargin(resolved, model),
        span: computeSpanMargin(resolved, model, { ...DEFAULT_SPAN_PARAMS, ...opts.span }, params),
      };
    }
    const varOut = opts.var && model && resolved ? runVarCli(io, resolved, model, opts.var, prepared.history) : null;
    const stress = opts.stress && model && resolved ? runStress(resolved, model, STRESS_PRESETS).map(stressReportEntry) : null;
    const hedge = opts.hedge ? runHedge(imported.result.portfolio, market.snapshot, opts.hedge, Object.keys(report.byUnderlying)) : null;
    const stdout = opts.json
      ? JSON.stringify(
          {
            ...reportJson(report, imported.result.errors),
            ...(varOut?.var ? { var: varOut.var } : {}),
            ...(varOut?.backtest ? { backtest: varOut.backtest } : {}),
            ...(stress ? { stress } : {}),
            ...(margin ? { margin } : {}),
            ...(hedge && opts.hedge ? { hedge: hedgeJson(hedge, opts.hedge) } : {}),
            // Appended: the comparison models of the Margin tab.
            ...(alternatives
              ? { marginStandard: standardReportJson(alternatives.standard), marginSpan: spanReportJson(alternatives.span) }
              : {}),
          },
          null,
          2,
        )
      : [
          reportTable(report, imported.result.errors, market.snapshot.source),
          ...(varOut ? [varTable(varOut)] : []),
          ...(stress ? [stressTable(stress)] : []),
          ...(margin ? [marginTable(margin, alternatives)] : []),
          ...(hedge ? [hedgeTable(hedge)] : []),
        ].join('\n\n');
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `error: ${e.message}\n\n${USAGE}` };
    if (e instanceof InputError) return { code: 1, stdout: '', stderr: `error: ${e.message}` };
    return { code: 1, stdout: '', stderr: `error: ${(e as Error).message ?? String(e)}` };
  }
}

const HEDGE_SCOPES: Readonly<Record<HedgeScopeOption, HedgeScope>> = {
  book: { venue: null },
  deribit: { venue: 'deribit' },
  'deribit-derivatives': { venue: 'deribit', derivativesOnly: true },
};

/**
 * Default hedge targets: delta flat in the chosen measure (USD delta unless `--hedge-delta coin`); gamma/vega to 0
 * within 2 % of the scope's current size (min 1 USD).
 */
function runHedge(portfolio: Portfolio, snapshot: MarketSnapshot, opts: HedgeOptions, underlyings: readonly string[]): HedgeResult {
  const model = buildMarketModel(snapshot);
  const scope = HEDGE_SCOPES[opts.scope];
  const kindOf = (name: string) => {
    const p = parseInstrument(name);
    return p.ok ? p.value.kind : null;
  };
  const scoped = { ...portfolio, positions: portfolio.positions.filter((p) => inHedgeScope(p.venue, kindOf(p.instrument), scope)) };
  const current = computeReport(scoped, model).byUnderlying;
  const targets: Record<string, UnderlyingTargets> = {};
  for (const ul of underlyings) {
    const a = current[ul] ?? { gammaUsd1pct: 0, vega: 0 };
    targets[ul] = {
      delta: { lo: 0, hi: 0, measure: opts.deltaMeasure },
      ...(opts.greeks.includes('gamma') ? { gammaUsd1pct: { target: 0, tolerance: Math.max(1, 0.02 * Math.abs(a.gammaUsd1pct)) } } : {}),
      ...(opts.greeks.includes('vega') ? { vega: { target: 0, tolerance: Math.max(1, 0.02 * Math.abs(a.vega)) } } : {}),
    };
  }
  return suggestHedge(portfolio, model, { targets, kinds: opts.kinds, scope });
}

function hedgeJson(h: HedgeResult, opts: HedgeOptions) {
  if (!h.ok) return { ok: false, reason: h.reason };
  const greeks = (agg: typeof h.before) =>
    Object.fromEntries(
      Object.entries(agg).map(([ul, a]) => [
        ul,
        { delta: a.delta, deltaUsd: a.deltaUsd, gammaUsd1pct: a.gammaUsd1pct, vega: a.vega, theta: a.theta },
      ]),
    );
  return {
    ok: true,
    trades: h.trades.map((t) => ({
      instrument: t.instrument,
      side: t.side,
      quantity: t.quantity,
      unit: t.unit,
      quantityCoin: t.quantityCoin,
      costUsd: t.costUsd,
      explanation: t.explanation,
    })),
    totalCostUsd: h.totalCostUsd,
    before: greeks(h.before),
    after: greeks(h.after),
    deltaMeasure: opts.deltaMeasure,
    scope: opts.scope,
    scopeLabel: h.scopeLabel,
    scopeBefore: greeks(h.scopeBefore),
    scopeAfter: greeks(h.scopeAfter),
    targets: h.checks.map((c) => ({
      underlying: c.underlying,
      greek: c.greek,
      label: c.label,
      unit: c.unit,
      lo: c.lo,
      hi: c.hi,
      roundingAllowance: c.roundingAllowance,
      before: c.before,
      after: c.after,
      met: c.met,
      missBy: c.missBy,
    })),
    misses: h.misses,
  };
}

function hedgeTable(h: HedgeResult): string {
  if (!h.ok) return `Hedge: not possible: ${h.reason}`;
  const targets = [
    `  Targets of the ${h.scopeLabel}, after the trades:`,
    ...h.checks.map(
      (c) =>
        `    ${c.met ? 'met ' : 'MISS'}  ${c.label.padEnd(16)} ${fmtFig(c.before, c.unit)} → ${fmtFig(c.after, c.unit)} ${c.unit}, band ${fmtFig(c.lo, c.unit)} … ${fmtFig(c.hi, c.unit)}${c.roundingAllowance > 0 ? ` ± ${fmtFig(c.roundingAllowance, c.unit)} rounding` : ''}`,
    ),
    ...h.misses.map((m) => `  Not met: ${m}`),
  ];
  if (h.trades.length === 0) return ['Hedge: no trade needed: every target is already met.', ...targets].join('\n');
  const lines = [
    `Suggested hedge (least cost), targets of the ${h.scopeLabel}:`,
    ...h.trades.map((t) => `  ${t.explanation}`),
    `  Total cost ≈ ${h.totalCostUsd.toFixed(2)} USD`,
  ];
  for (const ul of Object.keys(h.after)) {
    const b = h.before[ul]!;
    const a = h.after[ul]!;
    lines.push(
      `  ${ul} (whole book): delta ${b.delta.toFixed(4)} → ${a.delta.toFixed(4)} coin, USD delta ${usd0(b.deltaUsd)} → ${usd0(a.deltaUsd)} USD, gamma ${b.gammaUsd1pct.toFixed(0)} → ${a.gammaUsd1pct.toFixed(0)} USD/1%, vega ${b.vega.toFixed(0)} → ${a.vega.toFixed(0)} USD/pt`,
    );
  }
  return [...lines, ...targets].join('\n');
}

/** Whole USD, without a "-0". */
function usd0(x: number): string {
  return (Math.round(x) || 0).toFixed(0);
}

/** Coin figures with 4 decimals, USD figures with 2. */
function fmtFig(x: number, unit: string): string {
  return x.toFixed(unit.startsWith('USD') ? 2 : 4);
}

function stressTable(stress: ReturnType<typeof stressReportEntry>[]): string {
  const w = Math.max(...stress.map((s) => s.name.length), 8);
  const lines = ['Stress tests (P&L, USD):'];
  for (const s of stress) {
    const parts = Object.entries(s.byUnderlying)
      .map(([ul, v]) => `${ul} ${v.toFixed(0)}`)
      .join(', ');
    lines.push(`  ${s.name.padEnd(w)}  ${s.pnlUsd.toFixed(2).padStart(16)}   (${parts})`);
  }
  return lines.join('\n');
}

function marginTable(
  margin: Record<string, MarginReportEntry>,
  alternatives: { standard: StandardMarginResult; span: SpanResult } | null,
): string {
  const lines = ['Deribit portfolio margin (per settlement currency, in that currency):'];
  for (const [ccy, m] of Object.entries(margin)) {
    const d = ccy === 'USDC' ? 2 : 6;
    lines.push(
      `  ${ccy.padEnd(5)} worst case ${m.worstCase.toFixed(d)}  roll ${m.rollShock.toFixed(d)}  delta shock ${m.deltaShock.toFixed(d)}  ` +
        `RMM ${m.riskMatrixMargin.toFixed(d)}  IM ${m.initialMargin.toFixed(d)}  MM ${m.maintenanceMargin.toFixed(d)}  ` +
        `(IM ≈ ${m.initialMarginUsd.toFixed(0)} USD; worst: ${m.worstScenario ?? '—'})`,
    );
  }
  if (alternatives) {
    const { standard, span } = alternatives;
    lines.push('Deribit standard margin (per position, summed):');
    for (const [ccy, c] of Object.entries(standard.currencies)) {
      const d = ccy === 'USDC' ? 2 : 6;
      lines.push(
        `  ${ccy.padEnd(5)} IM ${c.initialMargin.toFixed(d)}  MM ${c.maintenanceMargin.toFixed(d)}  (IM ≈ ${c.initialMarginUsd.toFixed(0)} USD)`,
      );
    }
    for (const [key, source] of Object.entries(standard.assumedRates)) lines.push(`  rates of ${key}: ${source}`);
    const p = span.params;
    lines.push(
      `SPAN-style margin (16 scenarios, extreme ±${p.extremeMultiple}× at ${(p.extremeCover * 100).toFixed(0)} %, ${p.lookAheadDays} d look-ahead, short option minimum ${p.shortOptionMinimum}):`,
    );
    for (const [ccy, c] of Object.entries(span.currencies)) {
      const d = ccy === 'USDC' ? 2 : 6;
      lines.push(
        `  ${ccy.padEnd(5)} scan risk ${c.scanRisk.toFixed(d)}  calendar spread ${c.calendarSpreadCharge.toFixed(d)}  short option min ${c.shortOptionMinimum.toFixed(d)}  ` +
          `IM ${c.initialMargin.toFixed(d)}  MM ${c.maintenanceMargin.toFixed(d)}  (IM ≈ ${c.initialMarginUsd.toFixed(0)} USD)`,
      );
    }
  }
  return lines.join('\n');
}

type VarJson = Record<string, unknown>;

/** VaR (and backtest) of the book on the bundled history, as report-JSON objects. */
function runVarCli(
  io: CliIo,
  resolved: ReturnType<typeof resolveBook>,
  model: ReturnType<typeof buildMarketModel>,
  o: VarOptions,
  cached?: PreparedInputs['history'],
): { var: VarJson | null; backtest: VarJson | null } {
  if (!io.readHistoryFiles) throw new InputError('no price history available for VaR');
  let files;
  try {
    files = io.readHistoryFiles();
  } catch (e) {
    throw new InputError(`cannot read the price history: ${(e as Error).message}`);
  }
  const h = buildVarHistory(files);
  if (!h.ok) throw new InputError(`price history: ${h.error}`);
  const history = cached ? mergeVarHistory(h.history, cached.fetched, cached.todayIso).history : h.history;
  const book = compileBook(resolved, model);
  const r = runVar(book, history, {
    method: o.method,
    confidence: o.confidence,
    horizonDays: o.horizonDays,
    window: o.window,
    overlapping: o.overlapping,
    filtered: o.filtered,
    volFromDvol: o.volFromDvol,
    deltaGamma: o.deltaGamma,
    paths: o.paths,
    seed: o.seed,
    distribution: o.distribution,
    dof: o.dof,
    positions: resolved.positions,
  });
  if (!r.ok) throw new InputError(`VaR: ${r.error}`);
  const varJson = varReportJson(r.report);
  let backtest: VarJson | null = null;
  if (o.backtest) {
    const b = runBacktest(book, history, {
      method: o.method === 'parametric' ? 'parametric' : 'historical',
      confidence: o.confidence,
      window: o.window,
      filtered: o.filtered,
      volFromDvol: o.volFromDvol,
      deltaGamma: o.deltaGamma,
    });
    if (!b.ok) throw new InputError(`backtest: ${b.error}`);
    backtest = backtestReportJson(b.report);
  }
  return { var: varJson, backtest };
}

function varTable(v: { var: VarJson | null; backtest: VarJson | null }): string {
  const lines: string[] = [];
  const n = (x: unknown) =>
    typeof x === 'number' ? x.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 }) : String(x);
  if (v.var) {
    const r = v.var;
    lines.push(
      `VaR (${String(r.method)}, ${(Number(r.confidence) * 100).toFixed(1)} %, ${String(r.horizonDays)} d, ${String(r.observations)} obs.): ` +
        `VaR ${n(r.varUsd)} USD, ES ${n(r.esUsd)} USD (ES 97.5 % ${n(r.es975Usd)} USD)`,
    );
    const comps = r.componentsByUnderlying as Record<string, { varUsd: number }> | undefined;
    if (comps)
      lines.push(
        `  component VaR: ${Object.entries(comps)
          .map(([ul, c]) => `${ul} ${n(c.varUsd)}`)
          .join(', ')} USD`,
      );
  }
  if (v.backtest) {
    const b = v.backtest as {
      observations: number;
      exceptions: number;
      expectedExceptions: number;
      trafficLight: { zone: string; greenMax: number; yellowMax: number };
      kupiec: { statistic: number; pValue: number };
      christoffersen: { independence: { statistic: number; pValue: number }; conditionalCoverage: { statistic: number; pValue: number } };
    };
    lines.push(
      `Backtest: ${b.exceptions} exceptions in ${b.observations} days (expected ${b.expectedExceptions.toFixed(1)}), traffic light ${b.trafficLight.zone} (green ≤ ${b.trafficLight.greenMax}, yellow ≤ ${b.trafficLight.yellowMax}); ` +
        `Kupiec LR ${b.kupiec.statistic.toFixed(3)} (p ${b.kupiec.pValue.toFixed(3)}), ` +
        `independence LR ${b.christoffersen.independence.statistic.toFixed(3)} (p ${b.christoffersen.independence.pValue.toFixed(3)}), ` +
        `conditional coverage LR ${b.christoffersen.conditionalCoverage.statistic.toFixed(3)} (p ${b.christoffersen.conditionalCoverage.pValue.toFixed(3)})`,
    );
  }
  return lines.join('\n');
}
