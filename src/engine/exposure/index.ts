/** Exposure: cross-margin and liquidation distance, counterparty, operational risk, obligations and limits. */
export * from './rootFind.ts';
export * from './liquidation.ts';
export * from './counterparty.ts';
export * from './operational.ts';
export * from './obligations.ts';
export * from './limits.ts';
export * from './realizedVol.ts';
