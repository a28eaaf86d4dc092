/**
 * Worker API of issue 5: VaR/ES, component VaR, backtest. Plain functions of structured-clone data; each takes `BookInputs` and
 * reuses the cached market model and resolved/compiled book (bookCache.ts). Merged into riskApi.
 */
export const varApi = {};
