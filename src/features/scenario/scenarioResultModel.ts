/**
 * The scenario's outcome per underlying: P&L and the Greeks the book would have after the shock (what the hedge
 * would need to be), from the engine's `scenario.byUnderlyingAfter`.
 */
import { CASH_CURRENCIES } from '../../domain/instrument.ts';
import type { RiskReport } from '../../domain/results.ts';
import { compareUnderlyings } from '../summary/summaryModel.ts';

export interface ScenarioResultRow {
  readonly underlying: string;
  readonly pnlUsd: number;
  /** Coin delta after the shock, and its change. */
  readonly deltaAfter: number;
  readonly deltaChange: number;
  /** USD delta after the shock. */
  readonly deltaUsdAfter: number;
}

export interface ScenarioResultModel {
  readonly valueBeforeUsd: number;
  readonly valueAfterUsd: number;
  readonly pnlUsd: number;
  readonly rows: readonly ScenarioResultRow[];
  /** P&L of cash and other non-risk holdings (0 unless a currency moves). */
  readonly otherPnlUsd: number;
}

const isCash = (code: string) => (CASH_CURRENCIES as readonly string[]).includes(code);

export function buildScenarioResult(report: RiskReport | null): ScenarioResultModel | null {
  const sc = report?.scenario;
  if (!report || !sc) return null;
  const rows: ScenarioResultRow[] = [];
  let otherPnlUsd = 0;
  for (const [ul, pnl] of Object.entries(sc.pnlByUnderlyingUsd)) {
    const before = report.byUnderlying[ul];
    const after = sc.byUnderlyingAfter[ul];
    if (isCash(ul) || !before || !after) {
      otherPnlUsd += pnl;
      continue;
    }
    rows.push({
      underlying: ul,
      pnlUsd: pnl,
      deltaAfter: after.delta,
      deltaChange: after.delta - before.delta,
      deltaUsdAfter: after.deltaUsd,
    });
  }
  rows.sort((a, b) => compareUnderlyings(a.underlying, b.underlying));
  return { valueBeforeUsd: report.totalValueUsd, valueAfterUsd: sc.valueUsdAfter, pnlUsd: sc.pnlUsd, rows, otherPnlUsd };
}
