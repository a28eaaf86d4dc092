/**
 * Worker-side caches: the built market model per (snapshot, overrides) key, and the resolved and compiled book per
 * (book, market) key. A what-if step changes only the scenario, so every view reuses both and only reprices.
 * The keys come from the main thread (object identities of immutable store values, see state/riskRunner.ts);
 * without a key the value is rebuilt each call. Two entries each cover switching back and forth; the caches are
 * per worker, so a respawned worker simply rebuilds.
 */
import {
  buildMarketModel,
  compileBook,
  createResolutionCache,
  resolveBookIncremental,
  type CompiledBook,
  type MarketModel,
  type ResolutionCache,
  type ResolvedBook,
} from '../engine/index.ts';
import type { MarketSnapshot } from '../domain/market.ts';
import type { Portfolio } from '../domain/position.ts';
import { applyMarketOverrides, type MarketOverridesInput } from './marketOverrides.ts';

const CACHE_SIZE = 2;

function lru<V>() {
  const map = new Map<string, V>();
  return {
    get(key: string | undefined, make: () => V): V {
      if (key === undefined) return make();
      const hit = map.get(key);
      if (hit !== undefined) {
        map.delete(key);
        map.set(key, hit);
        return hit;
      }
      const v = make();
      map.set(key, v);
      while (map.size > CACHE_SIZE) map.delete(map.keys().next().value as string);
      return v;
    },
  };
}

const models = lru<MarketModel>();
const books = lru<{ resolved: ResolvedBook; compiled: CompiledBook | null }>();
/** Per-position resolutions per market model: an edited book re-resolves only its changed positions. */
const resolutions = new WeakMap<MarketModel, ResolutionCache>();
function resolutionCacheFor(model: MarketModel): ResolutionCache {
  let c = resolutions.get(model);
  if (!c) {
    c = createResolutionCache(model);
    resolutions.set(model, c);
  }
  return c;
}

/** The market model for a snapshot with hand overrides applied. */
export function marketModelFor(market: MarketSnapshot, overrides: MarketOverridesInput | null, marketKey: string | undefined): MarketModel {
  return models.get(marketKey, () => buildMarketModel(applyMarketOverrides(market, overrides)));
}

/** Everything a computation needs about the book in one market. */
export interface BookContext {
  readonly model: MarketModel;
  readonly resolved: ResolvedBook;
  /** Compiled (netted, struct-of-arrays) book, built on first use. */
  compiled(): CompiledBook;
}

/** Inputs every feature API receives from the main thread. */
export interface BookInputs {
  readonly portfolio: Portfolio;
  readonly market: MarketSnapshot;
  readonly overrides: MarketOverridesInput | null;
  /** Identity of (market, overrides); omit to rebuild. */
  readonly marketKey?: string;
  /** Identity of the book; omit to rebuild. */
  readonly bookKey?: string;
}

export function bookContext(inputs: BookInputs): BookContext {
  const model = marketModelFor(inputs.market, inputs.overrides, inputs.marketKey);
  const key = inputs.bookKey !== undefined && inputs.marketKey !== undefined ? `${inputs.bookKey}|${inputs.marketKey}` : undefined;
  const entry = books.get(key, () => ({ resolved: resolveBookIncremental(inputs.portfolio, resolutionCacheFor(model)), compiled: null }));
  return {
    model,
    resolved: entry.resolved,
    compiled() {
      entry.compiled ??= compileBook(entry.resolved, model);
      return entry.compiled;
    },
  };
}
