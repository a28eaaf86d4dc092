/**
 * Order statistics without a full sort: the k smallest values of a sample, ordered by (value, index), and single
 * order statistics (quantiles) — what the VaR quantile rule and a robust histogram range need from millions of
 * Monte Carlo paths.
 *
 * `smallestK` returns exactly the first k entries of the stable index sort by (value ascending, index ascending),
 * the order `tailMeasure` has always used (ties, −0/+0 and ±Infinity compare as that sort's comparator
 * `a − b || i − j` does), in O(n + k log k) instead of O(n log n): a quickselect on a copy of the values finds the
 * k-th smallest value t, every index with a value below t is taken, then indices with value t in ascending order
 * until k, and only those k are sorted. A sample containing NaN (no total order) falls back to the index sort.
 *
 * Verified by: select.test.ts (equal to the index sort on random samples with ties, signed zeros and infinities,
 * for every k; quantiles equal the sorted sample's entries).
 */

/** Below this size (or for k above n/4) sorting every index is as fast and simpler. */
const SORT_BELOW = 4096;

function sortedIndices(values: ArrayLike<number>, n: number): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => values[a]! - values[b]! || a - b);
  return idx;
}

function hasNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) return true;
  return false;
}

/**
 * Rearrange `a` so that a[r] is the value of rank r (0-based) in ascending order, smaller-or-equal values before
 * it and greater-or-equal after (Hoare partition, median-of-three pivot; a sort of the range when the partitioning
 * degenerates). NaN-free input.
 */
export function selectInPlace(a: Float64Array, r: number, from = 0, to = a.length - 1): number {
  let lo = from;
  let hi = to;
  let budget = 2 * Math.ceil(Math.log2(Math.max(2, to - from + 1))) + 8;
  while (hi > lo) {
    if (--budget < 0) {
      const part = a.subarray(lo, hi + 1).sort();
      return part[r - lo]!;
    }
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot value.
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (r <= j) hi = j;
    else if (r >= i) lo = i;
    else return a[r]!;
  }
  return a[r]!;
}

/** The value of rank r (0-based, ascending) of `values` (not modified). */
export function orderStatistic(values: ArrayLike<number>, r: number): number {
  const a = Float64Array.from(values as ArrayLike<number>);
  return selectInPlace(a, Math.min(a.length - 1, Math.max(0, Math.floor(r))));
}

/**
 * Indices of the k smallest values ordered by (value, index): the first k of the stable ascending index sort.
 * @param values the sample (not modified)
 * @param k 0 … n
 */
export function smallestK(values: ArrayLike<number>, k: number): Int32Array {
  const n = values.length;
  const kk = Math.max(0, Math.min(n, Math.floor(k)));
  if (kk === 0) return new Int32Array(0);
  if (n < SORT_BELOW || kk > n / 4 || hasNaN(values)) return sortedIndices(values, n).slice(0, kk);
  const copy = Float64Array.from(values as ArrayLike<number>);
  const t = selectInPlace(copy, kk - 1);
  const out = new Int32Array(kk);
  let m = 0;
  for (let i = 0; i < n; i++) if (values[i]! < t) out[m++] = i;
  for (let i = 0; i < n && m < kk; i++) if (values[i] === t) out[m++] = i;
  out.sort((a, b) => values[a]! - values[b]! || a - b);
  return out;
}
