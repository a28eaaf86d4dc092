import { DEFAULT_SPAN_PARAMS } from '../../engine/index.ts';
import { formatNumber } from '../../lib/format.ts';
import { useAppStore } from '../../state/hooks.ts';
import type { SpanSettings, StandardRateEdit } from '../../state/slices/analysisSlice.ts';
import { OptionalNumberField } from './OptionalNumberField.tsx';
import type { StandardRateRow } from './marginModel.ts';

interface SpanField {
  readonly key: keyof SpanSettings;
  readonly label: string;
  readonly unit: string;
  /** The default as shown in the field's placeholder. */
  readonly placeholder: string;
  readonly title: string;
  readonly testId: string;
}

const D = DEFAULT_SPAN_PARAMS;

const SPAN_FIELDS: readonly SpanField[] = [
  {
    key: 'shortOptionMinimumPct',
    label: 'Short option minimum',
    unit: '% of scan charge',
    placeholder: formatNumber(D.shortOptionMinimum * 100, 0),
    title:
      'Per coin of short option: this share of the outright scan charge (scan range × 1 coin). CME sets it per product ("a percentage of the outright margin on one underlying futures contract"); no crypto value is published, so the default is assumed.',
    testId: 'span-som-input',
  },
  {
    key: 'extremeMultiple',
    label: 'Extreme move',
    unit: '× scan range',
    placeholder: formatNumber(D.extremeMultiple, 0),
    title: 'Scenarios 15 and 16 move the price by this multiple of the scan range (CME default layout: 2; some products 3)',
    testId: 'span-extreme-multiple-input',
  },
  {
    key: 'extremeCoverPct',
    label: 'Extreme move cover',
    unit: '%',
    placeholder: formatNumber(D.extremeCover * 100, 0),
    title: 'Share of the extreme moves’ P&L that counts (CME default layout: 35 %; some products 33 %)',
    testId: 'span-extreme-cover-input',
  },
  {
    key: 'volScanPts',
    label: 'Vol scan',
    unit: 'vol pts',
    placeholder: formatNumber(D.volScan * 100, 0),
    title: 'Absolute vol move of scenarios 1–14, added to each option’s own vol',
    testId: 'span-vol-scan-input',
  },
  {
    key: 'lookAheadDays',
    label: 'Look-ahead',
    unit: 'days',
    placeholder: formatNumber(D.lookAheadDays, 0),
    title: 'Every scenario is valued this much later: the options’ time decay is in the scan (CME: one trading day)',
    testId: 'span-look-ahead-input',
  },
  {
    key: 'calendarAnnualPct',
    label: 'Calendar rate',
    unit: '% / yr',
    placeholder: 'PME roll',
    title:
      'Inter-month spread charge per coin of spread: max(minimum, e^{rate·ΔT} − 1), ΔT the years between the two expiries. Blank = the currency’s PME roll-shock parameters (7.5 % / 1 % BTC, 5 % / 0.5 % ETH, 10 % / 1 % USDC)',
    testId: 'span-calendar-rate-input',
  },
  {
    key: 'calendarMinPct',
    label: 'Calendar minimum',
    unit: '%',
    placeholder: 'PME roll',
    title: 'Floor of the calendar spread rate per coin of spread (blank with the rate = the PME roll-shock parameters)',
    testId: 'span-calendar-min-input',
  },
];

const STATUS_TEXT: Readonly<Record<StandardRateRow['status'], string>> = {
  published: 'published',
  assumed: 'assumed',
  edited: 'edited',
};

/**
 * Parameters of the comparison models: the SPAN-style margin (short option minimum, extreme move and cover, vol
 * scan, look-ahead, calendar spread rate) and Deribit's standard futures rates per product line, each with its
 * source, or "assumed" where no published rate was found. Saved with the session.
 */
export function MarginModelParams({
  rates,
  spanErrors,
}: {
  readonly rates: readonly StandardRateRow[];
  readonly spanErrors: readonly string[];
}) {
  const span = useAppStore((s) => s.analysis.span);
  const setSpan = useAppStore((s) => s.setSpanSetting);
  const setRate = useAppStore((s) => s.setStandardRate);
  const reset = useAppStore((s) => s.resetMarginModels);
  const edits = useAppStore((s) => s.analysis.standardRates);
  const anyEdit = Object.values(span).some((v) => v !== null) || Object.keys(edits).length > 0;
  const rateField = (r: StandardRateRow, field: keyof StandardRateEdit, fallback: number, what: string) => (
    <OptionalNumberField
      value={r.edit?.[field] ?? null}
      onCommit={(v) => setRate(r.line, field, v)}
      ariaLabel={`${what} of ${r.line} (%)`}
      testId={`std-rate-${r.line}-${field}`}
      placeholder={formatNumber(fallback, field === 'addOnPctPerCoin' ? 4 : 1)}
    />
  );
  return (
    <div className="model-params" data-testid="margin-model-params">
      <div>
        <div className="model-params-title">SPAN-style</div>
        <div className="an-form">
          {SPAN_FIELDS.map((f) => (
            <label key={f.key} className="an-field" title={f.title}>
              <span>
                {f.label} <span className="unit">{f.unit}</span>
              </span>
              <OptionalNumberField
                value={span[f.key]}
                onCommit={(v) => setSpan(f.key, v)}
                ariaLabel={`SPAN ${f.label} (${f.unit})`}
                testId={f.testId}
                placeholder={f.placeholder}
              />
            </label>
          ))}
        </div>
        {spanErrors.length > 0 ? (
          <ul className="an-list an-error" data-testid="span-params-errors">
            {spanErrors.map((e) => (
              <li key={e}>{e} — the defaults are used</li>
            ))}
          </ul>
        ) : null}
        <div className="an-note model-params-note">
          Blank = default. Structure of CME SPAN: 16 scenarios over a one-day look-ahead, the inter-month spread charge, the short option
          minimum (CME SPAN Methodology Overview; CME Clearing advisories). Scan range = the PME price range.
        </div>
      </div>
      <div>
        <div className="model-params-title">Standard: futures and perpetuals</div>
        <table className="an-table std-rates" data-testid="std-rates">
          <thead>
            <tr>
              <th className="left">Product</th>
              <th>
                IM <span className="unit">%</span>
              </th>
              <th>
                MM <span className="unit">%</span>
              </th>
              <th title="Added to both rates per coin of position size">
                + per coin <span className="unit">%</span>
              </th>
              <th className="left">Source</th>
            </tr>
          </thead>
          <tbody>
            {rates.map((r) => (
              <tr
                key={r.line}
                data-testid="std-rate-row"
                data-line={r.line}
                data-status={r.status}
                className={r.inBook ? 'in-book' : undefined}
              >
                <th title={r.inBook ? 'In the book' : undefined}>{r.label}</th>
                <td>{rateField(r, 'imPct', r.imPct, 'IM rate')}</td>
                <td>{rateField(r, 'mmPct', r.mmPct, 'MM rate')}</td>
                <td>{rateField(r, 'addOnPctPerCoin', r.addOnPctPerCoin, 'Size add-on')}</td>
                <td className="left std-source" title={r.source}>
                  <span className={`an-tag std-${r.status}`} data-testid={`std-rate-status-${r.line}`}>
                    {STATUS_TEXT[r.status]}
                  </span>{' '}
                  <span className="muted small">{r.source}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="an-note model-params-note">
          Short options: IM max(0.15 − OTM/F, 0.1) + mark; MM 0.075 + mark (calls), max(0.075, 0.075·mark) + mark (puts, whose IM is at
          least the MM); F is the option’s own forward, the “underlying mark price” of a Deribit option. Linear products in USDC at the
          index.
        </div>
        <div className="an-actions">
          <button type="button" className="btn btn-small" onClick={reset} disabled={!anyEdit} data-testid="margin-model-reset">
            Reset to defaults
          </button>
        </div>
      </div>
    </div>
  );
}
