import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildMarketModel, resolveBook, runStress, STRESS_PRESETS, type StressScenario } from '../../engine/index.ts';
import { importMarketText } from '../../io/importMarket.ts';
import { importPortfolioText } from '../../io/importPortfolio.ts';
import type { StressRun } from '../../worker/api/marginApi.ts';
import {
  barGeometry,
  blankForm,
  buildWaterfall,
  formErrors,
  formFromScenario,
  newCustomId,
  scenarioFromForm,
  stressRows,
  tableUnderlyings,
  whatIfFromStress,
} from './stressModel.ts';

const m = importMarketText(readFileSync('public/data/default-market.json', 'utf8'), 'm');
const p = importPortfolioText(readFileSync('public/data/default-portfolio.csv', 'utf8'), 'p');
if (!m.ok || !p.ok) throw new Error('default data');
const model = buildMarketModel(m.snapshot);
const book = resolveBook(p.result.portfolio, model);
const custom: StressScenario = { ...STRESS_PRESETS[0]!, id: 'custom-1', name: 'Mine', venueDefault: 'okx', days: 1 };
const results = runStress(book, model, [...STRESS_PRESETS, custom]);
const run: StressRun = { results, presetIds: STRESS_PRESETS.map((s) => s.id), invalid: {}, venues: ['deribit', 'coinbase', 'okx'] };

describe('stress table', () => {
  it('lists the book’s risk underlyings in desk order, presets then customs, moves in %', () => {
    const uls = tableUnderlyings(run);
    expect(uls).toEqual(['BTC', 'ETH']);
    const rows = stressRows(run, uls);
    expect(rows).toHaveLength(STRESS_PRESETS.length + 1);
    expect(rows.at(-1)).toMatchObject({ id: 'custom-1', custom: true, venueDefault: 'okx', days: 1 });
    expect(rows[0]).toMatchObject({ custom: false, volPts: 60, basisPct: 100 });
    expect(rows[0]!.movesPct).toEqual({ BTC: -50, ETH: -50 });
    expect(rows[0]!.pnlUsd).toBe(results[0]!.pnlUsd);
  });
});

describe('waterfall', () => {
  const r = results.at(-1)!;
  it.each(['underlying', 'venue', 'position', 'component'] as const)('by %s: steps add up to the total, which starts at 0', (by) => {
    const w = buildWaterfall(r, by);
    const steps = w.steps.filter((s) => s.kind !== 'total');
    const total = w.steps.at(-1)!;
    expect(total).toMatchObject({ kind: 'total', startUsd: 0 });
    expect(total.endUsd).toBeCloseTo(r.pnlUsd, 6);
    expect(steps.at(-1)!.endUsd).toBeCloseTo(r.pnlUsd, 6);
    steps.forEach((s, i) => i > 0 && expect(s.startUsd).toBe(steps[i - 1]!.endUsd));
    expect(w.minUsd).toBeLessThanOrEqual(0);
    expect(w.maxUsd).toBeGreaterThanOrEqual(0);
  });
  it('positions beyond the cap are summed into one step, largest |P&L| first', () => {
    const w = buildWaterfall(r, 'position', 10);
    expect(w.steps).toHaveLength(11);
    expect(w.steps[9]).toMatchObject({ kind: 'rest', label: `${r.byPosition.length - 9} other positions` });
    const shown = w.steps.slice(0, 9).map((s) => Math.abs(s.valueUsd));
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
  });
  it('venue default appears as its own component', () => {
    const w = buildWaterfall(r, 'component');
    expect(w.steps.find((s) => s.key === 'venueDefault')!.valueUsd).toBeCloseTo(r.components.venueDefaultUsd, 9);
    expect(r.components.venueDefaultUsd).toBeLessThan(0);
  });
  it('bar geometry stays on the axis', () => {
    const w = { minUsd: -100, maxUsd: 50 };
    const g = barGeometry({ key: 'a', label: 'a', detail: null, valueUsd: -40, startUsd: 10, endUsd: -30, kind: 'step' }, w);
    expect(g.leftPct).toBeCloseTo((70 / 150) * 100, 10);
    expect(g.widthPct).toBeCloseTo((40 / 150) * 100, 10);
    expect(g.zeroPct).toBeCloseTo((100 / 150) * 100, 10);
  });
});

describe('builder', () => {
  it('round-trips a scenario through the form (percent and vol points)', () => {
    const s: StressScenario = {
      id: 'x',
      name: 'X',
      description: 'd',
      spotMove: -0.25,
      spot: { ETH: -0.3 },
      defaultBeta: 1.3,
      volShift: 0.35,
      volTermPower: 0.3,
      days: 2,
      basisCollapse: 0.5,
      venueDefault: 'okx',
    };
    const f = formFromScenario(s, ['BTC', 'ETH', 'SOL']);
    expect(f).toMatchObject({ refMovePct: -25, movesPct: { ETH: -30, SOL: null }, volPts: 35, basisPct: 50, days: 2 });
    expect(scenarioFromForm(f)).toEqual(s);
  });
  it('copying a preset gives a new id and name', () => {
    const f = formFromScenario(STRESS_PRESETS[1]!, ['BTC', 'ETH'], 'custom-9');
    expect(f.id).toBe('custom-9');
    expect(f.name).toMatch(/\(copy\)$/);
  });
  it('validates in the units shown', () => {
    expect(formErrors(blankForm('c'))).toEqual([]);
    const bad = { ...blankForm('c'), name: ' ', refMovePct: -100, basisPct: 120, termPower: -1, movesPct: { ETH: -150 } };
    expect(formErrors(bad)).toEqual([
      'Give the scenario a name.',
      'BTC move must be above −100 %.',
      'ETH move must be above −100 %.',
      'Term decay p must be ≥ 0.',
      'Basis collapse must be between 0 and 100 %.',
    ]);
  });
  it('new ids do not collide', () => {
    expect(newCustomId([{ id: 'custom-1' }, { id: 'custom-2' }])).toBe('custom-3');
    expect(newCustomId([{ id: 'custom-2' }])).toBe('custom-3');
  });
});

describe('apply as what-if', () => {
  it('maps each underlying’s move, the vol shift and days; notes what does not map', () => {
    const r = results.at(-1)!;
    const { inputs, notes } = whatIfFromStress(r, ['BTC', 'ETH']);
    expect(inputs).toEqual({ spotPct: { BTC: -50, ETH: -50 }, volPts: 60, days: 1 });
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(/flat/);
  });
});
