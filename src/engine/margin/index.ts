/** Margin: Deribit portfolio margin (PME), standard margin and a SPAN-style model, and their parameters. */
export * from './params.ts';
export * from './revalue.ts';
export * from './pme.ts';
export * from './standard.ts';
export * from './span.ts';
