/**
 * The positions grid (AG Grid community, loaded lazily). Rows come from the store; edits go back to the store as
 * commands (readOnlyEdit), so undo/redo, autosave and revaluation all follow from one place.
 *
 * The totals row lives in a second, header-less grid aligned to the first (AG Grid's aligned-grids footer): it looks
 * and scrolls like a pinned row, while the `positions-grid` element holds exactly one grid row per position.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  AlignedGridsModule,
  CellSpanModule,
  CellStyleModule,
  ClientSideRowModelModule,
  ExternalFilterModule,
  ModuleRegistry,
  NumberEditorModule,
  NumberFilterModule,
  QuickFilterModule,
  RenderApiModule,
  RowApiModule,
  RowStyleModule,
  ScrollApiModule,
  TextEditorModule,
  TextFilterModule,
  TooltipModule,
  colorSchemeDarkBlue,
  themeQuartz,
  type CellEditRequestEvent,
  type IRowNode,
  type ModelUpdatedEvent,
  type GetRowIdParams,
  type RowClassRules,
} from 'ag-grid-community';
import { appStore } from '../../state/store.ts';
import { parseUserNumber } from '../../lib/format.ts';
import {
  DEFAULT_COL_DEF,
  FOOTER_DEFAULT_COL_DEF,
  footerColumns,
  hasNoFigures,
  isTotals,
  positionColumns,
  type GridRow,
} from './columns.ts';
import { ActionsCell, InstrumentCell, ReasonCell, WhatIfCell } from './cells.tsx';
import { buildTotalsRow, type PositionRow } from './positionsModel.ts';

ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  AlignedGridsModule,
  CellSpanModule,
  CellStyleModule,
  ExternalFilterModule,
  RowStyleModule,
  NumberEditorModule,
  TextEditorModule,
  NumberFilterModule,
  TextFilterModule,
  QuickFilterModule,
  RenderApiModule,
  RowApiModule,
  ScrollApiModule,
  TooltipModule,
]);

/** Dark desk theme: dense rows, tabular figures, the app's palette. */
const gridTheme = themeQuartz.withPart(colorSchemeDarkBlue).withParams({
  backgroundColor: '#10161f',
  foregroundColor: '#d5dde8',
  headerBackgroundColor: '#151d29',
  headerTextColor: '#9fb0c6',
  borderColor: '#222d3d',
  rowBorder: { color: '#1a2331' },
  oddRowBackgroundColor: '#121925',
  accentColor: '#4aa3ff',
  fontFamily: 'inherit',
  fontSize: 12,
  headerFontSize: 11,
  headerFontWeight: 600,
  rowHeight: 26,
  headerHeight: 30,
  spacing: 5,
  cellHorizontalPadding: 7,
  wrapperBorderRadius: 0,
  wrapperBorder: false,
});

const ROW_CLASS_RULES: RowClassRules<GridRow> = {
  'row-whatif': (p) => !isTotals(p.data) && !!p.data?.whatIf,
  'row-excluded': (p) => !isTotals(p.data) && !!p.data?.excluded,
  'row-unpriced': (p) => !isTotals(p.data) && p.data?.status === 'unpriced',
  'row-settled': (p) => !isTotals(p.data) && p.data?.status === 'settled',
  'row-totals': (p) => isTotals(p.data),
};

const FILL = { height: '100%', width: '100%' } as const;

const getRowId = (p: GetRowIdParams<GridRow>) => p.data.id;

function onEdit(e: CellEditRequestEvent<GridRow>): void {
  const row = e.data;
  if (!row || isTotals(row)) return;
  const s = appStore.getState();
  const raw: unknown = e.newValue;
  const asNumber = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseUserNumber(raw) : null;
  switch (e.colDef.field) {
    case 'quantity':
      if (asNumber !== null && asNumber !== 0) s.editQuantity(row.id, asNumber);
      break;
    case 'entryPrice':
      // Clearing the cell removes the entry price (no P&L vs entry); negative prices do not exist.
      if (raw === null || raw === undefined || raw === '') s.editEntryPrice(row.id, null);
      else if (asNumber !== null && asNumber >= 0) s.editEntryPrice(row.id, asNumber);
      break;
    case 'label':
      s.editLabel(row.id, String(raw ?? ''));
      break;
    case 'venue':
      s.editVenue(row.id, String(raw ?? ''));
      break;
    default:
      break;
  }
}

interface PositionsGridProps {
  readonly rows: readonly PositionRow[];
  readonly quickFilter: string;
  readonly scenarioActive: boolean;
  /** Show only these position ids (a filter set from another view, e.g. a Greek-ladder bucket); null shows all. */
  readonly idFilter?: ReadonlySet<string> | null;
}

export default function PositionsGrid({ rows, quickFilter, scenarioActive, idFilter = null }: PositionsGridProps) {
  const mainRef = useRef<AgGridReact<GridRow>>(null);
  const footerRef = useRef<AgGridReact<GridRow>>(null);
  const columnDefs = useMemo(
    () => positionColumns({ whatIf: WhatIfCell, instrument: InstrumentCell, actions: ActionsCell, reason: ReasonCell }, { scenarioActive }),
    [scenarioActive],
  );
  const footerColumnDefs = useMemo(() => footerColumns(columnDefs), [columnDefs]);
  const rowData = rows as GridRow[];
  // Ids of the rows a filter leaves visible (null: no filter): the totals follow what the trader is looking at.
  const [visibleIds, setVisibleIds] = useState<ReadonlySet<string> | null>(null);
  const onModelUpdated = useCallback((e: ModelUpdatedEvent<GridRow>) => {
    if (!e.api.isAnyFilterPresent()) {
      setVisibleIds(null);
      return;
    }
    const ids = new Set<string>();
    for (let i = 0; i < e.api.getDisplayedRowCount(); i++) {
      const id = e.api.getDisplayedRowAtIndex(i)?.data?.id;
      if (id !== undefined) ids.add(id);
    }
    setVisibleIds((old) => (old && old.size === ids.size && [...ids].every((id) => old.has(id)) ? old : ids));
  }, []);
  // AG Grid computes a row's column spans when it draws the row, not when its data changes: a row that gains or
  // loses figures (a new market, a what-if switched off) must be redrawn for its reason to span the figure columns.
  // The span width also changes when the scenario column appears or goes.
  const spanned = useRef(new Map<string, boolean>());
  const spannedWithScenario = useRef(scenarioActive);
  useEffect(() => {
    const api = mainRef.current?.api;
    const changed: string[] = [];
    const next = new Map<string, boolean>();
    const widthChanged = spannedWithScenario.current !== scenarioActive;
    for (const r of rows) {
      const noFigures = hasNoFigures(r);
      next.set(r.id, noFigures);
      const before = spanned.current.get(r.id);
      if ((before !== undefined && before !== noFigures) || (widthChanged && noFigures)) changed.push(r.id);
    }
    // A row added by hand (a few new ids in an existing book) is scrolled into view, so the trader sees it land.
    const added = spanned.current.size > 0 ? rows.filter((r) => !spanned.current.has(r.id)) : [];
    spanned.current = next;
    spannedWithScenario.current = scenarioActive;
    const lastAdded = added.length > 0 && added.length <= 3 ? added[added.length - 1] : undefined;
    const addedNode = lastAdded ? api?.getRowNode(lastAdded.id) : undefined;
    if (api && addedNode) api.ensureNodeVisible(addedNode, 'bottom');
    if (!api || changed.length === 0) return;
    const rowNodes = changed.map((id) => api.getRowNode(id)).filter((n) => n !== undefined);
    api.redrawRows({ rowNodes });
  }, [rows, scenarioActive]);

  // The id filter is an AG Grid external filter, so the quick filter, the visible-row totals and the row count
  // ("3 of 33 shown") all see it; the grid re-filters when the set changes.
  const idFilterRef = useRef(idFilter);
  const isExternalFilterPresent = useCallback(() => idFilterRef.current !== null, []);
  const doesExternalFilterPass = useCallback((node: IRowNode<GridRow>) => {
    const ids = idFilterRef.current;
    return ids === null || (node.data !== undefined && ids.has(node.data.id));
  }, []);
  useEffect(() => {
    idFilterRef.current = idFilter;
    mainRef.current?.api?.onFilterChanged();
  }, [idFilter]);

  const footerData = useMemo(() => {
    const shown = visibleIds ? rows.filter((r) => visibleIds.has(r.id)) : rows;
    return [buildTotalsRow(shown, rows.length) as GridRow];
  }, [rows, visibleIds]);

  return (
    <div className="grid-stack">
      <div className="grid-main" data-testid="positions-grid">
        <AgGridReact<GridRow>
          ref={mainRef}
          theme={gridTheme}
          containerStyle={FILL}
          rowData={rowData}
          columnDefs={columnDefs}
          defaultColDef={DEFAULT_COL_DEF}
          getRowId={getRowId}
          alignedGrids={[footerRef]}
          quickFilterText={quickFilter}
          isExternalFilterPresent={isExternalFilterPresent}
          doesExternalFilterPass={doesExternalFilterPass}
          onModelUpdated={onModelUpdated}
          rowClassRules={ROW_CLASS_RULES}
          readOnlyEdit
          onCellEditRequest={onEdit}
          stopEditingWhenCellsLoseFocus
          suppressMovableColumns
          tooltipShowDelay={400}
          animateRows={false}
          overlayNoRowsTemplate="The book is empty: open a portfolio file, load the sample or add a position."
        />
      </div>
      <div className="grid-footer" aria-label="Totals">
        <AgGridReact<GridRow>
          ref={footerRef}
          theme={gridTheme}
          rowData={footerData}
          columnDefs={footerColumnDefs}
          defaultColDef={FOOTER_DEFAULT_COL_DEF}
          containerStyle={FILL}
          suppressHorizontalScroll
          getRowId={getRowId}
          alignedGrids={[mainRef]}
          headerHeight={0}
          suppressMovableColumns
          rowClassRules={ROW_CLASS_RULES}
          suppressCellFocus
          tooltipShowDelay={400}
        />
      </div>
    </div>
  );
}
