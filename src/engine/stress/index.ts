/** Stress tests: scenario library (data), custom scenarios, and the stress revaluation. */
export * from './scenarios.ts';
export * from './runStress.ts';
