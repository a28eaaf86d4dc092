export * from './instrument.ts';
export * from './position.ts';
export * from './market.ts';
export * from './scenario.ts';
export * from './results.ts';
