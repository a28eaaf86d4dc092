import { Metric } from '../../components/Metric.tsx';
import { formatUsdWithSymbol } from '../../lib/format.ts';
import { formatCcy, type CurrencyCard } from './marginModel.ts';

interface Props {
  readonly cards: readonly CurrencyCard[];
  readonly selected: string | null;
  readonly onSelect: (ccy: string) => void;
}

/**
 * One card per settlement currency: IM and MM in that currency (`metric-im-<CCY>`, `metric-mm-<CCY>`, unrounded in
 * `data-value`), their USD value, and what the risk-matrix margin is made of. Click a card to show its matrix.
 */
export function CurrencyCards({ cards, selected, onSelect }: Props) {
  return (
    <div className="pme-cards">
      {cards.map((c) => {
        const amt = (x: number) => formatCcy(x, c.ccy);
        return (
          <button
            key={c.ccy}
            type="button"
            className={`pme-card${c.ccy === selected ? ' is-active' : ''}`}
            onClick={() => onSelect(c.ccy)}
            data-testid={`pme-card-${c.ccy}`}
            title={`Deribit portfolio margin of the ${c.ccy}-settled positions (${c.underlyings.join(', ')}), in ${c.ccy}. Click to show the risk matrix.`}
          >
            <div className="pme-card-head">
              <span className="pme-ccy">{c.ccy}</span>
              <span className="muted small">{c.underlyings.join(' · ')}</span>
            </div>
            <div className="pme-im-mm">
              <div title="Initial margin = risk-matrix margin (worst case + roll shock + delta shock); no open orders in a file-based book">
                <div className="card-label">
                  IM <span className="unit">{c.ccy}</span>
                </div>
                <Metric testId={`metric-im-${c.ccy}`} value={c.initialMargin} format={amt} className="pme-big" />
                <div className="muted small">{formatUsdWithSymbol(c.initialMarginUsd, { digits: 0 })}</div>
              </div>
              <div title="Maintenance margin = mm_factor × risk-matrix margin">
                <div className="card-label">
                  MM <span className="unit">{c.ccy}</span>
                </div>
                <Metric testId={`metric-mm-${c.ccy}`} value={c.maintenanceMargin} format={amt} className="pme-big" />
                <div className="muted small">{formatUsdWithSymbol(c.maintenanceMarginUsd, { digits: 0 })}</div>
              </div>
            </div>
            <dl className="an-kv pme-parts">
              <dt title="The largest loss over the standard and extended tables (after pnl_offset and the dampener), floored at 0">
                Worst case
              </dt>
              <dd>{amt(c.worstCase)}</dd>
              <dt title="Σ per expiry of max(min_annualised_move, e^(annualised_move_risk·T) − 1) × |net delta|">Roll shock</dt>
              <dd>{amt(c.rollShock)}</dd>
              <dt title="Liquidity add-on on the Delta Total notional above the threshold, capped at max_delta_shock of it">Delta shock</dt>
              <dd>{amt(c.deltaShock)}</dd>
            </dl>
            <div className="pme-worst" title="The scenario that sets the worst case">
              Worst: {c.worstText}
            </div>
          </button>
        );
      })}
    </div>
  );
}
