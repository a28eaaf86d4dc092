import { useMemo } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { formatUtc } from '../../lib/format.ts';
import { hasMarketOverrides } from '../../state/slices/marketSlice.ts';
import { CASH_CURRENCIES } from '../../domain/instrument.ts';
import { useNow } from '../../components/useNow.ts';
import { HISTORY_AMBER_AFTER_DAYS, HISTORY_RED_AFTER_DAYS, historyAge, marketAge } from './marketAgeModel.ts';
import { useHistoryEnds } from './useHistoryEnds.ts';
import './marketAge.css';

const MARKET_TONE_TEXT = {
  ok: 'current (at most 1 hour old)',
  amber: 'more than 1 hour old: marks have moved since',
  red: 'more than 24 hours old: forwards, smiles and expiries have moved since; open a current market',
} as const;

/** Header: which market the figures use, when it was taken and how old it is, where it came from; how far VaR's history goes. */
export function MarketBadge() {
  const market = useAppStore((s) => s.market);
  const source = useAppStore((s) => s.marketSource);
  const overrides = useAppStore((s) => s.marketOverrides);
  const report = useAppStore((s) => s.report);
  const now = useNow();
  const underlyings = useMemo(
    () => Object.keys(report?.byUnderlying ?? {}).filter((u) => !(CASH_CURRENCIES as readonly string[]).includes(u)),
    [report],
  );
  const ends = useHistoryEnds(underlyings);
  const history = useMemo(() => historyAge(ends, now), [ends, now]);
  if (!market) return <div className="market-badge muted">No market loaded</div>;
  const origin = source?.isDefault ? 'Embedded Deribit snapshot' : (source?.fileName ?? 'Imported snapshot');
  const age = marketAge(market.valuationTime, now);
  return (
    <div className="market-badge" data-testid="market-info" title={`Source: ${market.source}`}>
      <span className="market-label">Market</span>
      <span className="num market-time" data-testid="market-time" data-value={market.valuationTime}>
        {formatUtc(market.valuationTime)}
      </span>
      {age ? (
        <span
          className={`age-chip age-${age.tone}`}
          data-testid="market-age"
          data-tone={age.tone}
          data-age-ms={String(age.ageMs)}
          title={`The snapshot is ${age.text} (clock: ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC): ${MARKET_TONE_TEXT[age.tone]}`}
        >
          {age.text}
        </span>
      ) : null}
      <span className="market-source">{origin}</span>
      {hasMarketOverrides(overrides) ? (
        <span className="badge badge-accent" title="Spot or vol overridden by hand (Market tab)">
          overrides
        </span>
      ) : null}
      {history ? (
        <span
          className={`age-chip age-${history.tone}`}
          data-testid="history-age"
          data-tone={history.tone}
          data-value={history.lastDate}
          title={`Price histories used by VaR, backtest and stress end ${history.detail}: ${history.daysBehind} days before today. Amber after ${HISTORY_AMBER_AFTER_DAYS} days, red after ${HISTORY_RED_AFTER_DAYS}: the latest moves are missing from VaR.`}
        >
          <span className="age-long">VaR data ends </span>
          <span className="age-short">VaR to </span>
          {history.lastDate}
        </span>
      ) : null}
    </div>
  );
}
