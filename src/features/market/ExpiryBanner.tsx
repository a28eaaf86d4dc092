import { useMemo, useState } from 'react';
import { useAppStore } from '../../state/hooks.ts';
import { utcDay } from '../../lib/clock.ts';
import { useNow } from '../../components/useNow.ts';
import { expiredInBook, marketAge } from './marketAgeModel.ts';
import './marketAge.css';

/**
 * Banner when the book holds instruments whose expiry has passed: before the market's valuation time (they have
 * settled) or since it, up to today (the figures still treat them as alive, valued as of the market time).
 */
export function ExpiryBanner() {
  const portfolio = useAppStore((s) => s.portfolio);
  const market = useAppStore((s) => s.market);
  const now = useNow();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const valuationMs = market ? Date.parse(market.valuationTime) : NaN;
  const expired = useMemo(
    () => (Number.isFinite(valuationMs) ? expiredInBook(portfolio, valuationMs, now) : null),
    [portfolio, valuationMs, now],
  );
  if (!market || !expired || expired.positions === 0) return null;
  const key = `${market.valuationTime}|${expired.beforeMarket.length}|${expired.sinceMarket.length}|${utcDay(now)}`;
  if (dismissed === key) return null;
  const age = marketAge(market.valuationTime, now);
  const names = (list: typeof expired.sinceMarket) =>
    list
      .slice(0, 3)
      .map((e) => e.instrument)
      .join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
  return (
    <div
      className="notice notice-warning expiry-banner"
      data-testid="notice-expired"
      data-before-market={expired.beforeMarket.length}
      data-since-market={expired.sinceMarket.length}
      data-positions={expired.positions}
    >
      <span>
        <b>
          {expired.positions} {expired.positions === 1 ? 'position has' : 'positions have'} expired
        </b>{' '}
        (today {utcDay(now)}).
        {expired.beforeMarket.length > 0 ? (
          <>
            {' '}
            Before the market time: <span className="expiry-list">{names(expired.beforeMarket)}</span>.
          </>
        ) : null}
        {expired.sinceMarket.length > 0 ? (
          <>
            {' '}
            Since the market{age ? ` (${age.text})` : ''}, still valued as alive:{' '}
            <span className="expiry-list">{names(expired.sinceMarket)}</span>. Open a current market.
          </>
        ) : null}
      </span>
      <button type="button" className="icon-btn" onClick={() => setDismissed(key)} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}
