/**
 * Column definitions of the positions grid as data. Units sit in the headers (second line); numbers are
 * right-aligned in tabular figures; unpriced figures are never 0: the row's reason spans the figure columns instead.
 * Header tooltips explain each figure. Widths flex to fill the grid down to a readable minimum.
 */
import type { ColDef, ColSpanParams, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import type { ComponentType } from 'react';
import { formatCoin, formatNumber, formatPercent, formatPrice, formatSignificant, formatUsd } from '../../lib/format.ts';
import type { PositionRow, TotalsRow } from './positionsModel.ts';

export type GridRow = PositionRow | TotalsRow;

export function isTotals(row: GridRow | undefined): row is TotalsRow {
  return row?.id === '__totals';
}

export interface CellRenderers {
  readonly whatIf: ComponentType<ICellRendererParams<GridRow>>;
  readonly instrument: ComponentType<ICellRendererParams<GridRow>>;
  readonly actions: ComponentType<ICellRendererParams<GridRow>>;
  /** The figure cell of a row without figures: its reason, spanning all figure columns. */
  readonly reason: ComponentType<ICellRendererParams<GridRow>>;
}

type Fmt = (x: number) => string;

/** Em dash for a missing figure; blank on the totals row where the column has no total. */
const num = (fmt: Fmt) => (p: ValueFormatterParams<GridRow>) => {
  if (typeof p.value === 'number' && Number.isFinite(p.value)) return fmt(p.value);
  return isTotals(p.data) ? '' : '\u2014';
};

/** The figure columns from Mark to Theta: a row without figures shows its reason across all of them. */
export const FIGURE_COLUMNS = ['mark', 'iv', 'valueUsd', 'pnlVsEntryUsd', 'scenarioPnlUsd', 'delta', 'gamma', 'vega', 'theta'] as const;

export interface ColumnOptions {
  /** Show the per-position scenario P&L (only meaningful while a shock is set). */
  readonly scenarioActive: boolean;
}

export function hasNoFigures(row: GridRow | undefined): boolean {
  return !!row && !isTotals(row) && (row.status === 'unpriced' || row.status === 'settled' || row.status === 'excluded');
}

/** Spans count displayed columns, so a hidden scenario column is left out of the count. */
const spanFigures = (visibleFigures: number) => (p: ColSpanParams<GridRow>) => (hasNoFigures(p.data) ? visibleFigures : 1);

const NUMERIC: Partial<ColDef<GridRow>> = {
  type: 'rightAligned',
  filter: false,
  cellClass: 'num',
  wrapHeaderText: true,
};

const pnlClass = (p: { value: unknown }) =>
  typeof p.value === 'number' ? (p.value > 0.005 ? 'num tone-pos' : p.value < -0.005 ? 'num tone-neg' : 'num') : 'num';

const notTotals = (p: { data?: GridRow }) => !isTotals(p.data);

const priceTooltip = (p: { data?: GridRow; value?: unknown }) => {
  const row = p.data;
  if (!row || isTotals(row) || typeof p.value !== 'number') return null;
  return `${p.value} ${row.quoteCcy} per 1 ${row.underlying ?? 'coin'}`;
};

export function positionColumns(r: CellRenderers, opts: ColumnOptions): ColDef<GridRow>[] {
  const visibleFigures = FIGURE_COLUMNS.length - (opts.scenarioActive ? 0 : 1);
  return [
    {
      colId: 'whatIf',
      headerName: 'W/I',
      headerTooltip: 'What-if (hypothetical) trade. Click the tag to include or exclude it from every figure.',
      width: 40,
      minWidth: 40,
      pinned: 'left',
      filter: false,
      resizable: false,
      valueGetter: (p) => (isTotals(p.data) ? null : p.data?.whatIf ? (p.data.excluded ? 'off' : 'on') : ''),
      cellRenderer: r.whatIf,
      cellClass: 'cell-center',
    },
    {
      field: 'instrument',
      headerName: 'Instrument',
      headerTooltip:
        'Deribit instrument name as in the file. ! the engine could not price it; exp it expired before the valuation time and settled (no figures); ≈ its expiry is not listed in this market, so its value is interpolated.',
      // Pinned columns do not flex: a fixed width that fits Deribit's longest names (BTC_USDC-25SEP26-80000-C).
      width: 186,
      minWidth: 120,
      pinned: 'left',
      filter: 'agTextColumnFilter',
      // The cell shows a status badge, so its value carries the status: AG Grid redraws a cell only when its value
      // changes, and a report that flags a row (e.g. an unlisted expiry) leaves the name unchanged. Filters, the quick
      // filter and sorting still see the name first.
      valueGetter: (p) =>
        !p.data ? null : isTotals(p.data) ? p.data.instrument : `${p.data.instrument}\u0000${p.data.status}\u0000${p.data.note ?? ''}`,
      filterValueGetter: (p) => p.data?.instrument ?? null,
      getQuickFilterText: (p) => p.data?.instrument ?? '',
      cellRenderer: r.instrument,
    },
    {
      field: 'kind',
      headerName: 'Kind',
      minWidth: 60,
      flex: 0.8,
      filter: 'agTextColumnFilter',
      valueFormatter: (p) => (p.value === 'perpetual' ? 'perp' : String(p.value ?? '')),
      headerTooltip: 'option, future, perp(etual), spot or cash',
    },
    {
      field: 'venue',
      headerName: 'Venue',
      minWidth: 66,
      flex: 0.8,
      filter: false,
      editable: notTotals,
      headerTooltip: 'Where the position is held. Double-click to edit.',
    },
    {
      field: 'label',
      headerName: 'Label',
      minWidth: 76,
      flex: 1.5,
      filter: 'agTextColumnFilter',
      editable: notTotals,
      tooltipField: 'label',
      headerTooltip: 'Book or strategy tag from the file. Double-click to edit.',
    },
    {
      ...NUMERIC,
      field: 'quantity',
      headerName: 'Qty',
      headerTooltip:
        'Signed quantity in the unit of the next column (+ long, − short), exactly as in the file. Double-click or type to edit.',
      minWidth: 66,
      flex: 1,
      editable: notTotals,
      cellEditor: 'agNumberCellEditor',
      cellClass: 'num cell-editable',
      valueFormatter: num((x) => formatNumber(x, Number.isInteger(x) ? 0 : 4)),
    },
    {
      field: 'unit',
      headerName: 'Unit',
      minWidth: 66,
      flex: 0.7,
      filter: false,
      headerTooltip: 'Unit of the quantity: coin (default), usd notional (inverse futures and perpetuals) or exchange contracts',
    },
    {
      ...NUMERIC,
      field: 'entryPrice',
      headerName: 'Entry',
      headerTooltip:
        'Entry price in the quote currency: coin for inverse options, USD otherwise. Empty: no P&L vs entry. Double-click to edit.',
      minWidth: 68,
      flex: 1,
      editable: notTotals,
      cellEditor: 'agNumberCellEditor',
      cellClass: 'num cell-editable',
      valueFormatter: num(formatPrice),
      tooltipValueGetter: priceTooltip,
    },
    {
      ...NUMERIC,
      field: 'mark',
      headerName: 'Mark',
      minWidth: 68,
      flex: 1,
      valueFormatter: num(formatPrice),
      tooltipValueGetter: priceTooltip,
      colSpan: spanFigures(visibleFigures),
      cellRendererSelector: (p) => (hasNoFigures(p.data) ? { component: r.reason } : undefined),
      headerTooltip:
        'Mark per 1 coin of underlying: Black-76 mark in coin for inverse options, USD otherwise (forward for futures, index for spot).',
    },
    {
      ...NUMERIC,
      field: 'iv',
      headerName: 'IV %',
      minWidth: 50,
      flex: 0.7,
      valueFormatter: num((x) => formatPercent(x, 1)),
      headerTooltip: 'Implied vol used, % (sticky strike: the smile of the expiry at the option’s strike)',
    },
    {
      ...NUMERIC,
      field: 'valueUsd',
      headerName: 'Value USD',
      minWidth: 72,
      flex: 1.2,
      valueFormatter: num((x) => formatUsd(x, { digits: 0 })),
      headerTooltip: 'USD value at the snapshot: option mark × index × quantity, futures P&L vs entry, spot × index, cash at face',
    },
    {
      ...NUMERIC,
      field: 'pnlVsEntryUsd',
      headerName: 'P&L vs entry USD',
      minWidth: 74,
      flex: 1.2,
      cellClass: pnlClass,
      valueFormatter: num((x) => formatUsd(x, { digits: 0, signed: true })),
      headerTooltip: 'USD value now minus the cost at the entry price (— when there is no entry price)',
    },
    {
      ...NUMERIC,
      field: 'scenarioPnlUsd',
      headerName: 'Scenario P&L USD',
      minWidth: 76,
      flex: 1.2,
      hide: !opts.scenarioActive,
      cellClass: pnlClass,
      valueFormatter: num((x) => formatUsd(x, { digits: 0, signed: true })),
      headerTooltip: 'This position’s P&L under the what-if shock (value after − value now, full revaluation)',
    },
    {
      ...NUMERIC,
      field: 'delta',
      headerName: 'Delta coin',
      minWidth: 72,
      flex: 1.1,
      valueFormatter: num((x) => formatCoin(x)),
      headerTooltip:
        'Coins of the underlying: options N(d1) × quantity (Deribit forward delta), futures, perpetuals and spot their coin quantity. No total when the book mixes underlyings.',
    },
    {
      ...NUMERIC,
      field: 'gamma',
      headerName: 'Gamma coin/USD',
      minWidth: 72,
      flex: 1.1,
      valueFormatter: num((x) => formatSignificant(x, 3, 1e-4)),
      headerTooltip: 'Change of coin delta per USD move of the forward. No total when the book mixes underlyings.',
    },
    {
      ...NUMERIC,
      field: 'vega',
      headerName: 'Vega USD/pt',
      minWidth: 60,
      flex: 1,
      valueFormatter: num((x) => formatUsd(x, { digits: 0 })),
      headerTooltip: 'USD P&L for +1 vol point',
    },
    {
      ...NUMERIC,
      field: 'theta',
      headerName: 'Theta USD/day',
      minWidth: 62,
      flex: 1,
      cellClass: pnlClass,
      valueFormatter: num((x) => formatUsd(x, { digits: 0, signed: true })),
      headerTooltip: 'USD P&L of one calendar day (Deribit theta rule)',
    },
    {
      colId: 'actions',
      headerName: '',
      width: 56,
      minWidth: 56,
      pinned: 'right',
      sortable: false,
      filter: false,
      resizable: false,
      cellRenderer: r.actions,
      cellClass: 'cell-actions',
    },
  ];
}

export const DEFAULT_COL_DEF: ColDef<GridRow> = {
  sortable: true,
  resizable: true,
  autoHeaderHeight: true,
  wrapHeaderText: true,
};

/** The totals footer: same columns, no header, nothing to edit, sort or filter. */
export function footerColumns(columns: readonly ColDef<GridRow>[]): ColDef<GridRow>[] {
  return columns.map((c) => ({ ...c, editable: false, sortable: false, filter: false, wrapHeaderText: false, autoHeaderHeight: false }));
}

export const FOOTER_DEFAULT_COL_DEF: ColDef<GridRow> = { sortable: false, resizable: false };
