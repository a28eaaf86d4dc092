/**
 * The engine version a statement names: the package version (kept equal to package.json by version.test.ts). A
 * verifier on another version still recomputes the margin; when its figures differ it says the versions differ.
 */
export const ENGINE_VERSION = 'riskdeck 0.1.0';
