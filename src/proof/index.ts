/**
 * Portfolio-margin proofs and private share links: pure TypeScript on WebCrypto, the same code in the page's
 * worker, on its main thread and in the CLI (docs/FORMATS.md "Portfolio-margin proofs", "Share links").
 */
export * from './formats.ts';
export * from './commitment.ts';
export * from './figures.ts';
export * from './keys.ts';
export * from './prove.ts';
export * from './inclusion.ts';
export * from './verify.ts';
export { ENGINE_VERSION } from './version.ts';
