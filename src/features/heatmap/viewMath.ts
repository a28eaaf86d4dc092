/**
 * Pure helpers shared by the risk views (heatmaps, ladders, payoff, surface): axis ranges typed by the trader,
 * day lists, compact figures for dense cells and the diverging colour scales. No React.
 */
import { MINUS, formatNumber } from '../../lib/format.ts';

/** A from / to / step axis as typed in a view's toolbar. */
export interface AxisSpec {
  readonly from: number;
  readonly to: number;
  readonly step: number;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/**
 * Values from `from` to `to` inclusive by `step`, rounded to 1e-9 (as the engine's `range`); refused when the step
 * is not positive, the ends are reversed, or there would be more than `max` values.
 */
export function axisValues(spec: AxisSpec, max = 41, what = 'axis'): Parsed<number[]> {
  const { from, to, step } = spec;
  if (![from, to, step].every(Number.isFinite)) return { ok: false, error: `${what}: from, to and step must be numbers` };
  if (!(step > 0)) return { ok: false, error: `${what}: the step must be positive` };
  if (to < from) return { ok: false, error: `${what}: “to” must not be below “from”` };
  const n = Math.floor((to - from) / step + 1e-9) + 1;
  if (n > max) return { ok: false, error: `${what}: ${n} points; at most ${max} (use a larger step)` };
  return { ok: true, value: Array.from({ length: n }, (_, i) => Math.round((from + i * step) * 1e9) / 1e9) };
}

/**
 * A list of numbers typed as "0, 1, 3, 7" (commas, spaces or semicolons; a leading + allowed), sorted and
 * de-duplicated. Refused when empty, when an entry is not a number, below `min`, or when there are more than `max`.
 */
export function parseNumberList(text: string, opts: { min?: number; max?: number; what?: string } = {}): Parsed<number[]> {
  const what = opts.what ?? 'list';
  const parts = text
    .replace(/\u2212/g, '-')
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, error: `${what}: enter at least one number` };
  const values: number[] = [];
  for (const p of parts) {
    const n = Number(p.replace(/^\+/, '').replace(/d$/i, ''));
    if (!Number.isFinite(n)) return { ok: false, error: `${what}: “${p}” is not a number` };
    if (opts.min !== undefined && n < opts.min) return { ok: false, error: `${what}: ${p} is below ${opts.min}` };
    values.push(n);
  }
  const unique = [...new Set(values)].sort((a, b) => a - b);
  const max = opts.max ?? 24;
  if (unique.length > max) return { ok: false, error: `${what}: at most ${max} values` };
  return { ok: true, value: unique };
}

/** "−12.3k", "+1.24M", "+850", "0": a figure that fits a heatmap cell. */
export function formatCompact(x: number | null | undefined, opts: { signed?: boolean } = {}): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '\u2014';
  const abs = Math.abs(x);
  let body: string;
  if (abs < 999.5) body = abs.toFixed(0);
  else if (abs < 99_950) body = `${(abs / 1e3).toFixed(1)}k`;
  else if (abs < 999_500) body = `${(abs / 1e3).toFixed(0)}k`;
  else if (abs < 99_950_000) body = `${(abs / 1e6).toFixed(2)}M`;
  else if (abs < 999_500_000) body = `${(abs / 1e6).toFixed(0)}M`;
  else body = `${(abs / 1e9).toFixed(2)}B`;
  if (/^0(\.0+)?[kMB]?$/.test(body)) return '0';
  if (x < 0) return MINUS + body;
  return opts.signed ? `+${body}` : body;
}

/** "+5", "−10", "0" for axis labels in percent or points. */
export function formatSignedStep(x: number): string {
  const digits = Number.isInteger(x) ? 0 : Math.abs(x * 10 - Math.round(x * 10)) < 1e-9 ? 1 : 2;
  return formatNumber(x, digits, { signed: true });
}

/** Background and text colour of a cell on a diverging scale centred on zero. */
export interface HeatColour {
  readonly background: string;
  readonly color: string;
  /** 0 … 1: |value| / max |value| of the grid. */
  readonly intensity: number;
}

/**
 * Palettes: P&L (red losses, green gains) and Greeks (orange negative, blue positive; a sign, not a verdict). The
 * full-strength colours are dark enough that white text keeps a WCAG AA contrast (≥ 4.5) at every intensity.
 */
export const PALETTES = {
  pnl: { neg: [184, 58, 63], pos: [27, 125, 82] },
  greek: { neg: [168, 88, 31], pos: [47, 111, 184] },
} as const;

/** The panel colour cells are blended over (var(--panel)). */
const PANEL_RGB = [16, 22, 31] as const;

/**
 * Diverging colour: the panel colour at 0, the palette's colour at full strength for |value| = maxAbs, linear in
 * |value| / maxAbs (from 10 % of the way so a small non-zero cell is still tinted). Opaque, so the contrast of the
 * text is known.
 */
export function heatColour(value: number, maxAbs: number, palette: keyof typeof PALETTES = 'pnl'): HeatColour {
  if (!Number.isFinite(value) || value === 0 || !(maxAbs > 0)) return { background: 'transparent', color: 'var(--text)', intensity: 0 };
  const t = Math.min(1, Math.abs(value) / maxAbs);
  const full = value < 0 ? PALETTES[palette].neg : PALETTES[palette].pos;
  const w = 0.1 + 0.9 * t;
  const [r, g, b] = full.map((c, i) => Math.round(PANEL_RGB[i]! + w * (c - PANEL_RGB[i]!)));
  return { background: `rgb(${r}, ${g}, ${b})`, color: t > 0.5 ? '#ffffff' : '#f1f5fa', intensity: t };
}

/** WCAG relative luminance of an sRGB colour (0–255 channels). */
export function luminance(rgb: readonly number[]): number {
  const lin = rgb.map((c) => {
    const x = c / 255;
    return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * lin[0]! + 0.7152 * lin[1]! + 0.0722 * lin[2]!;
}

/** WCAG contrast ratio of two colours. */
export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Largest |x| over finite values (0 when none). */
export function maxAbsOf(values: Iterable<number>): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/** Index of the value nearest to `x` (first on ties), or -1 for an empty list or a non-finite x. */
export function nearestIndex(values: readonly number[], x: number): number {
  if (!Number.isFinite(x)) return -1;
  let best = -1;
  let bestDist = Infinity;
  values.forEach((v, i) => {
    const d = Math.abs(v - x);
    if (d < bestDist - 1e-12) {
      best = i;
      bestDist = d;
    }
  });
  return best;
}

/** Axis tick text: compact figures without a trailing ".0" ("60k", "1.5M", "−250k"). */
export function formatAxis(x: number): string {
  return formatCompact(x).replace(/\.0(?=[kMB]?$)/, '');
}

/** A round step (1, 2, 2.5, 5 × 10^k) near `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}

/** Round ticks covering [min, max] with about `count` intervals; the domain is the outer ticks. */
export function niceTicks(min: number, max: number, count = 6): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 1] };
  if (max - min < 1e-12) {
    const pad = Math.abs(max) > 0 ? Math.abs(max) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  const step = niceStep((max - min) / count);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step * 1e-6; t += step) ticks.push(Math.round(t / step) * step);
  return { domain: [lo, hi], ticks };
}

/**
 * Domains and round ticks for two y axes whose zeros sit at the same height (P&L bars and a Greek line): each axis
 * gets the same fraction of its height above zero.
 */
export function alignedZeroAxes(
  a: readonly number[],
  b: readonly number[],
  count = 6,
): { a: { domain: [number, number]; ticks: number[] }; b: { domain: [number, number]; ticks: number[] } } {
  const span = (xs: readonly number[]) => {
    const f = xs.filter(Number.isFinite);
    return { pos: Math.max(0, ...f), neg: Math.max(0, ...f.map((x) => -x)) };
  };
  const sa = span(a);
  const sb = span(b);
  const frac = (s: { pos: number; neg: number }) => (s.pos + s.neg > 0 ? s.pos / (s.pos + s.neg) : 0.5);
  // Share of the height above zero: enough for both axes' positive and negative parts.
  const fa = frac(sa);
  const fb = frac(sb);
  const f = Math.min(0.9, Math.max(0.1, (fa + fb) / 2));
  const axis = (s: { pos: number; neg: number }) => {
    const total = Math.max(s.pos / f, s.neg / (1 - f), 1e-9);
    const step = niceStep(total / count);
    const up = Math.max(1, Math.ceil((f * total) / step - 1e-9));
    const down = Math.max(1, Math.ceil(((1 - f) * total) / step - 1e-9));
    // Same number of steps above and below zero on both axes keeps the zero lines level.
    return { step, up, down };
  };
  const xa = axis(sa);
  const xb = axis(sb);
  const up = Math.max(xa.up, xb.up);
  const down = Math.max(xa.down, xb.down);
  const build = (step: number) => ({
    domain: [-down * step, up * step] as [number, number],
    ticks: Array.from({ length: up + down + 1 }, (_, i) => Math.round((i - down) * step * 1e6) / 1e6),
  });
  return { a: build(xa.step), b: build(xb.step) };
}
