/**
 * Worker API of issue 4: risk views (heatmaps, ladders, spot ladder, payoff, vol surface). Plain functions of structured-clone data; each takes `BookInputs` and
 * reuses the cached market model and resolved/compiled book (bookCache.ts). Merged into riskApi.
 */
export const viewsApi = {};
