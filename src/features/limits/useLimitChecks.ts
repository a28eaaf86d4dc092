/**
 * The limit checks of the current book, shared by every view that marks a figure (summary cards and Greeks table,
 * margin usage, venue shares) and the Limits tab: one worker request (`analysisLimits`, slot `limits`) answers
 * them all. Views that only mark figures pass `always = false`, so nothing runs until a limit is set.
 */
import { useMemo } from 'react';
import type { LimitCheck } from '../../engine/index.ts';
import { useAppStore } from '../../state/hooks.ts';
import { dataUrl, useAnalysisQuery } from '../margin/analysisQuery.ts';
import { hasLimits, markFor } from './limitsModel.ts';

export function useLimitChecks(always = false) {
  const limits = useAppStore((s) => s.analysis.limits);
  const pmeOverride = useAppStore((s) => s.analysis.pmeParamsOverride);
  const any = hasLimits(limits);
  const query = useAnalysisQuery('limits', 'analysisLimits', always || any ? { dataUrl: dataUrl(), pmeOverride, limits } : null);
  const checks = useMemo(
    () => new Map<string, LimitCheck>(any && query.data ? query.data.result.checks.map((c) => [c.key, c]) : []),
    [any, query.data],
  );
  return { query, checks, limits };
}

/** Marks for figures: `mark(key)` is null for a figure within its limit (or without one). */
export function useLimitMarks() {
  const { checks, limits } = useLimitChecks(false);
  const warnAt = limits.warnAt;
  return useMemo(() => ({ mark: (key: string) => markFor(checks, key, warnAt) }), [checks, warnAt]);
}
