import { useMemo } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { NumberField } from '../../components/NumberField.tsx';
import { formatPercent, formatPrice, formatUtc } from '../../lib/format.ts';
import { buildMarketView } from './marketModel.ts';

/**
 * The snapshot in use, per underlying: index, perpetual, and per expiry the forward and ATM vol; plus hand
 * overrides of spot and vol (they change the base market, unlike the what-if panel).
 */
export function MarketView() {
  const market = useAppStore((s) => s.market);
  const source = useAppStore((s) => s.marketSource);
  const overrides = useAppStore((s) => s.marketOverrides);
  const setSpotOverride = useAppStore((s) => s.setSpotOverride);
  const setVolOverride = useAppStore((s) => s.setVolOverride);
  const clearOverrides = useAppStore((s) => s.clearMarketOverrides);
  const views = useMemo(() => buildMarketView(market, overrides), [market, overrides]);

  if (!market) return <div className="empty-state">No market snapshot loaded. Open one with “Open market”.</div>;

  return (
    <div className="market-view">
      <div className="market-head">
        <div>
          <div className="market-title">{source?.isDefault ? 'Embedded Deribit snapshot' : source?.fileName}</div>
          <div className="muted small" title={market.source}>
            Valuation time {formatUtc(market.valuationTime)} · {market.source}
          </div>
          {source && source.warnings.length > 0 ? (
            <div className="warn-text small">{source.warnings.length} import warnings (see Last import)</div>
          ) : null}
        </div>
        <button
          type="button"
          className="btn btn-small"
          onClick={clearOverrides}
          disabled={views.every((v) => v.spotOverride === null && v.volOverridePts === null)}
        >
          Clear overrides
        </button>
      </div>
      <div className="market-grid">
        {views.map((v) => (
          <section key={v.underlying} className="market-ul">
            <header className="market-ul-head">
              <h3>{v.underlying}</h3>
              <div className="kv">
                <span className="muted">Index USD</span>
                <span className="num">{formatPrice(v.index)}</span>
              </div>
              <div className="kv">
                <span className="muted">Perpetual USD</span>
                <span className="num">{formatPrice(v.perpetual)}</span>
              </div>
              <label
                className="kv"
                title="Replace the index by hand: index, perpetual and forwards scale together. Empty = snapshot value."
              >
                <span className="muted">Override spot</span>
                <NumberField
                  value={v.spotOverride ?? v.index}
                  onCommit={(x) => setSpotOverride(v.underlying, x === v.index ? null : x)}
                  ariaLabel={`${v.underlying} spot override (USD)`}
                  digits={2}
                  className={v.spotOverride !== null ? 'is-overridden' : ''}
                />
              </label>
              <label className="kv" title="Add vol points to every smile of this underlying (base market, not a scenario)">
                <span className="muted">Vol override pts</span>
                <NumberField
                  value={v.volOverridePts ?? 0}
                  onCommit={(x) => setVolOverride(v.underlying, x)}
                  ariaLabel={`${v.underlying} vol override (vol points)`}
                  digits={2}
                  className={v.volOverridePts !== null ? 'is-overridden' : ''}
                />
              </label>
            </header>
            <table className="data-table">
              <thead>
                <tr>
                  <th className="left">Expiry (08:00 UTC)</th>
                  <th>Forward USD</th>
                  <th>ATM IV %</th>
                  <th>Strikes</th>
                </tr>
              </thead>
              <tbody>
                {v.expiries.map((e) => (
                  <tr key={e.expiry}>
                    <td className="left num">{e.expiry.slice(0, 10)}</td>
                    <td className="num">{formatPrice(e.forward)}</td>
                    <td className="num">{formatPercent(e.atmVol, 1)}</td>
                    <td className="num">{e.strikes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </div>
  );
}
