/**
 * Worker API of issue 7: hedge suggestions and delta-hedge simulation. Plain functions of structured-clone data; each takes `BookInputs` and
 * reuses the cached market model and resolved/compiled book (bookCache.ts). Merged into riskApi.
 */
export const hedgeApi = {};
