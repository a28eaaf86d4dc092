/**
 * Seeded random numbers for Monte Carlo VaR: reproducible, splittable by path.
 *
 * Generator: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 47
 * (2021); period 2^128 − 1; passes BigCrush), 32-bit arithmetic via Math.imul, so it gives the same stream in every
 * JavaScript engine.
 *
 * Splitting: every Monte Carlo path p has its own stream, seeded from (seed, p) alone, so a path's draws do not
 * depend on which worker or chunk computes it (`pathStream`). The 128-bit state is
 *   (fmix32(seedLo ⊕ K0), fmix32(seedHi ⊕ K1), fmix32(pathLo ⊕ K2), fmix32(pathHi ⊕ K3)),
 * fmix32 the MurmurHash3 finaliser (a bijection of 32-bit words), seedLo/seedHi the low 32 and the high 21 bits of
 * |seed| (|seed| ≤ 2^53 − 1) with bit 21 of seedHi set for a negative seed, pathLo/pathHi likewise for the path.
 * The map (seed, path) → state is therefore injective over every safe integer seed, signed (−5 and 5 give
 * different paths; non-negative seeds keep the streams they always had), and distinct paths never share a stream;
 * the first 16 outputs are discarded so that neighbouring paths' states, which differ in one word, are fully mixed
 * before use.
 *
 * Uniforms: 53-bit doubles in [0, 1) from two outputs (the top 27 and 26 bits). Normals: Marsaglia's polar method
 * (exact, no trig; the second variate of each pair is kept for the next call). Gamma(α): Marsaglia & Tsang (ACM TOMS
 * 26 (2000)), with the U^{1/α} boost for α < 1; χ²(ν) = 2·Gamma(ν/2).
 *
 * Verified by: rng.test.ts (outputs of the authors' reference next() compiled with gcc from two states; streams
 * depend on (seed, path) only; negative seeds differ from their absolute values and from each other; moments of
 * the uniform, normal, gamma and χ² draws).
 */

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix of a 32-bit word. */
export function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const TWO_32 = 4294967296;
const TWO_53 = 9007199254740992;

/** xoshiro128** generator with normal, gamma and χ² helpers. */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Spare normal variate of Marsaglia's polar pair, NaN when none. */
  private spare = NaN;

  /** Start from an explicit 128-bit state (four 32-bit words, not all zero). */
  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** Next 32-bit output (unsigned). */
  nextUint32(): number {
    const s1 = this.s1;
    // result = rotl(s1 · 5, 7) · 9 (mod 2^32)
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = ((this.s3 << 11) | (this.s3 >>> 21)) >>> 0;
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / TWO_53;
  }

  /** Standard normal variate (Marsaglia polar method). */
  nextNormal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    for (;;) {
      const u = 2 * this.nextDouble() - 1;
      const v = 2 * this.nextDouble() - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      this.spare = v * f;
      return u * f;
    }
  }

  /** Gamma(shape, 1) variate, shape > 0 (Marsaglia–Tsang). */
  nextGamma(shape: number): number {
    if (shape < 1) {
      // Gamma(α) = Gamma(α + 1) · U^{1/α}.
      const g = this.nextGamma(shape + 1);
      let u = this.nextDouble();
      while (u === 0) u = this.nextDouble();
      return g * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.nextNormal();
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = this.nextDouble();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** χ²(ν) variate, ν > 0. */
  nextChiSquare(dof: number): number {
    return 2 * this.nextGamma(dof / 2);
  }
}

/** Bit 21 of the high word: above the 21 high bits of a safe integer's magnitude, so it can carry the sign. */
const SIGN_BIT = 0x200000;

/**
 * Split a safe integer into two 32-bit words, injectively: the low 32 bits of |x|, and its high 21 bits with bit 21
 * set when x < 0. Non-negative x keep the words they had before the sign was encoded.
 */
export function seedWords(x: number): [number, number] {
  const v = Math.abs(x);
  const hi = Math.floor(v / TWO_32);
  return [v >>> 0, (x < 0 ? hi + SIGN_BIT : hi) >>> 0];
}

/**
 * The random stream of Monte Carlo path `path` under `seed` (see the module header): the same draws whichever
 * chunk or worker computes the path.
 * @param seed a safe integer (|seed| ≤ 2^53 − 1), either sign: every seed has its own streams
 * @param path path index (integer ≥ 0)
 * @throws RangeError when seed or path is not a safe integer (a fraction or 1e20 would silently alias another seed)
 */
export function pathStream(seed: number, path: number): Xoshiro128 {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`Monte Carlo seed must be a whole number with |seed| ≤ 2^53 − 1 (got ${seed})`);
  if (!Number.isSafeInteger(path) || path < 0) throw new RangeError(`Monte Carlo path index must be a whole number ≥ 0 (got ${path})`);
  const [s0, s1] = streamSeedWords(seed);
  const [s2, s3] = streamPathWords(path);
  const rng = new Xoshiro128(s0, s1, s2, s3);
  for (let i = 0; i < STREAM_DISCARD; i++) rng.nextUint32();
  return rng;
}

/** Outputs discarded after seeding a path's stream (module header). */
export const STREAM_DISCARD = 16;

/**
 * The first two words of every path's starting state under `seed`: (fmix32(seedLo ⊕ K0), fmix32(seedHi ⊕ K1)).
 * Exported so the WebGPU generator receives exactly these words from this function (it never re-derives them).
 */
export function streamSeedWords(seed: number): [number, number] {
  const [seedLo, seedHi] = seedWords(seed);
  return [fmix32(seedLo ^ 0x9e3779b9), fmix32(seedHi ^ 0x85ebca6b)];
}

/** The last two words of path `path`'s starting state: (fmix32(pathLo ⊕ K2), fmix32(pathHi ⊕ K3)). */
export function streamPathWords(path: number): [number, number] {
  const [pathLo, pathHi] = seedWords(path);
  return [fmix32(pathLo ^ 0xc2b2ae35), fmix32(pathHi ^ 0x27d4eb2f)];
}
