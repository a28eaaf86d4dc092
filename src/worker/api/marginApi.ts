/**
 * Worker API of issue 6: stress, margin, cross-margin, counterparty, operational, obligations, limits. Plain functions of structured-clone data; each takes `BookInputs` and
 * reuses the cached market model and resolved/compiled book (bookCache.ts). Merged into riskApi.
 */
export const marginApi = {};
