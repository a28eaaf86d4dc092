/** The report as JSON (PRODUCT.md field names and order) and as an aligned table for humans. */
import type { RowError } from '../domain/position.ts';
import type { RiskReport } from '../domain/results.ts';
import { UNLISTED_EXPIRY_NOTE } from '../engine/index.ts';

/** Report JSON object with PRODUCT.md's field names, in its order; a few documented extras per position follow. */
export function reportJson(report: RiskReport, importErrors: readonly RowError[]) {
  const errors = [...importErrors, ...report.errors]
    .map((e) => ({ line: e.line, instrument: e.instrument, message: e.message }))
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  return {
    valuationTime: report.valuationTime,
    positions: report.positions.map((p) => ({
      instrument: p.instrument,
      kind: p.kind,
      settlement: p.settlement,
      underlying: p.underlying,
      quantity: p.quantity,
      unit: p.unit,
      quantityCoin: p.quantityCoin,
      markPrice: p.markPrice,
      iv: p.iv,
      forward: p.forward,
      valueUsd: p.valueUsd,
      delta: p.delta,
      gamma: p.gamma,
      vega: p.vega,
      theta: p.theta,
      rho: p.rho,
      // Extras (not in PRODUCT.md's list): file line and the USD Greeks the aggregates sum.
      line: p.line,
      deltaUsd: p.deltaUsd,
      gammaUsd1pct: p.gammaUsd1pct,
      vegaStd: p.vegaStd,
      deltaTotal: p.deltaTotal,
      // False: the snapshot does not list this expiry; the forward and vol are interpolated.
      expiryListed: p.expiryListed,
    })),
    byUnderlying: Object.fromEntries(
      Object.entries(report.byUnderlying).map(([ul, a]) => [
        ul,
        {
          delta: a.delta,
          deltaUsd: a.deltaUsd,
          gamma: a.gamma,
          gammaUsd1pct: a.gammaUsd1pct,
          vega: a.vega,
          vegaStd: a.vegaStd,
          theta: a.theta,
          rho: a.rho,
          deltaTotal: a.deltaTotal,
        },
      ]),
    ),
    errors,
    ...(report.scenario
      ? { scenario: { spot: report.scenario.spot, vol: report.scenario.vol, days: report.scenario.days, pnlUsd: report.scenario.pnlUsd } }
      : {}),
    // Positions that expired before the valuation time: settled, in no figure (present only when there are some).
    ...(report.settled && report.settled.length > 0
      ? {
          settled: report.settled.map((s) => ({
            line: s.line,
            instrument: s.instrument,
            kind: s.kind,
            settlement: s.settlement,
            underlying: s.underlying,
            quantity: s.quantity,
            unit: s.unit,
            expiry: s.expiry,
            settlementPrice: s.settlementPriceUsd,
            payout: s.payout,
            payoutCurrency: s.payoutCurrency,
            valueUsd: s.valueUsd,
            message: s.message,
          })),
        }
      : {}),
  };
}

const num = (v: number | null, digits: number): string =>
  v === null || !Number.isFinite(v) ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(headers: readonly string[], rows: readonly (readonly string[])[], leftCols: number): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < leftCols ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

/** Human-readable report: positions, aggregates, scenario and errors, numbers right-aligned with units in headers. */
export function reportTable(report: RiskReport, importErrors: readonly RowError[], marketSource: string): string {
  const json = reportJson(report, importErrors);
  const out: string[] = [];
  out.push(`Valuation time ${report.valuationTime}   market: ${marketSource}`);
  out.push('');
  out.push(
    table(
      [
        'instrument',
        'kind',
        'settle',
        'qty',
        'unit',
        'qty coin',
        'mark',
        'IV %',
        'fwd USD',
        'value USD',
        'delta coin',
        'gamma /USD',
        'vega USD/pt',
        'theta USD/d',
        'rho USD/%',
      ],
      report.positions.map((p) => [
        p.instrument,
        p.kind,
        p.settlement,
        String(p.quantity),
        p.unit,
        num(p.quantityCoin, 4),
        p.kind === 'option' && p.settlement === 'inverse' ? num(p.markPrice, 6) : num(p.markPrice, 2),
        p.iv === null ? '—' : num(p.iv * 100, 2),
        num(p.forward, 2),
        num(p.valueUsd, 2),
        num(p.delta, 4),
        p.gamma === 0 ? '0' : p.gamma.toExponential(3),
        num(p.vega, 2),
        num(p.theta, 2),
        num(p.rho, 2),
      ]),
      3,
    ),
  );
  const unlisted = report.positions.filter((p) => !p.expiryListed);
  if (unlisted.length > 0) {
    out.push('');
    out.push(`${unlisted.length} position(s) on an expiry ${UNLISTED_EXPIRY_NOTE}:`);
    for (const p of unlisted) out.push(`  line ${p.line ?? '?'}  ${p.instrument}`);
  }
  const settled = report.settled ?? [];
  if (settled.length > 0) {
    out.push('');
    out.push(`${settled.length} position(s) expired before the valuation time (settled, in no figure):`);
    for (const s of settled) out.push(`  line ${s.line ?? '?'}  ${s.instrument}: ${s.message}`);
  }
  out.push('');
  out.push(`Total value ${num(report.totalValueUsd, 2)} USD`);
  out.push('');
  out.push(
    table(
      [
        'underlying',
        'delta coin',
        'delta USD',
        'gamma /USD',
        'gamma USD/1%',
        'vega USD/pt',
        'vega std',
        'theta USD/d',
        'rho USD/%',
        'Delta Total',
      ],
      Object.entries(report.byUnderlying).map(([ul, a]) => [
        ul,
        num(a.delta, 4),
        num(a.deltaUsd, 2),
        a.gamma.toExponential(3),
        num(a.gammaUsd1pct, 2),
        num(a.vega, 2),
        num(a.vegaStd, 2),
        num(a.theta, 2),
        num(a.rho, 2),
        num(a.deltaTotal, 4),
      ]),
      1,
    ),
  );
  if (report.scenario) {
    const s = report.scenario;
    const spot =
      typeof s.spot === 'number'
        ? `${num(s.spot * 100, 2)} %`
        : Object.entries(s.spot)
            .map(([k, v]) => `${k} ${num(v * 100, 2)} %`)
            .join(', ');
    out.push('');
    out.push(`Scenario: spot ${spot}, vol ${num(s.vol * 100, 2)} pts, ${s.days} days → P&L ${num(s.pnlUsd, 2)} USD`);
  }
  if (json.errors.length > 0) {
    out.push('');
    out.push(`${json.errors.length} row(s) not valued:`);
    for (const e of json.errors) out.push(`  line ${e.line ?? '?'}  ${e.instrument}: ${e.message}`);
  }
  return out.join('\n');
}
