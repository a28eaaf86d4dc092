import { useAppStore } from '../../state/hooks.ts';
import { formatUtc } from '../../lib/format.ts';
import { hasMarketOverrides } from '../../state/slices/marketSlice.ts';

/** Header: which market the figures use, when it was taken, where it came from. */
export function MarketBadge() {
  const market = useAppStore((s) => s.market);
  const source = useAppStore((s) => s.marketSource);
  const overrides = useAppStore((s) => s.marketOverrides);
  if (!market) return <div className="market-badge muted">No market loaded</div>;
  const origin = source?.isDefault ? 'Embedded Deribit snapshot' : (source?.fileName ?? 'Imported snapshot');
  return (
    <div className="market-badge" data-testid="market-info" title={`Source: ${market.source}`}>
      <span className="market-label">Market</span>
      <span className="num market-time" data-testid="market-time" data-value={market.valuationTime}>
        {formatUtc(market.valuationTime)}
      </span>
      <span className="market-source">{origin}</span>
      {hasMarketOverrides(overrides) ? (
        <span className="badge badge-accent" title="Spot or vol overridden by hand (Market tab)">
          overrides
        </span>
      ) : null}
    </div>
  );
}
